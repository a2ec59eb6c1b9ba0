//! Open data and Atom feeds of the search fixture, checked against
//! expectations computed here from the fixture's own files: the
//! publication rules, overdue states, ranks, grades and unit counts are
//! worked out again in this file, independently of gongshi's model. The
//! CSV files are read with the `csv` crate and the feeds with
//! `atom_syndication`, not with gongshi's writers.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use support::*;

const BASE_URL: &str = "https://www.example.gov.cn/zwcx/";
const BASE_PATH: &str = "/zwcx/";
const BOM: &[u8] = b"\xef\xbb\xbf";

// ---------------------------------------------------------------------------
// The fixture, read independently
// ---------------------------------------------------------------------------

/// One content file of the fixture: its id (path under content/ without
/// extension) and its keys.
struct Source {
    id: String,
    keys: toml::Table,
}

/// Formats a TOML string or date as text: `2024-07-29` for a date.
fn toml_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Datetime(date) => date.to_string(),
        other => panic!("{other:?} is not text or a date"),
    }
}

impl Source {
    fn text(&self, key: &str) -> Option<String> {
        self.keys.get(key).map(toml_text)
    }

    fn date(&self) -> String {
        self.text("date").expect("every record has a date")
    }

    fn flag(&self, key: &str) -> bool {
        self.keys.get(key).and_then(toml::Value::as_bool) == Some(true)
    }

    /// `units` as a list, whether written as a string or an array.
    fn units(&self) -> Vec<String> {
        match self.keys.get("units") {
            Some(toml::Value::String(id)) => vec![id.clone()],
            Some(toml::Value::Array(ids)) => ids
                .iter()
                .map(|id| id.as_str().expect("unit ids are strings").to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn table(&self, key: &str) -> Option<&toml::Table> {
        self.keys.get(key).and_then(toml::Value::as_table)
    }
}

/// Reads every record of a kind, or every unit, under `content/<folder>`.
fn read_sources(site: &Path, folder: &str) -> Vec<Source> {
    let root = site.join("content");
    let mut sources: Vec<Source> = walkdir::WalkDir::new(root.join(folder))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let path = entry.path();
            let extension = path.extension()?.to_str()?;
            let text = std::fs::read_to_string(path).expect("fixture file is UTF-8");
            let front = match extension {
                "toml" => text.clone(),
                "md" => text
                    .strip_prefix("+++\n")
                    .and_then(|rest| rest.split_once("\n+++"))
                    .map(|(front, _)| front.to_string())
                    .expect("front matter between +++ lines"),
                _ => return None,
            };
            let keys: toml::Table = toml::from_str(&front).expect("fixture TOML parses");
            let relative = path.strip_prefix(&root).expect("under content/");
            let id = relative
                .with_extension("")
                .to_str()
                .expect("UTF-8 path")
                .to_string();
            Some(Source { id, keys })
        })
        .collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    for source in &sources {
        assert!(
            source.keys.get("slug").is_none(),
            "{}: this test assumes URLs follow file paths",
            source.id
        );
    }
    sources
}

/// Adds months to a `YYYY-MM-DD` date, keeping the day: enough for the
/// fixture, whose criticisms are not dated on the 29th to the 31st.
fn add_months(date: &str, months: u32) -> String {
    let year: u32 = date[0..4].parse().unwrap();
    let month: u32 = date[5..7].parse().unwrap();
    let day = &date[8..10];
    assert!(day < "29", "add_months does not handle {date}");
    let total = year * 12 + (month - 1) + months;
    format!("{:04}-{:02}-{day}", total / 12, total % 12 + 1)
}

fn as_of() -> String {
    AS_OF.to_string()
}

/// Applies the publication rules (drafts, future dates, revoked, repaired
/// and expired criticisms) at the tests' as-of date, for a site without
/// `require_review` and with the default 36-month publication period.
fn is_published(kind: &str, source: &Source) -> bool {
    let as_of = as_of();
    if source.flag("draft") || source.date() > as_of {
        return false;
    }
    if kind != "criticisms" {
        return true;
    }
    if source.table("revoked").is_some() {
        return false;
    }
    let repaired = source
        .table("repair")
        .and_then(|repair| repair.get("date"))
        .is_some_and(|date| toml_text(date) <= as_of);
    let publish_until = source
        .text("publish_until")
        .unwrap_or_else(|| add_months(&source.date(), 36));
    !repaired && publish_until >= as_of
}

/// Published records of a kind, newest first (date, then id, descending).
fn published(site: &Path, kind: &str) -> Vec<Source> {
    let mut records: Vec<Source> = read_sources(site, kind)
        .into_iter()
        .filter(|source| is_published(kind, source))
        .collect();
    records.sort_by(|a, b| (b.date(), &b.id).cmp(&(a.date(), &a.id)));
    records
}

fn commitment_overdue(source: &Source) -> bool {
    let status = source.text("status").unwrap_or_else(|| "推进中".into());
    match source.text("deadline") {
        Some(deadline) if deadline != "持续实施" => deadline < as_of() && status != "已兑现",
        _ => false,
    }
}

fn criticism_overdue(source: &Source) -> bool {
    let rectified = source.text("rectification").as_deref() == Some("已整改");
    source
        .text("rectify_by")
        .is_some_and(|deadline| deadline < as_of() && !rectified)
}

// ---------------------------------------------------------------------------
// The built site
// ---------------------------------------------------------------------------

struct Built {
    site: tempfile::TempDir,
    _output: tempfile::TempDir,
    files: BTreeMap<String, Vec<u8>>,
}

fn build_search_fixture() -> Built {
    build_site(copy_fixture("search"))
}

fn build_site(site: tempfile::TempDir) -> Built {
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let outcome = build(site.path(), &public);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let files = read_tree(&public).into_iter().collect();
    Built {
        site,
        _output: output,
        files,
    }
}

impl Built {
    fn file(&self, path: &str) -> &[u8] {
        self.files
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not written"))
    }

