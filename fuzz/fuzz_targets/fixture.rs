//! The minimal fixture site that the record and site targets build on.

use std::path::{Path, PathBuf};

/// Returns tests/fixtures/minimal of the repository.
pub fn minimal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal")
}

/// Copies a folder tree; the fuzz targets stop on any failure here,
/// because it is the harness failing, not gongshi.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create fixture folder");
    for entry in std::fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy fixture file");
        }
    }
}
