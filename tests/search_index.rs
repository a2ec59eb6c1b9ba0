//! The search index checked directly, without a browser: the query set of
//! tests/search/queries.toml over the search fixture site, and random
//! substrings of the example site, each compared with a brute-force
//! oracle that applies the matching rule to every document.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gongshi::index::normalize::{normalize, query_terms};
use gongshi::index::query::Reader;
use support::*;

/// Builds a site and returns its output files by path.
fn built_files(site: &Path) -> BTreeMap<String, Vec<u8>> {
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let outcome = build(site, &public);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    read_tree(&public).into_iter().collect()
}

/// Every document of the index: URL and normalised fields, read back from
/// the result files the index wrote.
fn documents(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, Vec<Vec<char>>)> {
    let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
    let count = meta["docs"].as_u64().unwrap() as usize;
    (0..count)
        .map(|doc| {
            let file: serde_json::Value =
                serde_json::from_slice(&files[&format!("search/d/{}/{doc}.json", doc / 1000)])
                    .unwrap();
            let fields = file["f"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| normalize(f.as_str().unwrap()))
                .collect();
            (file["u"].as_str().unwrap().to_string(), fields)
        })
        .collect()
}

fn contains(haystack: &[char], needle: &[char]) -> bool {
    needle.len() <= haystack.len()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// The matching rule, applied by brute force.
fn oracle(docs: &[(String, Vec<Vec<char>>)], query: &str) -> BTreeSet<String> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return BTreeSet::new();
    }
    docs.iter()
        .filter(|(_, fields)| {
            terms
                .iter()
                .all(|term| fields.iter().any(|field| contains(field, term)))
        })
        .map(|(url, _)| url.clone())
        .collect()
}

fn run_query(files: &BTreeMap<String, Vec<u8>>, query: &str) -> Vec<String> {
    let mut reader = Reader::open(|path: &str| files.get(path).cloned()).expect("index opens");
    let hits = reader.search(query);
    hits.iter()
        .map(|hit| reader.url(hit.doc).expect("result file"))
        .collect()
}

#[test]
fn query_set_matches_expectations_and_oracle() {
    let queries_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/queries.toml");
    let text = std::fs::read_to_string(&queries_path).expect("tests/search/queries.toml");
    let table: toml::Table = toml::from_str(&text).expect("queries.toml parses");
    let queries = table["query"].as_array().expect("[[query]] entries");
    assert!(
        queries.len() >= 25,
        "query set too small: {}",
        queries.len()
    );

    let site = copy_fixture("search");
    let files = built_files(site.path());
    let docs = documents(&files);
    let mut failures = Vec::new();
    for query in queries {
        let q = query["q"].as_str().unwrap();
        let expected: BTreeSet<String> = query["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let found: BTreeSet<String> = run_query(&files, q).into_iter().collect();
        let truth = oracle(&docs, q);
        if truth != expected {
            failures.push(format!(
                "{q:?}: queries.toml expects {expected:?}, the matching rule gives {truth:?}"
            ));
        }
        if found != truth {
            failures.push(format!(
                "{q:?}: index finds {found:?}, the matching rule gives {truth:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A small deterministic generator, so the sample is the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

#[test]
fn random_substrings_match_oracle() {
    let files = built_files(Path::new(env!("CARGO_MANIFEST_DIR")));
    let docs = documents(&files);
    let mut random = Lcg(20_241_204);
    let mut failures = Vec::new();
    for round in 0..400 {
        let term_count = 1 + random.next(3);
        let mut terms = Vec::new();
        for _ in 0..term_count {
            let (_, fields) = &docs[random.next(docs.len())];
            let field = &fields[random.next(4)];
            if field.is_empty() {
                continue;
            }
            let length = 1 + random.next(6.min(field.len()));
            let start = random.next(field.len() - length + 1);
            terms.push(field[start..start + length].iter().collect::<String>());
        }
        // Every fifth query gets a term that exists in no document.
        if round % 5 == 0 {
            terms.push("鑫淼".to_string());
        }
        let query = terms.join(" ");
        let found: BTreeSet<String> = run_query(&files, &query).into_iter().collect();
        let truth = oracle(&docs, &query);
        if found != truth {
            failures.push(format!(
                "{query:?}: index {} results, rule {}",
                found.len(),
                truth.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ranking_prefers_adjacent_then_title_then_newer() {
    let files = built_files(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut reader = Reader::open(|path: &str| files.get(path).cloned()).unwrap();
    let hits = reader.search("政务 诚信");
    assert!(hits.len() > 3);
    for pair in hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            (a.adjacent, a.field_score, std::cmp::Reverse(a.doc))
                >= (b.adjacent, b.field_score, std::cmp::Reverse(b.doc)),
            "{a:?} ranked before {b:?}"
        );
    }
    assert!(
        hits[0].adjacent == 1,
        "政务 诚信 appear side by side somewhere"
    );
}

#[test]
fn withheld_records_not_in_index() {
    let site = copy_fixture("minimal");
    copy_dir(&fixture_path("publication"), site.path());
    let files = built_files(site.path());
    for marker in ["标记甲", "标记乙", "标记丙", "标记丁", "标记戊"] {
        assert!(run_query(&files, marker).is_empty(), "{marker} is findable");
        let normalized: String = normalize(marker).into_iter().collect();
        for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("search/")) {
            assert!(
                !String::from_utf8_lossy(bytes).contains(&normalized),
                "{marker} in {path}"
            );
        }
    }
    // The pair 标记 is in withheld records only, so it must not be indexed at all.
    assert!(run_query(&files, "标记").is_empty());
}
