//! A site larger than one batch of work: the renderer makes page jobs
//! 1,024 at a time, and the open data sets and the search index are made
//! and handed on in parts.
//!
//! Each way of running the pipeline must give the same files: writing
//! them as they are made, counting them for `gongshi check`, returning
//! them in memory. Every record must appear in its dataset once, as in
//! its own JSON file.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use gongshi::build::BuildOutcome;

use support::*;

/// Records per kind: more than two batches of 1,024, with a last one
/// part full.
const RECORDS: usize = 2_100;

fn large_site() -> tempfile::TempDir {
    let site = copy_fixture("minimal");
    for n in 0..RECORDS {
        let date = format!("2024-{:02}-{:02}", n % 12 + 1, n % 28 + 1);
        write(
            site.path(),
            &format!("content/commitments/gen/c{n:04}.md"),
            format!(
                "+++\ntitle = \"第{n}号承诺\"\ndate = {date}\nunits = [\"fgj\"]\ncategory = \"服务承诺\"\ndeadline = 2024-12-31\n+++\n按期办结第{n}号事项。\n"
            ),
        );
        write(
            site.path(),
            &format!("content/disclosures/gen/d{n:04}.md"),
            format!(
                "+++\ntitle = \"第{n}号公开\"\ndate = {date}\nunits = [\"zhushan\"]\ncategory = \"政策文件\"\n+++\n公开第{n}号文件。\n"
            ),
        );
    }
    site
}

/// A large site, its output's parent folder, the output folder and the
/// outcome of building it there.
struct Built {
    site: tempfile::TempDir,
    /// Kept so that the output folder lives as long as the struct.
    _parent: tempfile::TempDir,
    public: PathBuf,
    outcome: BuildOutcome,
}

fn built_large_site() -> Built {
    let site = large_site();
    let parent = tempfile::tempdir().expect("temp dir");
    let public = parent.path().join("public");
    let outcome = build(site.path(), &public);
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    Built {
        site,
        _parent: parent,
        public,
        outcome,
    }
}

#[test]
fn written_counted_and_returned_files_agree() {
    let built = built_large_site();
    let written: BTreeMap<String, Vec<u8>> = read_tree(&built.public).into_iter().collect();

    let (outcome, generated) = gongshi::build::generate(&options(built.site.path()));
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    let generated = generated.expect("generated files");
    let returned: BTreeMap<String, Vec<u8>> = generated
        .files
        .iter()
        .map(|file| {
            let bytes = match &file.contents {
                gongshi::render::Contents::Bytes(bytes) => bytes.clone(),
                gongshi::render::Contents::CopyFrom(path) => {
                    fs::read(generated.site_dir.join(path)).expect("read attachment")
                }
            };
            (file.path.clone(), bytes)
        })
        .collect();

    // The marker of a finished build is only in the written folder.
    let written_paths: Vec<&String> = written
        .keys()
        .filter(|path| !path.starts_with(".gongshi"))
        .collect();
    let returned_paths: Vec<&String> = returned.keys().collect();
    assert_eq!(written_paths, returned_paths);
    for (path, bytes) in &returned {
        assert!(written[path] == *bytes, "{path} differs");
    }

    let checked = check(built.site.path());
    assert!(!checked.failed(), "{:?}", checked.diagnostics);
    assert_eq!(checked.files_written, returned.len());
    assert_eq!(built.outcome.files_written, returned.len());
}

#[test]
fn dataset_lists_each_record_once() {
    let built = built_large_site();
    let public = &built.public;

    for kind in ["commitments", "disclosures"] {
        let text = fs::read_to_string(public.join(format!("data/{kind}.json"))).expect("dataset");
        let dataset: serde_json::Value = serde_json::from_str(&text).expect("dataset JSON");
        let items = dataset["items"].as_array().expect("items");
        // The generated records and the fixture's one record of the kind.
        assert_eq!(items.len(), RECORDS + 1, "{kind}");
        assert_eq!(dataset["count"], RECORDS + 1, "{kind}");

        // Each record's own file contains the same item as the dataset.
        let mut own_items = BTreeMap::new();
        for entry in walkdir::WalkDir::new(public.join("data").join(kind)) {
            let entry = entry.expect("walk data folder");
            if !entry.file_type().is_file() {
                continue;
            }
            let own = fs::read_to_string(entry.path()).expect("own JSON file");
            let own: serde_json::Value = serde_json::from_str(&own).expect("own JSON");
            let url = own["item"]["url"].as_str().expect("url").to_string();
            own_items.insert(url, own["item"].clone());
        }
        assert_eq!(own_items.len(), RECORDS + 1, "{kind}: own files");
        let mut urls: Vec<&str> = Vec::new();
        for item in items {
            let url = item["url"].as_str().expect("url");
            assert_eq!(own_items.get(url), Some(item), "{kind}: {url}");
            urls.push(url);
        }
        urls.sort_unstable();
        urls.dedup();
        assert_eq!(urls.len(), RECORDS + 1, "{kind}: a record listed twice");

        let csv = fs::read_to_string(public.join(format!("data/{kind}.csv"))).expect("CSV");
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        assert_eq!(reader.records().count(), RECORDS + 1, "{kind}.csv rows");
    }

    let meta = fs::read_to_string(public.join("search/meta.json")).expect("search meta");
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta JSON");
    let docs = meta["docs"].as_u64().expect("docs") as usize;
    assert!(docs > 2 * RECORDS, "search documents: {docs}");
    for number in [0, docs / 2, docs - 1] {
        let path = public.join(format!("search/d/{}/{number}.json", number / 1000));
        assert!(path.is_file(), "{} missing", path.display());
    }
}