    fn text(&self, path: &str) -> &str {
        std::str::from_utf8(self.file(path)).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
    }

    fn json(&self, path: &str) -> Value {
        serde_json::from_slice(self.file(path))
            .unwrap_or_else(|error| panic!("{path} is not valid JSON: {error}"))
    }

    /// Parses the rows of a CSV file into maps from header to cell.
    fn csv(&self, path: &str) -> Vec<BTreeMap<String, String>> {
        let bytes = self.file(path);
        let body = bytes
            .strip_prefix(BOM)
            .unwrap_or_else(|| panic!("{path} does not start with the UTF-8 BOM"));
        let mut reader = csv::Reader::from_reader(body);
        let header: Vec<String> = reader
            .headers()
            .unwrap_or_else(|error| panic!("{path}: header row does not parse: {error}"))
            .iter()
            .map(str::to_string)
            .collect();
        reader
            .records()
            .map(|record| {
                let record =
                    record.unwrap_or_else(|error| panic!("{path}: row does not parse: {error}"));
                header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_string))
                    .collect()
            })
            .collect()
    }

    fn feed(&self, path: &str) -> atom_syndication::Feed {
        self.text(path)
            .parse()
            .unwrap_or_else(|error| panic!("{path} is not a valid Atom feed: {error}"))
    }
}

fn column<'a>(rows: &'a [BTreeMap<String, String>], header: &str) -> Vec<&'a str> {
    rows.iter()
        .map(|row| {
            row.get(header)
                .unwrap_or_else(|| panic!("no column {header}"))
                .as_str()
        })
        .collect()
}

fn ids(records: &[Source]) -> Vec<String> {
    records.iter().map(|r| r.id.clone()).collect()
}

fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}

// ---------------------------------------------------------------------------
// CSV and JSON contents
// ---------------------------------------------------------------------------

#[test]
fn csv_files_have_bom_crlf_and_parse() {
    let built = build_search_fixture();
    let csv_files: Vec<&String> = built
        .files
        .keys()
        .filter(|path| path.starts_with("data/") && path.ends_with(".csv"))
        .collect();
    assert_eq!(
        csv_files,
        [
            "data/commitment-progress.csv",
            "data/commitments.csv",
            "data/criticisms.csv",
            "data/disclosures.csv",
            "data/evaluation-scores.csv",
            "data/evaluations.csv",
            "data/units.csv",
        ]
    );
    for path in csv_files {
        let text = built.text(path);
        assert!(text.starts_with('\u{feff}'), "{path} lacks the BOM");
        let header_line = text.split_inclusive('\n').next().unwrap_or("");
        assert!(
            header_line.ends_with("\r\n"),
            "{path}: header row does not end with CRLF"
        );
        // Parsing checks that every row has as many cells as the header.
        built.csv(path);
    }
}

