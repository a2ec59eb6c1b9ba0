//! Index stage: writes the Chinese full-text search index under `search/`
//! from the published view, beside the pages the render stage makes.
//! docs/ARCHITECTURE.md describes the matching rule and the file formats.
//!
//! Why not an existing engine: word-based engines split Chinese queries
//! differently from the indexer and miss sub-words (发改 in 县发改局) and
//! phrases. This index stores every character and every adjacent pair with
//! positions, so any substring of two or more characters is found exactly.

pub mod documents;
pub mod encode;
pub mod normalize;
pub mod postings;
pub mod query;

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::publish::Published;
use crate::render::{Contents, Dependency, OutputFile, PageSink};
use documents::{KINDS, STATUSES, SearchDoc};
use encode::{content_hash, gram_hash, write_varint};
use postings::Gram;

/// Format version written to meta.json; the client refuses other versions.
pub const FORMAT_VERSION: u32 = 2;

/// Documents per facet file. A search fetches only the facet files whose
/// range contains one of its results.
pub const FACET_CHUNK: usize = 4096;

/// The client opens its filter panel on wide screens, and so fetches facet
/// files with the first search, only when all facet files together are at
/// most this size. Above it (about 20,000 documents) the panel starts
/// folded and facets load when a reader opens it, so that a first search
/// on a large portal downloads only what its results need.
const FACETS_OPEN_MAX_BYTES: usize = 192 * 1024;

/// Buckets of the traditional → simplified table: a character's bucket is
/// its code point mod this, so a query fetches only its characters' buckets.
pub const T2S_BUCKETS: u32 = 32;

/// A shard aims at this many bytes, so that a query downloads little more
/// than the grams it needs. Estimate, to be tuned by the benchmark.
const SHARD_TARGET_BYTES: usize = 8 * 1024;

/// Posting lists longer than this are split into part files by document
/// range, so a query fetches only the parts that hold its candidates.
pub const PART_LIMIT_BYTES: usize = 16 * 1024;

