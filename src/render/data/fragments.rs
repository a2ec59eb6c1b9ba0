//! Record datasets made from one piece per record: the record's element
//! of the JSON file and its rows of each CSV table.
//!
//! A full build makes the pieces a batch of records at a time and appends
//! them to the files, so only one batch of records' data is in memory
//! beside the files. `gongshi serve` keeps the pieces. A rebuild makes
//! those of the records inside its scope again and joins them with the
//! kept pieces of the others. So saving one record of a kind with
//! thousands costs one record, not the whole kind.
//!
//! The joined files are byte for byte those serde_json prints from all
//! records at once (the tests below and tests/incremental.rs check it).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::tables::{FieldDoc, Table};
use super::{Collection, DataCache, Dataset, Single, json, record_json_path};
use crate::model::Meta;
use crate::render::env::{Env, JOB_BATCH};
use crate::render::{Contents, Dependency, OutputFile, PageSink};

/// One record's part of a dataset's files.
pub struct Piece {
    /// The record's element of `items`, indented to its depth there.
    json: Vec<u8>,
    /// The record's rows of each table, in the order of the tables.
    rows: Vec<Vec<u8>>,
}

/// The pieces of each dataset, by the output path of the record's own
/// JSON file.
pub type Pieces = HashMap<String, Arc<Piece>>;

/// Builds the dataset of one record kind for a full build, a batch of
/// records at a time. With a `sink`, each record's own JSON file goes to
/// it as soon as it is made, and the dataset lists its path in `sent`.
pub fn record_dataset_batched<R: Sync, D: Serialize + Send>(
    env: &Env,
    (name, title): (&'static str, &'static str),
    records: &[&R],
    make: PieceMaker<'_, R, D>,
    sink: Option<PageSink>,
) -> Dataset {
    let (tables, json_only) = (make.tables)(&[]);
    let headers = header_lengths(&tables);
    let mut joined = Joined::new(env, title, records.len(), tables);
    let mut singles = Vec::new();
    let mut sent = Vec::new();
    for batch in records.chunks(JOB_BATCH) {
        // With a sink, a record's own file is written here, in parallel.
        // Its path is kept for the check of unique paths.
        let pieces: Vec<(Piece, Option<OutputFile>, Option<String>)> = batch
            .par_iter()
            .map(|record| {
                let (_, piece, single) = make.piece(env, title, record, &headers);
                match (sink, single) {
                    (Some(sink), Some(single)) => {
                        let path = single.path.clone();
                        sink(single);
                        (piece, None, Some(path))
                    }
                    (_, single) => (piece, single, None),
                }
            })
            .collect();
        for (piece, single, sent_path) in pieces {
            joined.add(&piece);
            singles.extend(single);
            sent.extend(sent_path);
        }
    }
    joined.into_dataset((name, title), json_only, singles, sent)
}

/// The functions that turn a record into its dataset piece: its data,
/// its meta and the units its data names, and the tables of some data.
pub struct PieceMaker<'f, R, D> {
    pub data: &'f (dyn Fn(&Env, &R) -> D + Sync),
    pub named: &'f (dyn Fn(&R) -> (&Meta, Vec<String>) + Sync),
    pub tables: &'f TablesOf<'f, D>,
}

/// Makes the CSV tables of some records' data and lists the keys no
/// column shows.
pub type TablesOf<'f, D> = dyn Fn(&[D]) -> (Vec<Table>, Vec<FieldDoc>) + Sync + 'f;

