//! Building the example site (the repository root) with the gongshi binary.

use std::path::Path;
use std::process::Command;

use super::repo_root;

/// As-of date of every test build, fixed so that a failure reproduces on
/// another day: overdue and expiry states depend on it.
pub const AS_OF: &str = "2025-06-30";

/// Builds the example site into `output` with `base_url`, or fails the test
/// with gongshi's output.
pub fn build_example_site(output: &Path, base_url: &str) {
    let site = repo_root();
    assert!(
        site.join("site.toml").is_file(),
        "the example site is missing: {} has no site.toml",
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
