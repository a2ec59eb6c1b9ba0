//! Record parsing: one fuzzed file (front matter and TOML) in a small
//! valid site, through the load and validate stages. Must not panic,
//! whatever the bytes, and must report an error or a model.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

mod fixture;

/// Paths of the fuzzed file under content/; the first input byte picks one.
const TARGETS: [&str; 8] = [
    "commitments/fuzz.md",
    "commitments/fuzz.toml",
    "disclosures/fuzz.md",
    "criticisms/fuzz.md",
    "criticisms/fuzz.toml",
    "evaluations/fuzz.toml",
    "units/fuzz.toml",
    "pages/fuzz.md",
];

/// Returns a copy of tests/fixtures/minimal, made once per process.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder for the fuzz site");
        let site = dir.path().join("site");
        fixture::copy_dir(&fixture::minimal(), &site);
        (dir, site)
    });
    path
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let site = site();
    let relative = TARGETS[usize::from(choice) % TARGETS.len()];
    let path = site.join("content").join(relative);
    std::fs::create_dir_all(path.parent().expect("record folder")).expect("create record folder");
    std::fs::write(&path, bytes).expect("write fuzzed record");

    let (loaded, load_diagnostics) = gongshi::load::load(site);
    let (model, diagnostics) = gongshi::validate::validate(&loaded, None);
    let has_errors = load_diagnostics.has_errors() || diagnostics.has_errors();
    assert!(
        model.is_some() || has_errors,
        "no model and no error for {relative}"
    );

    std::fs::remove_file(&path).expect("remove fuzzed record");
});
