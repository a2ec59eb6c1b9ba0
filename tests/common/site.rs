//! Building the example site (the repository root) and the test fixture
//! sites with the gongshi binary.

use std::path::Path;
use std::process::Command;

use super::repo_root;

/// As-of date of every test build, fixed so that a failure reproduces on
/// another day: overdue and expiry states depend on it.
pub const AS_OF: &str = "2025-06-30";

/// Builds the example site into `output` with `base_url`, or fails the test
/// with gongshi's output.
pub fn build_example_site(output: &Path, base_url: &str) {
    build_site(repo_root(), output, base_url);
}

/// Builds the site folder `site` into `output` with `base_url` at [`AS_OF`],
/// or fails the test with gongshi's output.
pub fn build_site(site: &Path, output: &Path, base_url: &str) {
    assert!(
        site.join("site.toml").is_file(),
        "the site is missing: {} has no site.toml",
        site.display()
    );

    let binary = env!("CARGO_BIN_EXE_gongshi");
    let result = Command::new(binary)
        .arg("build")
        .arg("--site")
        .arg(site)
        .arg("--output")
        .arg(output)
        .arg("--base-url")
        .arg(base_url)
        .arg("--as-of")
        .arg(AS_OF)
        .output()
        .unwrap_or_else(|error| panic!("failed to run {binary}: {error}"));

    assert!(
        result.status.success(),
        "`gongshi build --site {} --output {} --base-url {base_url} --as-of {AS_OF}` failed ({})\n\
         --- stdout ---\n{}\n--- stderr ---\n{}",
        site.display(),
        output.display(),
        result.status,
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr),
    );
    assert!(
        output.join("index.html").is_file(),
        "gongshi build succeeded but wrote no {}",
        output.join("index.html").display()
    );
}

/// Copies the folder `from` into `to`, which is created, with every file
/// and subfolder.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to)
        .unwrap_or_else(|error| panic!("failed to create {}: {error}", to.display()));
    let entries = std::fs::read_dir(from)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", from.display()));
    for entry in entries {
        let entry =
            entry.unwrap_or_else(|error| panic!("failed to read {}: {error}", from.display()));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|error| {
                panic!(
                    "failed to copy {} to {}: {error}",
                    entry.path().display(),
                    target.display()
                )
            });
        }
    }
}
