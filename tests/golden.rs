//! Golden files: the main content of each page type of the fixture site,
//! compared with the files under tests/golden/. Only the `<main>` element
//! is compared, so changes to the header, footer and styles do not touch
//! every golden file. Run with `UPDATE_GOLDEN=1` to rewrite them after an
//! intended change, then review the diff. Golden files that no page uses
//! fail the test.

mod support;

use std::fs;
use std::path::Path;

use support::*;

/// Golden file name → output page.
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("commitment-list", "commitments/index.html"),
    ("commitment-status-index", "commitments/status/index.html"),
    (
        "commitment-status-in-progress",
        "commitments/status/in_progress/index.html",
    ),
    ("commitment", "commitments/2024/first/index.html"),
    ("disclosure", "disclosures/2024/notice/index.html"),
    ("criticism", "criticisms/2024/c1/index.html"),
    (
        "criticism-withdrawn-notice",
        "criticisms/2024/revoked/index.html",
    ),
    ("evaluation-list", "evaluations/index.html"),
    ("evaluation", "evaluations/2024/e1/index.html"),
    ("unit-index", "units/index.html"),
    ("unit-archive", "units/zhushan/index.html"),
    ("page", "pages/about/index.html"),
    ("search", "search/index.html"),
    ("stats", "stats/index.html"),
    ("open-data", "data/index.html"),
    ("not-found", "404.html"),
];

/// The `<main>` element, one tag per line so that diffs are readable.
fn main_content(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html[start..]
        .find("</main>")
        .map(|i| start + i + "</main>".len())
        .expect("page has </main>");
    let mut formatted = html[start..end].replace("><", ">\n<");
    formatted.push('\n');
    formatted
}

#[test]
fn main_content_matches_golden_files() {
    let site = copy_fixture("minimal");
    copy_dir(&fixture_path("publication"), site.path());
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let outcome = build(site.path(), &public);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);

    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for (name, page) in PAGES {
        let html = fs::read_to_string(public.join(page))
            .unwrap_or_else(|_| panic!("{page} was not written"));
        let actual = main_content(&html);
        let golden_path = golden_dir.join(format!("{name}.html"));
        if update {
            fs::write(&golden_path, &actual).expect("write golden file");
            continue;
        }
        let expected = fs::read_to_string(&golden_path).unwrap_or_default();
        if expected != actual {
            let first_difference = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.lines().count().min(actual.lines().count()));
            mismatches.push(format!(
                "{name} ({page}) differs from tests/golden/{name}.html at line {}:\n  expected: {}\n  actual:   {}",
                first_difference + 1,
                expected.lines().nth(first_difference).unwrap_or("<end>"),
                actual.lines().nth(first_difference).unwrap_or("<end>"),
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\nRun with UPDATE_GOLDEN=1 if the change is intended.",
        mismatches.join("\n")
    );

    let used: Vec<String> = PAGES
        .iter()
        .map(|(name, _)| format!("{name}.html"))
        .collect();
    let unused: Vec<String> = fs::read_dir(&golden_dir)
        .expect("tests/golden exists")
        .map(|entry| {
            entry
                .expect("read golden dir")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| !used.contains(name))
        .collect();
    assert!(
        unused.is_empty(),
        "golden files that no page uses: {unused:?}"
    );
}