#[test]
fn commitments_match_fixture() {
    let built = build_search_fixture();
    let expected = published(built.site.path(), "commitments");
    let rows = built.csv("data/commitments.csv");

    assert_eq!(column(&rows, "记录编号"), ids(&expected));
    let statuses: Vec<String> = expected
        .iter()
        .map(|c| c.text("status").unwrap_or_else(|| "推进中".into()))
        .collect();
    assert_eq!(column(&rows, "兑现状态"), statuses);
    let overdue: Vec<&str> = expected
        .iter()
        .map(|c| yes_no(commitment_overdue(c)))
        .collect();
    assert_eq!(column(&rows, "是否逾期"), overdue);
    let deadlines: Vec<String> = expected
        .iter()
        .map(|c| c.text("deadline").unwrap_or_default())
        .collect();
    assert_eq!(column(&rows, "兑现期限"), deadlines);
    let units: Vec<String> = expected.iter().map(|c| c.units().join("、")).collect();
    assert_eq!(column(&rows, "承诺单位编号"), units);
    let dates: Vec<String> = expected.iter().map(Source::date).collect();
    assert_eq!(column(&rows, "承诺日期"), dates);
    assert!(
        overdue.contains(&"是") && overdue.contains(&"否"),
        "the fixture should have overdue and timely commitments: {overdue:?}"
    );

    let json = built.json("data/commitments.json");
    assert_eq!(json["as_of"], as_of());
    assert_eq!(json["count"], expected.len());
    let items = json["items"].as_array().expect("items array");
    for (item, source) in items.iter().zip(&expected) {
        assert_eq!(item["id"], source.id);
        assert_eq!(item["overdue"], commitment_overdue(source), "{}", source.id);
        assert_eq!(item["url"], format!("{BASE_URL}{}/", source.id));
    }

    let progress = built.csv("data/commitment-progress.csv");
    let expected_progress: Vec<(String, String)> = expected
        .iter()
        .flat_map(|c| {
            let entries = c.keys.get("progress").and_then(toml::Value::as_array);
            entries
                .into_iter()
                .flatten()
                .map(|entry| (c.id.clone(), toml_text(&entry["date"])))
        })
        .collect();
    let actual_progress: Vec<(String, String)> = progress
        .iter()
        .map(|row| (row["记录编号"].clone(), row["进展日期"].clone()))
        .collect();
    assert_eq!(actual_progress, expected_progress);
}

#[test]
fn criticisms_match_fixture() {
    let built = build_search_fixture();
    let expected = published(built.site.path(), "criticisms");
    let units = read_sources(built.site.path(), "units");
    let rows = built.csv("data/criticisms.csv");

    assert_eq!(column(&rows, "记录编号"), ids(&expected));
    let overdue: Vec<&str> = expected
        .iter()
        .map(|c| yes_no(criticism_overdue(c)))
        .collect();
    assert_eq!(column(&rows, "是否逾期未整改"), overdue);
    let states: Vec<String> = expected
        .iter()
        .map(|c| c.text("rectification").unwrap_or_else(|| "整改中".into()))
        .collect();
    assert_eq!(column(&rows, "整改状态"), states);
    let until: Vec<String> = expected
        .iter()
        .map(|c| {
            c.text("publish_until")
                .unwrap_or_else(|| add_months(&c.date(), 36))
        })
        .collect();
    assert_eq!(column(&rows, "公示截止日期"), until);
    let issuers: Vec<String> = expected
        .iter()
        .map(|c| {
            let issuer = c.text("issuer").expect("issuer");
            units
                .iter()
                .find(|u| u.id == format!("units/{issuer}"))
                .map_or(issuer, |u| u.text("name").expect("unit name"))
        })
        .collect();
    assert_eq!(column(&rows, "通报机关"), issuers);
    assert!(
        overdue.contains(&"是"),
        "the fixture should have an overdue criticism"
    );
}

#[test]
fn disclosures_match_fixture() {
    let built = build_search_fixture();
    let expected = published(built.site.path(), "disclosures");
    let rows = built.csv("data/disclosures.csv");

    assert_eq!(column(&rows, "记录编号"), ids(&expected));
    let validity: Vec<String> = expected
        .iter()
        .map(|d| d.text("validity").unwrap_or_else(|| "有效".into()))
        .collect();
    assert_eq!(column(&rows, "有效性"), validity);
    let doc_nos: Vec<String> = expected
        .iter()
        .map(|d| d.text("doc_no").unwrap_or_default())
        .collect();
    assert_eq!(column(&rows, "文号"), doc_nos);
    let written: Vec<String> = expected
        .iter()
        .map(|d| d.text("written_date").unwrap_or_default())
        .collect();
    assert_eq!(column(&rows, "成文日期"), written);
}

