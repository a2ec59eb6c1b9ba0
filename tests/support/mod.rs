//! Shared helpers for the integration tests: copies of fixture sites in
//! temporary folders, and runs of the pipeline on them.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use gongshi::build::{BuildOptions, BuildOutcome, run};
use gongshi::diag::{Diagnostic, Severity, display_path};
use gongshi::model::Date;

/// The as-of date of the tests, fixed so that derived states never
/// change with the calendar.
pub const AS_OF: Date = Date::constant(2025, 6, 30);

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture site into a new temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create temp dir");
    copy_dir(&fixture_path(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create dir");
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The minimal site with the publication fixture's records added.
pub fn publication_site() -> tempfile::TempDir {
    let site = copy_fixture("minimal");
    copy_dir(&fixture_path("publication"), site.path());
    site
}

/// Writes a file into a site folder, creating its folders.
pub fn write(site: &Path, relative: &str, contents: impl AsRef<[u8]>) {
    let path = site.join(relative);
    fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
    fs::write(path, contents).expect("write file");
}

pub fn options(site: &Path) -> BuildOptions {
    BuildOptions {
        site_dir: site.to_path_buf(),
        output: None,
        base_url: None,
        as_of: AS_OF,
        drafts: false,
        write: false,
    }
}

/// Runs `gongshi check` on a site.
pub fn check(site: &Path) -> BuildOutcome {
    run(&options(site))
}

/// Runs `gongshi build` on a site into `output`.
pub fn build(site: &Path, output: &Path) -> BuildOutcome {
    run(&BuildOptions {
        output: Some(output.to_path_buf()),
        write: true,
        ..options(site)
    })
}

/// Returns the only diagnostic of a severity reported for `file`,
/// failing with the full list when there is none or more than one.
pub fn only_diagnostic(outcome: &BuildOutcome, severity: Severity, file: &str) -> Diagnostic {
    let matching: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == severity
                && d.location
                    .as_ref()
                    .is_some_and(|l| display_path(&l.file) == file)
        })
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one {severity:?} in {file}, got: {:#?}",
        outcome.diagnostics
    );
    matching[0].clone()
}

/// Asserts a diagnostic's position, message and fix.
pub fn assert_at(
    diagnostic: &Diagnostic,
    line: usize,
    column: usize,
    message_part: &str,
    fix_part: &str,
) {
    let location = diagnostic
        .location
        .as_ref()
        .expect("diagnostic has a location");
    assert_eq!(
        (location.line, location.column),
        (line, column),
        "position of {diagnostic}"
    );
    assert!(
        diagnostic.message.contains(message_part),
        "message of {diagnostic} lacks {message_part:?}"
    );
    assert!(
        diagnostic.fix.contains(fix_part),
        "fix of {diagnostic} lacks {fix_part:?}"
    );
}

/// Every file below a folder, as (relative path, bytes).
pub fn read_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = display_path(e.path().strip_prefix(root).expect("prefix"));
            (relative, fs::read(e.path()).expect("read output"))
        })
        .collect();
    files.sort();
    files
}
