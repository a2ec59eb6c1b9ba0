//! Open data (开放数据): every published record of every kind and every
//! unit as JSON and as CSV under `data/`, one JSON file per record and per
//! unit, and the data page (`data/`) with the data dictionary.
//!
//! All of it is made from [`Published`](crate::model::publish::Published),
//! like the pages, so a withheld record is in no file. Files are written
//! in the order of the published lists, so the same content and as-of
//! date give the same bytes.
//!
//! Layout: `values`, `records` and `units` turn the model into
//! serializable values. `tables` fills the CSV columns and documents them,
//! `csv` writes CSV and `page` renders the data page.

mod csv;
mod fragments;
mod page;
mod records;
mod tables;
mod units;
mod values;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use super::env::Env;
use super::{Contents, Dependency, OutputFile};
use crate::model::{Meta, UnitOrName};
pub use page::job as page_job;
pub use tables::{FieldDoc, Table};

/// The JSON file and the CSV tables of one kind of data.
pub struct Dataset {
    /// Name of the JSON file under data/ without extension: `commitments`.
    pub name: &'static str,
    pub title: &'static str,
    /// Number of records or units in the JSON file.
    pub count: usize,
    /// The JSON file; empty in a summary kept between rebuilds.
    pub json: Vec<u8>,
    /// The size of the JSON file in bytes.
    pub json_size: usize,
    /// The main table first.
    pub tables: Vec<Table>,
    /// Keys of a JSON record that no CSV column shows.
    pub json_only: Vec<FieldDoc>,
    /// One JSON file per record or unit.
    pub singles: Vec<OutputFile>,
    /// The paths of the per-record JSON files already handed to the page
    /// sink, which are not in `singles`.
    pub sent: Vec<String>,
}

/// The contents of every open data file, made once per build.
pub struct OpenData {
    pub datasets: Vec<Dataset>,
    /// For each dataset, whether [`files`] leaves its files out, because
    /// they are the previous build's (the dataset came from the
    /// [`DataCache`] unchanged) or were already handed to the page sink.
    pub left_out: Vec<bool>,
    /// The paths of the files already handed to the page sink.
    pub sent: Vec<String>,
}

/// A JSON file of a whole dataset.
#[derive(Serialize)]
struct Collection<'a, T> {
    /// The dataset's name: 公开承诺 …
    title: &'a str,
    /// The site's title.
    site: &'a str,
    as_of: String,
    count: usize,
    items: &'a [T],
}

/// A JSON file of one record or unit. `item` equals its element in the
/// dataset's `items`.
#[derive(Serialize)]
struct Single<'a, T> {
    title: &'a str,
    site: &'a str,
    as_of: String,
    item: &'a T,
}

/// Returns the output path of a record's own JSON file: its URL path
/// under data/, `data/commitments/2024/first.json`.
pub fn record_json_path(url_path: &str) -> String {
    format!("data/{}.json", url_path.trim_end_matches('/'))
}

pub fn unit_json_path(id: &str) -> String {
    format!("data/units/{id}.json")
}