/// Default grade bands, as the fixture's site.toml sets none.
fn band(score: f64) -> &'static str {
    match score {
        s if s >= 90.0 => "优秀",
        s if s >= 80.0 => "良好",
        s if s >= 60.0 => "合格",
        _ => "不合格",
    }
}

#[test]
fn evaluation_ranks_and_grades() {
    // The fixture's evaluation has no tie, so a second one adds ties, a
    // given grade and sub-scores.
    let site = copy_fixture("search");
    write(
        site.path(),
        "content/evaluations/2025/ties.toml",
        r#"title = "2024年度部门政务诚信评价结果"
date = 2025-04-01
period = "2024年度"
evaluator = "xyb"

[[results]]
unit = "fgj"
score = 88
scores = { "制度建设" = 28, "履约践诺" = 60 }

[[results]]
unit = "czj"
score = 95.5

[[results]]
unit = "zwzx"
score = 88
grade = "良好"

[[results]]
unit = "gaigeban"
score = 59.99

[[results]]
unit = "jiwei"
grade = "合格"
"#,
    );
    let built = build_site(site);
    let expected = published(built.site.path(), "evaluations");
    let rows = built.csv("data/evaluations.csv");

    let mut expected_rows = Vec::new();
    for evaluation in &expected {
        let results = evaluation.keys["results"].as_array().expect("[[results]]");
        let score = |r: &toml::Value| {
            r.get("score")
                .map(|s| s.as_float().or(s.as_integer().map(|i| i as f64)).unwrap())
        };
        let mut scored: Vec<&toml::Value> = results.iter().filter(|r| score(r).is_some()).collect();
        scored.sort_by(|a, b| score(b).unwrap().total_cmp(&score(a).unwrap()));
        for result in &scored {
            let own = score(result).unwrap();
            let better = scored.iter().filter(|r| score(r).unwrap() > own).count();
            let equal = scored.iter().filter(|r| score(r).unwrap() == own).count();
            let grade = result
                .get("grade")
                .and_then(toml::Value::as_str)
                .unwrap_or(band(own));
            expected_rows.push((
                evaluation.id.clone(),
                result["unit"].as_str().unwrap().to_string(),
                (better + 1).to_string(),
                yes_no(equal > 1).to_string(),
                grade.to_string(),
            ));
        }
        for result in results.iter().filter(|r| score(r).is_none()) {
            expected_rows.push((
                evaluation.id.clone(),
                result["unit"].as_str().unwrap().to_string(),
                String::new(),
                "否".to_string(),
                result["grade"].as_str().unwrap().to_string(),
            ));
        }
    }
    let actual: Vec<(String, String, String, String, String)> = rows
        .iter()
        .map(|row| {
            (
                row["记录编号"].clone(),
                row["单位编号"].clone(),
                row["名次"].clone(),
                row["是否并列"].clone(),
                row["等次"].clone(),
            )
        })
        .collect();
    assert_eq!(actual, expected_rows);
    assert!(
        expected_rows.iter().any(|row| row.2.is_empty()),
        "the fixture should have a result with only a grade"
    );
    assert!(
        expected_rows.iter().any(|row| row.3 == "是"),
        "the fixture should have a tie"
    );

    let scores = built.csv("data/evaluation-scores.csv");
    let actual_scores: Vec<(&str, &str, &str)> = scores
        .iter()
        .map(|row| {
            (
                row["单位编号"].as_str(),
                row["指标"].as_str(),
                row["分项得分"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        actual_scores,
        [("fgj", "制度建设", "28"), ("fgj", "履约践诺", "60")]
    );
}

#[test]
fn unit_counts_match_fixture() {
    let built = build_search_fixture();
    let site = built.site.path();
    let units = read_sources(site, "units");
    let commitments = published(site, "commitments");
    let disclosures = published(site, "disclosures");
    let criticisms = published(site, "criticisms");
    let evaluations = published(site, "evaluations");
    let rows = built.csv("data/units.csv");

    let unit_ids: Vec<String> = units
        .iter()
        .map(|u| u.id.trim_start_matches("units/").to_string())
        .collect();
    assert_eq!(column(&rows, "单位编号"), unit_ids);

    for (row, (unit, id)) in rows.iter().zip(units.iter().zip(&unit_ids)) {
        let names = |r: &&Source| r.units().contains(id);
        let named_commitments: Vec<&Source> = commitments.iter().filter(names).collect();
        let named_criticisms: Vec<&Source> = criticisms.iter().filter(names).collect();
        let evaluated = evaluations
            .iter()
            .filter(|e| {
                e.keys["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["unit"].as_str() == Some(id.as_str()))
            })
            .count();
        let expected = [
            ("公开承诺", named_commitments.len()),
            (
                "已兑现承诺",
                named_commitments
                    .iter()
                    .filter(|c| c.text("status").as_deref() == Some("已兑现"))
                    .count(),
            ),
            (
                "已逾期承诺",
                named_commitments
                    .iter()
                    .filter(|c| commitment_overdue(c))
                    .count(),
            ),
            ("政务公开", disclosures.iter().filter(names).count()),
            ("通报批评", named_criticisms.len()),
            (
                "整改中通报",
                named_criticisms
                    .iter()
                    .filter(|c| c.text("rectification").as_deref() != Some("已整改"))
                    .count(),
            ),
            (
                "逾期未整改通报",
                named_criticisms
                    .iter()
                    .filter(|c| criticism_overdue(c))
                    .count(),
            ),
            ("参加评价", evaluated),
        ];
        for (header, count) in expected {
            assert_eq!(row[header], count.to_string(), "{header} of {id}");
        }
        let uscc = unit.text("uscc").unwrap_or_else(|| "待赋码".into());
        assert_eq!(row["统一社会信用代码"], uscc, "code of {id}");
        assert_eq!(
            row["上级单位编号"],
            unit.text("parent").unwrap_or_default(),
            "parent of {id}"
        );
    }
}

// ---------------------------------------------------------------------------
// Per-record JSON and the data page
// ---------------------------------------------------------------------------

#[test]
fn record_pages_link_own_json() {
    let built = build_search_fixture();
    for kind in ["commitments", "disclosures", "criticisms", "evaluations"] {
        let collection = built.json(&format!("data/{kind}.json"));
        let items = collection["items"].as_array().expect("items array");
        assert!(!items.is_empty(), "no {kind} published");
        for item in items {
            let id = item["id"].as_str().expect("id");
            let json_path = format!("data/{id}.json");
            let single = built.json(&json_path);
            assert_eq!(
                &single["item"], item,
                "{json_path} differs from {kind}.json"
            );
            assert_eq!(single["as_of"], as_of());

            let page = built.text(&format!("{id}/index.html"));
            let href = format!("{BASE_PATH}{json_path}");
            assert!(
                page.contains(&format!("href={href} "))
                    || page.contains(&format!("href=\"{href}\"")),
                "{id}/index.html does not link {href}"
            );
            assert!(
                page.contains("type=application/json"),
                "{id}/index.html has no JSON alternate link"
            );
        }
    }

    let units = built.json("data/units.json");
    for unit in units["items"].as_array().expect("items array") {
        let id = unit["id"].as_str().expect("id");
        let single = built.json(&format!("data/units/{id}.json"));
        assert_eq!(&single["item"], unit, "data/units/{id}.json");
        let page = built.text(&format!("units/{id}/index.html"));
        assert!(
            page.contains(&format!("{BASE_PATH}data/units/{id}.json")),
            "units/{id}/index.html does not link its JSON"
        );
    }
}

/// Collects every key path in a JSON value: `units[].name` for the `name`
/// of the elements of `units`. An array of plain values, or an empty one, is a
/// path of its own.
fn key_paths(value: &Value, prefix: &str, paths: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                key_paths(child, &path, paths);
            }
        }
        Value::Array(items) if items.iter().any(|item| item.is_object()) => {
            for item in items {
                key_paths(item, &format!("{prefix}[]"), paths);
            }
        }
        _ => {
            paths.insert(prefix.to_string());
        }
    }
}

#[test]
fn data_page_documents_every_field() {
    let built = build_search_fixture();
    let page = built.text("data/index.html");
    assert!(
        page.contains(&as_of()),
        "the data page lacks the as-of date"
    );

    for (path, _) in built.files.iter().filter(|(p, _)| {
        p.starts_with("data/")
            && !p[5..].contains('/')
            && (p.ends_with(".csv") || p.ends_with(".json"))
    }) {
        let name = &path["data/".len()..];
        assert!(
            page.contains(&format!("href={BASE_PATH}{path} ")),
            "the data page does not link {path}"
        );
        assert!(page.contains(name), "the data page does not name {name}");
        if path.ends_with(".csv") {
            let text = built.text(path);
            let header = text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap_or("");
            for column in header.split(',') {
                assert!(
                    page.contains(&format!(">{column}<")),
                    "the data page does not document column {column} of {path}"
                );
            }
        } else {
            let mut paths = BTreeSet::new();
            for item in built.json(path)["items"].as_array().expect("items") {
                key_paths(item, "", &mut paths);
            }
            for key in paths {
                // A null object or an empty array shows no keys of its
                // own, so the keys documented under it count.
                let documented = page.contains(&format!(">{key}<"))
                    || page.contains(&format!(">{key}."))
                    || page.contains(&format!(">{key}[]"));
                assert!(
                    documented,
                    "the data page does not document {key} of {path}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Atom feeds
// ---------------------------------------------------------------------------

/// Expected entries of a feed: record ids and the `updated` of each.
fn expected_entries(site: &Path, kinds: &[&str], unit: Option<&str>) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    for kind in kinds {
        for record in published(site, kind) {
            let names_unit = match unit {
                None => true,
                Some(unit) if *kind == "evaluations" => record.keys["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["unit"].as_str() == Some(unit)),
                Some(unit) => record.units().iter().any(|u| u == unit),
            };
            if names_unit {
                let updated = record.text("updated").unwrap_or_else(|| record.date());
                entries.insert(
                    format!("{BASE_URL}{}/", record.id),
                    format!("{updated}T00:00:00+08:00"),
                );
            }
        }
    }
    entries
}

const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

/// Checks the elements RFC 4287 requires and the +08:00 offset, and
/// returns the entries as id → updated.
fn check_feed(built: &Built, path: &str) -> BTreeMap<String, String> {
    let feed = built.feed(path);
    let url = format!("{BASE_URL}{path}");
    assert_eq!(feed.id(), url, "id of {path}");
    assert!(!feed.title().value.is_empty(), "{path} has no title");
    assert_eq!(
        feed.updated().offset().local_minus_utc(),
        CHINA_OFFSET_SECONDS,
        "updated of {path}: {}",
        feed.updated()
    );
    assert!(
        feed.authors().iter().any(|a| !a.name().is_empty()),
        "{path} has no author"
    );
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == url),
        "{path} lacks its self link"
    );
    assert_eq!(feed.lang(), Some("zh-CN"), "language of {path}");

    let mut entries = BTreeMap::new();
    let mut previous: Option<String> = None;
    for entry in feed.entries() {
        let id = entry.id();
        assert!(
            id.starts_with(BASE_URL),
            "{path}: entry id {id} is not absolute"
        );
        assert!(!entry.title().value.is_empty(), "{path}: {id} has no title");
        assert!(
            entry
                .links()
                .iter()
                .any(|l| l.rel() == "alternate" && l.href() == id),
            "{path}: {id} lacks its alternate link"
        );
        assert!(
            entry.authors().iter().all(|a| !a.name().is_empty()) && !entry.authors().is_empty(),
            "{path}: {id} has no author"
        );
        for (name, time) in [
            ("updated", Some(entry.updated())),
            ("published", entry.published()),
        ] {
            let time = time.unwrap_or_else(|| panic!("{path}: {id} has no {name}"));
            assert_eq!(
                time.offset().local_minus_utc(),
                CHINA_OFFSET_SECONDS,
                "{path}: {name} of {id} is {time}"
            );
        }
        let updated = entry.updated().to_rfc3339();
        assert!(
            previous.as_ref().is_none_or(|p| *p >= updated),
            "{path}: entries are not newest first"
        );
        assert!(
            *feed.updated() >= *entry.updated(),
            "{path}: the feed's updated is older than {id}"
        );
        previous = Some(updated.clone());
        entries.insert(id.to_string(), updated);
    }
    // atom_syndication fills in a missing <updated> with 1970, which the
    // offset check catches; this catches one written twice.
    let text = built.text(path);
    assert_eq!(
        text.matches("<updated>").count(),
        feed.entries().len() + 1,
        "{path}: one <updated> per entry and one for the feed"
    );
    entries
}

#[test]
fn feeds_are_valid_atom_with_expected_entries() {
    let built = build_search_fixture();
    let site = built.site.path();
    let all = ["commitments", "disclosures", "criticisms", "evaluations"];

    assert_eq!(
        check_feed(&built, "feed.atom"),
        expected_entries(site, &all, None),
        "entries of feed.atom"
    );
    for kind in all {
        let path = format!("{kind}/feed.atom");
        assert_eq!(
            check_feed(&built, &path),
            expected_entries(site, &[kind], None),
            "entries of {path}"
        );
    }
    for unit in read_sources(site, "units") {
        let id = unit.id.trim_start_matches("units/");
        let path = format!("units/{id}/feed.atom");
        assert_eq!(
            check_feed(&built, &path),
            expected_entries(site, &all, Some(id)),
            "entries of {path}"
        );
    }
}

#[test]
fn pages_link_feeds_in_head() {
    let built = build_search_fixture();
    let alternate = |page: &str, feed: &str| {
        let html = built.text(page);
        let head = &html[..html.find("</head>").expect("page has a head")];
        let link = head
            .split("<link ")
            .find(|tag| tag.contains(&format!("href={BASE_PATH}{feed} ")))
            .unwrap_or_else(|| panic!("{page} does not link {feed} in its head"));
        assert!(link.contains("rel=alternate"), "{page}: {link}");
        assert!(link.contains("type=application/atom+xml"), "{page}: {link}");
        assert!(built.files.contains_key(feed), "{feed} was not written");
    };
    alternate("index.html", "feed.atom");
    alternate("commitments/index.html", "feed.atom");
    alternate("commitments/index.html", "commitments/feed.atom");
    alternate("criticisms/year/2025/index.html", "criticisms/feed.atom");
    alternate(
        "disclosures/2024/xinyongban-2024-3/index.html",
        "disclosures/feed.atom",
    );
    alternate("evaluations/index.html", "evaluations/feed.atom");
    alternate("units/fgj/index.html", "units/fgj/feed.atom");
    alternate("data/index.html", "feed.atom");
}

// ---------------------------------------------------------------------------
// Publication rules
// ---------------------------------------------------------------------------

/// Data files and feeds of a build, by path.
fn data_and_feeds(files: &BTreeMap<String, Vec<u8>>) -> Vec<(&str, String)> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("data/") || path.ends_with(".atom"))
        .map(|(path, bytes)| (path.as_str(), String::from_utf8_lossy(bytes).into_owned()))
        .collect()
}

#[test]
fn withheld_records_in_no_data_or_feed() {
    let files = build_site(publication_site()).files;
    let checked = data_and_feeds(&files);
    assert!(
        checked.len() > 15,
        "too few data files and feeds: {:?}",
        checked.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert!(
        checked
            .iter()
            .any(|(path, text)| *path == "data/commitments.json"
                && text.contains("建立政府信用档案")),
        "the published commitment is missing from data/commitments.json"
    );

    for (marker, rule) in [
        ("标记甲", "draft"),
        ("标记乙", "dated after the as-of date"),
        ("标记丙", "criticism past publish_until"),
        ("标记丁", "repaired criticism"),
        ("标记戊", "revoked criticism"),
        ("draft-only.pdf", "attachment of a draft"),
        ("repaired-only.pdf", "attachment of a repaired criticism"),
        ("criticisms/2021/expired", "URL of an expired criticism"),
        ("criticisms/2024/revoked", "URL of a revoked criticism"),
    ] {
        let leaks: Vec<&str> = checked
            .iter()
            .filter(|(_, text)| text.contains(marker))
            .map(|(path, _)| *path)
            .collect();
        assert!(leaks.is_empty(), "{rule} leaked into {leaks:?}");
    }

    let built = build_search_fixture();
    let checked = data_and_feeds(&built.files);
    for withheld in [
        "commitments/2025/fgj-zhuanxiang-draft",
        "commitments/2025/fgj-xiabannian-future",
        "criticisms/2024/fgj-xinguan-repaired",
        "criticisms/2025/czj-tuoqian-revoked",
    ] {
        let leaks: Vec<&str> = checked
            .iter()
            .filter(|(_, text)| text.contains(withheld))
            .map(|(path, _)| *path)
            .collect();
        assert!(leaks.is_empty(), "{withheld} leaked into {leaks:?}");
        assert!(
            !built.files.contains_key(&format!("data/{withheld}.json")),
            "data/{withheld}.json was written"
        );
    }
}
