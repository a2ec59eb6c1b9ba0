//! A whole small site built from fuzzed files: the input is cut at lines
//! `=====` into the files of `PATHS`, laid over a copy of
//! tests/fixtures/minimal, and built into a fresh output folder. Must not
//! panic, and must write nothing outside the output folder except the
//! build lock file beside it.

#![no_main]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

mod fixture;

/// The files the pieces of the input become, in order. The last one
/// replaces site.toml, so most inputs keep the valid settings.
const PATHS: [&str; 6] = [
    "content/commitments/2024/a.md",
    "content/disclosures/2024/b.md",
    "content/criticisms/2024/c.toml",
    "content/units/u.toml",
    "content/pages/p.md",
    "site.toml",
];

const SEPARATOR: &[u8] = b"\n=====\n";

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        pieces.push(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    pieces.push(rest);
    pieces
}

/// Lists every file and folder under `root`, relative to it.
fn tree(root: &Path) -> BTreeSet<PathBuf> {
    let mut paths = BTreeSet::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("list folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() && !path.is_symlink() {
                pending.push(path.clone());
            }
            paths.insert(
                path.strip_prefix(root)
                    .expect("path under root")
                    .to_path_buf(),
            );
        }
    }
    paths
}

fuzz_target!(|data: &[u8]| {
    let root = tempfile::tempdir().expect("temporary folder");
    let site = root.path().join("site");
    fixture::copy_dir(&fixture::minimal(), &site);
    for (piece, relative) in split(data).into_iter().zip(PATHS) {
        let path = site.join(relative);
        std::fs::create_dir_all(path.parent().expect("file folder")).expect("create folder");
        std::fs::write(&path, piece).expect("write fuzzed file");
    }
    let before = tree(root.path());

    let output = root.path().join("public");
    let options = gongshi::build::BuildOptions {
        site_dir: site.clone(),
        output: Some(output.clone()),
        base_url: None,
        as_of: "2025-01-01".parse().expect("as-of date"),
        drafts: false,
        write: true,
    };
    let outcome = gongshi::build::run(&options);

    let lock = gongshi::write::lock_path(&output);
    for path in tree(root.path()).difference(&before) {
        let allowed = path.starts_with("public") || root.path().join(path) == lock;
        assert!(
            allowed,
            "build wrote {} outside the output folder",
            path.display()
        );
    }
    assert_eq!(
        outcome.failed(),
        !output.exists(),
        "output folder must exist exactly when the build succeeds"
    );
});