impl<R, D: Serialize> PieceMaker<'_, R, D> {
    /// Makes a record's piece and, when the build wants it, its own JSON
    /// file. Returns the output path of that file first.
    /// `headers` gives the length of each table's header line.
    fn piece(
        &self,
        env: &Env,
        title: &str,
        record: &R,
        headers: &[usize],
    ) -> (String, Piece, Option<OutputFile>) {
        let (meta, units) = (self.named)(record);
        let path = record_json_path(&meta.url_path);
        let item = (self.data)(env, record);
        let (item_tables, _) = (self.tables)(std::slice::from_ref(&item));
        let piece = Piece {
            json: indent(&serde_json::to_vec_pretty(&item).unwrap_or_default()),
            rows: item_tables
                .iter()
                .zip(headers)
                .map(|(table, &header)| table.csv[header.min(table.csv.len())..].to_vec())
                .collect(),
        };
        let single = env.wants(&path).then(|| {
            let mut deps = vec![Dependency::Config, Dependency::Record(meta.id.clone())];
            deps.extend(units.into_iter().map(Dependency::Unit));
            deps.sort();
            deps.dedup();
            OutputFile {
                path: path.clone(),
                contents: Contents::Bytes(json(&single(env, title, &item))),
                deps,
            }
        });
        (path, piece, single)
    }
}

/// Builds the dataset of one record kind for `gongshi serve`, like
/// [`record_dataset_batched`]. A record whose own JSON file the rebuild
/// does not make again keeps its piece, because that file and the piece
/// show the same data.
pub fn record_dataset_cached<R: Sync, D: Serialize + Send>(
    env: &Env,
    cache: &DataCache,
    (name, title): (&'static str, &'static str),
    records: &[&R],
    make: PieceMaker<'_, R, D>,
) -> Dataset {
    let previous = cache.take_pieces(name);
    let (tables, json_only) = (make.tables)(&[]);
    let headers = header_lengths(&tables);
    let pieces_made: Vec<(String, Arc<Piece>, Option<OutputFile>)> = records
        .par_iter()
        .map(|record| {
            let (meta, _) = (make.named)(record);
            let path = record_json_path(&meta.url_path);
            if !env.wants(&path)
                && let Some(piece) = previous.get(&path)
            {
                return (path, Arc::clone(piece), None);
            }
            let (path, piece, single) = make.piece(env, title, record, &headers);
            (path, Arc::new(piece), single)
        })
        .collect();

    let mut joined = Joined::new(env, title, pieces_made.len(), tables);
    for (_, piece, _) in &pieces_made {
        joined.add(piece);
    }
    let mut singles = Vec::new();
    let mut pieces = Pieces::with_capacity(pieces_made.len());
    for (path, piece, single) in pieces_made {
        singles.extend(single);
        pieces.insert(path, piece);
    }
    cache.put_pieces(name, pieces);
    joined.into_dataset((name, title), json_only, singles, Vec::new())
}

/// A dataset's JSON file and CSV tables, joined a piece at a time.
struct Joined {
    json: JsonJoiner,
    tables: Vec<Table>,
}

impl Joined {
    /// Starts the files of a dataset of `count` records from the tables'
    /// headers.
    fn new(env: &Env, title: &str, count: usize, tables: Vec<Table>) -> Self {
        Joined {
            json: JsonJoiner::new(head(env, title, count)),
            tables,
        }
    }

    fn add(&mut self, piece: &Piece) {
        self.json.push(&piece.json);
        for (table, rows) in self.tables.iter_mut().zip(&piece.rows) {
            table.csv.extend_from_slice(rows);
        }
    }

    fn into_dataset(
        mut self,
        (name, title): (&'static str, &'static str),
        json_only: Vec<FieldDoc>,
        singles: Vec<OutputFile>,
        sent: Vec<String>,
    ) -> Dataset {
        for table in &mut self.tables {
            table.csv_size = table.csv.len();
        }
        let count = self.json.items;
        let json = self.json.finish();
        Dataset {
            name,
            title,
            count,
            json_size: json.len(),
            json,
            tables: self.tables,
            json_only,
            singles,
            sent,
        }
    }
}

/// Returns the length of each table's header: the table of no record.
fn header_lengths(tables: &[Table]) -> Vec<usize> {
    tables.iter().map(|table| table.csv.len()).collect()
}