/// Serializes a value as indented JSON, so that a reader can open the
/// file in a text editor.
fn json<T: Serialize>(value: &T) -> Vec<u8> {
    // serde_json fails only on map keys that are not strings and on
    // serializers that return errors, and these structs have neither.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Datasets kept between the rebuilds of `gongshi serve`, by name.
#[derive(Default)]
pub struct DataCache {
    /// Summaries: what the data page shows, without the files' contents.
    datasets: Mutex<BTreeMap<&'static str, Dataset>>,
    /// Each record kind's dataset in pieces, one per record.
    pieces: Mutex<BTreeMap<&'static str, fragments::Pieces>>,
}

impl DataCache {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<&'static str, Dataset>> {
        self.datasets.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn take_pieces(&self, name: &'static str) -> fragments::Pieces {
        let mut pieces = self.pieces.lock().unwrap_or_else(PoisonError::into_inner);
        pieces.remove(name).unwrap_or_default()
    }

    fn put_pieces(&self, name: &'static str, kept: fragments::Pieces) {
        let mut pieces = self.pieces.lock().unwrap_or_else(PoisonError::into_inner);
        pieces.insert(name, kept);
    }
}

/// Builds every dataset from the published view.
///
/// An incremental rebuild makes only the JSON files of the records inside
/// its scope, and the previous build's other per-record files stay. When
/// no output path can appear or go, a dataset none of whose records
/// changed is taken from the cache: its files stay as they were, and the
/// data page still finds their sizes.
///
/// With a `sink`, each dataset's files go to it as soon as the dataset is
/// made, and only its summary stays, so that a large site's data files
/// are not all in memory at once.
pub fn collect(env: &Env, sink: Option<super::PageSink>) -> OpenData {
    let published = env.published;
    let mut open_data = OpenData {
        datasets: Vec::new(),
        left_out: Vec::new(),
        sent: Vec::new(),
    };
    let cache = env.data_cache();
    let deps = file_deps(env);
    let mut add = |name: &'static str, unchanged: bool, make: &dyn Fn() -> Dataset| {
        let kept = cache
            .filter(|_| unchanged)
            .and_then(|cache| cache.lock().get(name).map(Dataset::summary));
        let reused = kept.is_some();
        let dataset = kept.unwrap_or_else(make);
        if let Some(cache) = cache.filter(|_| !reused) {
            cache.lock().insert(name, dataset.summary());
        }
        if let Some(sink) = sink.filter(|_| !reused) {
            open_data.datasets.push(dataset.summary());
            open_data.left_out.push(true);
            open_data.sent.extend_from_slice(&dataset.sent);
            for file in dataset_files(dataset, &deps) {
                open_data.sent.push(file.path.clone());
                sink(file);
            }
            return;
        }
        open_data.datasets.push(dataset);
        open_data.left_out.push(reused);
    };

    // Unit data counts records, which only an edit that may add, remove
    // or move a record changes.
    add("units", env.paths_kept(), &|| {
        let units: Vec<_> = published
            .units
            .iter()
            .map(|u| units::unit(env, u))
            .collect();
        let unit_singles = units
            .iter()
            .map(|unit| {
                // A unit's data counts and lists the records that name it.
                let mut deps = vec![Dependency::Config, Dependency::Unit(unit.id.clone())];
                deps.extend(
                    super::env::KINDS
                        .iter()
                        .map(|(kind, _)| Dependency::Kind(kind)),
                );
                (unit_json_path(&unit.id), unit, deps)
            })
            .collect();
        let (unit_tables, unit_keys) = tables::unit_tables(&units);
        dataset(
            env,
            ("units", "单位"),
            &units,
            unit_singles,
            (unit_tables, unit_keys),
        )
    });
    let unchanged = |kind| env.paths_kept() && !env.records_changed_in(kind);
    add("commitments", unchanged("commitments"), &|| {
        record_dataset(
            env,
            ("commitments", "公开承诺"),
            &published.commitments,
            records::commitment,
            |c| (&c.meta, c.units.clone()),
            tables::commitment_tables,
            sink,
        )
    });
    add("disclosures", unchanged("disclosures"), &|| {
        record_dataset(
            env,
            ("disclosures", "政务公开"),
            &published.disclosures,
            records::disclosure,
            |d| (&d.meta, d.units.clone()),
            tables::disclosure_tables,
            sink,
        )
    });
    add("criticisms", unchanged("criticisms"), &|| {
        record_dataset(
            env,
            ("criticisms", "通报批评"),
            &published.criticisms,
            records::criticism,
            |c| (&c.meta, with_body(c.units.clone(), &c.issuer)),
            tables::criticism_tables,
            sink,
        )
    });
    add("evaluations", unchanged("evaluations"), &|| {
        record_dataset(
            env,
            ("evaluations", "评价结果"),
            &published.evaluations,
            records::evaluation,
            |e| {
                let units = e.results.iter().map(|r| r.unit.clone()).collect();
                (&e.meta, with_body(units, &e.evaluator))
            },
            tables::evaluation_tables,
            sink,
        )
    });
    open_data
}

/// Adds an issuer or evaluator to the units a record names, when it is a unit.
fn with_body(mut units: Vec<String>, body: &UnitOrName) -> Vec<String> {
    if let UnitOrName::Unit(id) = body {
        units.push(id.clone());
    }
    units
}

