//! The datasets of `gongshi serve`, made from one piece per record: the
//! record's element of the JSON file and its rows of each CSV table. A
//! rebuild makes the pieces of the records inside its scope again and
//! joins them with the kept pieces of the others, so saving one record
//! of a kind with thousands costs one record, not the whole kind.
//!
//! The joined files are byte for byte those [`super::record_dataset`]
//! makes from all records at once (the tests below and
//! tests/incremental.rs check it).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::tables::{FieldDoc, Table};
use super::{Collection, DataCache, Dataset, Single, json, record_json_path};
use crate::model::Meta;
use crate::render::env::Env;
use crate::render::{Contents, Dependency, OutputFile};

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

/// Builds the dataset of one record kind like [`super::record_dataset`].
/// A record whose own JSON file the rebuild does not make again keeps
/// its piece, because that file and the piece show the same data.
#[allow(clippy::too_many_arguments)]
pub fn record_dataset<R: Sync, D: Serialize + Send>(
    env: &Env,
    cache: &DataCache,
    (name, title): (&'static str, &'static str),
    records: &[&R],
    data: impl Fn(&Env, &R) -> D + Sync,
    named: impl Fn(&R) -> (&Meta, Vec<String>) + Sync,
    tables: impl Fn(&[D]) -> (Vec<Table>, Vec<FieldDoc>) + Sync,
) -> Dataset {
    let previous = cache.take_pieces(name);
    // The header of each table: what a table of no record holds.
    let (empty_tables, json_only) = tables(&[]);
    let pieces_made: Vec<(String, Arc<Piece>, Option<OutputFile>)> = records
        .par_iter()
        .map(|record| {
            let (meta, units) = named(record);
            let path = record_json_path(&meta.url_path);
            if !env.wants(&path)
                && let Some(piece) = previous.get(&path)
            {
                return (path, Arc::clone(piece), None);
            }
            let item = data(env, record);
            let (item_tables, _) = tables(std::slice::from_ref(&item));
            let piece = Piece {
                json: indent(&serde_json::to_vec_pretty(&item).unwrap_or_default()),
                rows: item_tables
                    .iter()
                    .zip(&empty_tables)
                    .map(|(table, empty)| {
                        table.csv[empty.csv.len().min(table.csv.len())..].to_vec()
                    })
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
            (path, Arc::new(piece), single)
        })
        .collect();

    let config = &env.published.site.config;
    let head = json(&Collection::<D> {
        title,
        site: &config.title,
        as_of: crate::render::format::date(env.as_of()),
        count: pieces_made.len(),
        items: &[],
    });
    let json = join_items(
        head,
        pieces_made
            .iter()
            .map(|(_, piece, _)| piece.json.as_slice()),
    );
    let tables = empty_tables
        .into_iter()
        .enumerate()
        .map(|(index, mut table)| {
            for (_, piece, _) in &pieces_made {
                if let Some(rows) = piece.rows.get(index) {
                    table.csv.extend_from_slice(rows);
                }
            }
            table.csv_size = table.csv.len();
            table
        })
        .collect();
    let mut singles = Vec::new();
    let mut pieces = Pieces::with_capacity(pieces_made.len());
    for (path, piece, single) in pieces_made {
        singles.extend(single);
        pieces.insert(path, piece);
    }
    cache.put_pieces(name, pieces);
    Dataset {
        name,
        title,
        count: records.len(),
        json_size: json.len(),
        json,
        tables,
        json_only,
        singles,
    }
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

/// Puts the elements into the `items` of `head`, a dataset's JSON file
/// printed with no item, as serde_json prints the whole file.
fn join_items<'a>(head: Vec<u8>, items: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    const EMPTY: &[u8] = b"[]\n}\n";
    let mut items = items.peekable();
    if items.peek().is_none() || !head.ends_with(EMPTY) {
        return head;
    }
    let mut out = head[..head.len() - EMPTY.len()].to_vec();
    out.push(b'[');
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.push(b'\n');
        out.extend_from_slice(ITEM_INDENT);
        out.extend_from_slice(item);
    }
    out.extend_from_slice(b"\n  ]\n}\n");
    out
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
        let pieces: Vec<Vec<u8>> = items
            .iter()
            .map(|item| indent(&serde_json::to_vec_pretty(item).unwrap()))
            .collect();
        join_items(head, pieces.iter().map(Vec::as_slice))
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