/// Prints a dataset's JSON file with no item, for [`JsonJoiner`].
fn head(env: &Env, title: &str, count: usize) -> Vec<u8> {
    json(&Collection::<()> {
        title,
        site: &env.published.site.config.title,
        as_of: crate::render::format::date(env.as_of()),
        count,
        items: &[],
    })
}

fn single<'a, D>(env: &'a Env, title: &'a str, item: &'a D) -> Single<'a, D> {
    Single {
        title,
        site: &env.published.site.config.title,
        as_of: crate::render::format::date(env.as_of()),
        item,
    }
}

/// The depth of an element of `items` in a dataset's JSON file, in the
/// two spaces serde_json's pretty printer indents each level by.
const ITEM_INDENT: &[u8] = b"    ";

/// Indents a value printed on its own to its depth inside `items`. Every
/// line break of pretty-printed JSON is between tokens, since strings
/// escape theirs, so each line but the first moves right by one depth.
fn indent(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + value.len() / 16);
    for (index, line) in value.split(|&byte| byte == b'\n').enumerate() {
        if index > 0 {
            out.push(b'\n');
            out.extend_from_slice(ITEM_INDENT);
        }
        out.extend_from_slice(line);
    }
    out
}

/// Puts elements into the `items` of a dataset's JSON file printed with
/// no item, as they come, the way serde_json prints the whole file.
struct JsonJoiner {
    out: Vec<u8>,
    items: usize,
}

/// The end of the JSON file of a dataset with no item.
const EMPTY_ITEMS: &[u8] = b"[]\n}\n";

impl JsonJoiner {
    fn new(head: Vec<u8>) -> Self {
        JsonJoiner {
            out: head,
            items: 0,
        }
    }

    fn push(&mut self, item: &[u8]) {
        if self.items == 0 {
            // Every head ends with EMPTY_ITEMS, because `Collection` puts
            // `items` last.
            let Some(open) = self.out.len().checked_sub(EMPTY_ITEMS.len()) else {
                return;
            };
            if !self.out.ends_with(EMPTY_ITEMS) {
                return;
            }
            self.out.truncate(open);
            self.out.push(b'[');
        } else {
            self.out.push(b',');
        }
        self.out.push(b'\n');
        self.out.extend_from_slice(ITEM_INDENT);
        self.out.extend_from_slice(item);
        self.items += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        if self.items > 0 {
            self.out.extend_from_slice(b"\n  ]\n}\n");
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        id: String,
        tags: Vec<String>,
        empty: Vec<u8>,
        nested: Option<Box<Item>>,
    }

    fn item(id: &str, nested: bool) -> Item {
        Item {
            id: id.to_string(),
            tags: vec!["甲\n乙".to_string(), "\"引号\"".to_string()],
            empty: Vec::new(),
            nested: nested.then(|| Box::new(item("内", false))),
        }
    }

    fn joined(items: &[Item]) -> Vec<u8> {
        let head = json(&Collection::<Item> {
            title: "公开承诺",
            site: "站点",
            as_of: "2024-12-01".to_string(),
            count: items.len(),
            items: &[],
        });
        let mut joined = JsonJoiner::new(head);
        for item in items {
            joined.push(&indent(&serde_json::to_vec_pretty(item).unwrap()));
        }
        joined.finish()
    }

    fn whole(items: &[Item]) -> Vec<u8> {
        json(&Collection {
            title: "公开承诺",
            site: "站点",
            as_of: "2024-12-01".to_string(),
            count: items.len(),
            items,
        })
    }

    #[test]
    fn joined_pieces_equal_the_whole_file() {
        for items in [
            vec![],
            vec![item("一", false)],
            vec![item("一", true), item("二", false), item("三", true)],
        ] {
            assert_eq!(
                String::from_utf8(joined(&items)).unwrap(),
                String::from_utf8(whole(&items)).unwrap()
            );
        }
    }
}