const MAX_SHARDS: usize = 1 << 16;

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    docs: usize,
    shards: usize,
    /// Facet files, one per [`FACET_CHUNK`] documents, in document order.
    facets: Vec<String>,
    facet_chunk: usize,
    /// Whether the client opens its filter panel by default on wide screens.
    facets_open: bool,
    /// Bucket files of the t2s table, indexed by code point mod the count.
    t2s: Vec<String>,
    /// Average size in bytes of a result file, for the client's choice
    /// between confirming candidates by part files or by result files.
    doc_bytes: usize,
    kinds: Vec<[&'a str; 2]>,
    categories: Vec<String>,
    statuses: Vec<[&'a str; 2]>,
    units: Vec<[String; 2]>,
}

/// Builds every file of the search index, sorted by path.
pub fn build(published: &Published<'_>) -> Vec<OutputFile> {
    let files = Mutex::new(Vec::new());
    write_streamed(prepare(published), &|file| {
        files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(file);
    });
    let mut files = files.into_inner().unwrap_or_else(PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The input of the index: the documents and the labels of their
/// facets. It borrows nothing from the published view, so the caller can
/// free the site before the posting lists take their memory.
pub struct Prepared {
    docs: Vec<SearchDoc>,
    categories: Vec<String>,
    units: Vec<(String, String)>,
}

/// Collects the documents of the index from the published view.
pub fn prepare(published: &Published<'_>) -> Prepared {
    let (categories, units) = facet_labels(published);
    Prepared {
        docs: documents::collect(published),
        categories,
        units,
    }
}

/// Makes every file of the search index from the documents and hands
/// each to `sink` as soon as it is made. The text of the documents is
/// freed as it is indexed, so it shrinks while the posting lists grow.
/// Each shard's lists are freed once the shard is encoded.
pub fn write_streamed(prepared: Prepared, sink: PageSink) {
    let Prepared {
        mut docs,
        categories,
        units,
    } = prepared;
    let deps = vec![
        Dependency::Config,
        Dependency::Kind("commitments"),
        Dependency::Kind("disclosures"),
        Dependency::Kind("criticisms"),
        Dependency::Kind("evaluations"),
        Dependency::Kind("units"),
    ];
    let file = |path: String, bytes: Vec<u8>| OutputFile {
        path,
        contents: Contents::Bytes(bytes),
        deps: deps.clone(),
    };

    // The result files and facets come first: they need the documents'
    // text and facts, and the posting lists below free the text.
    let result_bytes: usize = docs
        .par_iter()
        .enumerate()
        .map(|(number, doc)| {
            let bytes = serde_json::to_vec(&doc.file()).unwrap_or_default();
            let size = bytes.len();
            sink(file(
                format!("search/d/{}/{number}.json", number / 1000),
                bytes,
            ));
            size
        })
        .sum();
    let doc_bytes = result_bytes / docs.len().max(1);

    let mut facet_names = Vec::new();
    let mut facet_bytes = 0;
    for chunk in docs.chunks(FACET_CHUNK) {
        let bytes = encode_facets(chunk, &categories, &units);
        facet_bytes += bytes.len();
        let name = format!("facets-{}.bin", content_hash(&bytes));
        sink(file(format!("search/{name}"), bytes));
        facet_names.push(name);
    }
    let mut t2s_names = Vec::new();
    for bucket in normalize::t2s_buckets(T2S_BUCKETS) {
        let bytes = serde_json::to_vec(&bucket).unwrap_or_default();
        let name = format!("t2s-{}.json", content_hash(&bytes));
        sink(file(format!("search/{name}"), bytes));
        t2s_names.push(name);
    }

    // Each chunk of documents is normalised (four bytes a character) only
    // when its entries are made, and its text is freed then.
    let doc_count = docs.len();
    let normalized_chunks = docs.chunks_mut(postings::CHUNK).map(|chunk| {
        let normalized = chunk
            .par_iter()
            .map(|doc| {
                doc.fields
                    .each_ref()
                    .map(|field| normalize::normalize(field))
            })
            .collect();
        for doc in chunk.iter_mut() {
            doc.fields = Default::default();
        }
        normalized
    });
    let postings = postings::build(normalized_chunks);
    drop(docs);

    let total: usize = postings
        .values()
        .map(|p| p.bytes.len().min(PART_LIMIT_BYTES))
        .sum();
    let shard_count = (total / SHARD_TARGET_BYTES)
        .max(1)
        .next_power_of_two()
        .min(MAX_SHARDS);

    // The lists move into their shards, and each shard's lists are freed
    // once the shard is encoded.
    let mut shards: Vec<Vec<(Gram, postings::GramPostings)>> =
        (0..shard_count).map(|_| Vec::new()).collect();
    for (gram, list) in postings {
        let shard = gram_hash(&gram.chars()) as usize % shard_count;
        shards[shard].push((gram, list));
    }
    shards
        .into_par_iter()
        .enumerate()
        .for_each(|(index, mut grams)| {
            grams.sort_by_key(|(gram, _)| *gram);
            for (path, bytes) in encode_shard(index, &grams) {
                sink(file(path, bytes));
            }
        });

    let meta = Meta {
        format: FORMAT_VERSION,
        docs: doc_count,
        shards: shard_count,
        facets: facet_names,
        facet_chunk: FACET_CHUNK,
        facets_open: facet_bytes <= FACETS_OPEN_MAX_BYTES,
        t2s: t2s_names,
        doc_bytes,
        kinds: KINDS.iter().map(|(key, label)| [*key, *label]).collect(),
        categories,
        statuses: STATUSES.iter().map(|(key, label)| [*key, *label]).collect(),
        units: units.into_iter().map(|(id, name)| [id, name]).collect(),
    };
    sink(file(
        "search/meta.json".into(),
        serde_json::to_vec(&meta).unwrap_or_default(),
    ));
}

/// Encodes one shard file and the part files of its long lists.
fn encode_shard(index: usize, grams: &[(Gram, postings::GramPostings)]) -> Vec<(String, Vec<u8>)> {
    let mut out = b"GSS1".to_vec();
    let mut files = Vec::new();
    write_varint(&mut out, grams.len() as u64);
    for (position, (gram, list)) in grams.iter().enumerate() {
        let chars = gram.chars();
        write_varint(&mut out, chars.len() as u64);
        for c in &chars {
            write_varint(&mut out, u64::from(*c as u32));
        }
        write_varint(&mut out, u64::from(list.doc_count));
        if list.bytes.len() <= PART_LIMIT_BYTES {
            out.push(0);
            write_varint(&mut out, list.bytes.len() as u64);
            out.extend_from_slice(&list.bytes);
            continue;
        }
        out.push(1);
        let parts = postings::split_parts(&list.bytes, chars.len() == 2, PART_LIMIT_BYTES);
        write_varint(&mut out, parts.len() as u64);
        for (part, (first, last, bytes)) in parts.into_iter().enumerate() {
            write_varint(&mut out, u64::from(first));
            write_varint(&mut out, u64::from(last));
            write_varint(&mut out, bytes.len() as u64);
            files.push((format!("search/g/{index}/{position}-{part}.bin"), bytes));
        }
    }
    files.push((format!("search/s/{index}.bin"), out));
    files
}

/// Category names (every configured list, in order, without repeats) and
/// units (id, display name), sorted by id.
fn facet_labels(published: &Published<'_>) -> (Vec<String>, Vec<(String, String)>) {
    let lists = &published.site.config.lists;
    let mut categories: Vec<String> = Vec::new();
    for name in lists
        .commitment_categories
        .iter()
        .chain(&lists.disclosure_categories)
        .chain(&lists.criticism_categories)
    {
        if !categories.contains(name) {
            categories.push(name.clone());
        }
    }
    let units = published
        .units
        .iter()
        .map(|u| (u.id.clone(), u.display_name().to_string()))
        .collect();
    (categories, units)
}

fn encode_facets(docs: &[SearchDoc], categories: &[String], units: &[(String, String)]) -> Vec<u8> {
    let unit_index: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    let epoch = jiff::civil::Date::constant(1970, 1, 1);
    let mut out = b"GSF1".to_vec();
    for doc in docs {
        let days = doc
            .date
            .and_then(|d| (d - epoch).get_days().try_into().ok())
            .unwrap_or(0u64);
        write_varint(&mut out, days);
        out.push(doc.kind as u8);
        let category = doc
            .category
            .as_ref()
            .and_then(|c| categories.iter().position(|x| x == c))
            .map_or(0, |i| i + 1);
        write_varint(&mut out, category as u64);
        write_varint(&mut out, doc.statuses.len() as u64);
        for status in &doc.statuses {
            let index = STATUSES
                .iter()
                .position(|(key, _)| key == status)
                .unwrap_or(0);
            write_varint(&mut out, index as u64);
        }
        let indices: Vec<usize> = doc
            .units
            .iter()
            .filter_map(|id| unit_index.get(id.as_str()).copied())
            .collect();
        write_varint(&mut out, indices.len() as u64);
        for index in indices {
            write_varint(&mut out, index as u64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn facet_days_since_epoch() {
        let epoch = jiff::civil::Date::constant(1970, 1, 1);
        let date = jiff::civil::Date::constant(2024, 7, 29);
        assert_eq!((date - epoch).get_days(), 19_933);
    }
}