/// Builds the dataset of one record kind. `named` gives a record's meta
/// and the units whose names its data shows, which its own JSON file
/// depends on. With a `sink`, the records' own JSON files go to it.
fn record_dataset<R: Sync, D: Serialize + Send>(
    env: &Env,
    names: (&'static str, &'static str),
    records: &[&R],
    data: impl Fn(&Env, &R) -> D + Sync,
    named: impl Fn(&R) -> (&Meta, Vec<String>) + Sync,
    tables: impl Fn(&[D]) -> (Vec<Table>, Vec<FieldDoc>) + Sync,
    sink: Option<super::PageSink>,
) -> Dataset {
    let make = fragments::PieceMaker {
        data: &data,
        named: &named,
        tables: &tables,
    };
    match env.data_cache() {
        Some(cache) => fragments::record_dataset_cached(env, cache, names, records, make),
        None => fragments::record_dataset_batched(env, names, records, make, sink),
    }
}

fn dataset<T: Serialize>(
    env: &Env,
    (name, title): (&'static str, &'static str),
    items: &[T],
    singles: Vec<(String, &T, Vec<Dependency>)>,
    (tables, json_only): (Vec<Table>, Vec<FieldDoc>),
) -> Dataset {
    let config = &env.published.site.config;
    let as_of = super::format::date(env.as_of());
    let collection = Collection {
        title,
        site: &config.title,
        as_of: as_of.clone(),
        count: items.len(),
        items,
    };
    let singles = singles
        .into_iter()
        .filter(|(path, _, _)| env.wants(path))
        .map(|(path, item, deps)| OutputFile {
            path,
            contents: Contents::Bytes(json(&Single {
                title,
                site: &config.title,
                as_of: as_of.clone(),
                item,
            })),
            deps,
        })
        .collect();
    let json = json(&collection);
    Dataset {
        name,
        title,
        count: items.len(),
        json_size: json.len(),
        json,
        tables,
        json_only,
        singles,
        sent: Vec::new(),
    }
}

impl Dataset {
    /// Returns what the data page shows of the dataset, without the
    /// contents of its files, to keep between rebuilds.
    fn summary(&self) -> Dataset {
        Dataset {
            name: self.name,
            title: self.title,
            count: self.count,
            json: Vec::new(),
            json_size: self.json_size,
            tables: self
                .tables
                .iter()
                .map(|table| Table {
                    file: table.file.clone(),
                    row_meaning: table.row_meaning,
                    columns: table.columns.clone(),
                    csv: Vec::new(),
                    csv_size: table.csv_size,
                })
                .collect(),
            json_only: self.json_only.clone(),
            singles: Vec::new(),
            sent: Vec::new(),
        }
    }
}

/// Lists every file under data/ but the data page: the datasets' JSON and
/// CSV files and the per-record JSON files.
pub fn files(open_data: OpenData, env: &Env) -> Vec<OutputFile> {
    let deps = file_deps(env);
    let listed = open_data
        .datasets
        .into_iter()
        .zip(open_data.left_out)
        .filter(|(_, left_out)| !*left_out);
    listed
        .flat_map(|(dataset, _)| dataset_files(dataset, &deps))
        .collect()
}

/// Returns the dependencies of a dataset's JSON and CSV files: every
/// record of every kind and every unit.
fn file_deps(env: &Env) -> Vec<Dependency> {
    let mut deps = vec![Dependency::Config];
    deps.extend(
        super::env::KINDS
            .iter()
            .map(|(kind, _)| Dependency::Kind(kind)),
    );
    deps.extend(
        env.published
            .units
            .iter()
            .map(|unit| Dependency::Unit(unit.id.clone())),
    );
    deps
}

/// Turns a dataset into its files: the JSON file, the CSV tables and the
/// per-record JSON files.
fn dataset_files(dataset: Dataset, deps: &[Dependency]) -> Vec<OutputFile> {
    let mut files = vec![OutputFile {
        path: format!("data/{}.json", dataset.name),
        contents: Contents::Bytes(dataset.json),
        deps: deps.to_vec(),
    }];
    for table in dataset.tables {
        files.push(OutputFile {
            path: format!("data/{}", table.file),
            contents: Contents::Bytes(table.csv),
            deps: deps.to_vec(),
        });
    }
    files.extend(dataset.singles);
    files
}
