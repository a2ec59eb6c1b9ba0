//! Helpers for the integration tests that run real tools: the gongshi
//! binary, nginx, Debian's Chromium through Node.js and playwright-core,
//! and the Nu HTML Checker.
//!
//! A missing tool fails the test with a message that names
//! scripts/install-test-deps; no test skips itself.

// Each test file uses a different part of these helpers.
#![allow(dead_code)]

pub mod http;
pub mod nginx;
pub mod node;
pub mod site;

use std::env;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// What to do when a tool is missing, appended to every such failure.
pub const INSTALL_HINT: &str = "install it with `bash scripts/install-test-deps` as root \
     (`bash scripts/test` runs that script when something is missing)";

/// Returns the repository root, which is also the example site folder.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Returns cargo's target folder, the parent of `CARGO_TARGET_TMPDIR`.
pub fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Finds `name` on PATH, then in /usr/sbin and /sbin, which a non-root
/// user's PATH often lacks although nginx lives there.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH").unwrap_or_default();
    env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Returns the path of program `name`, or fails the test naming the install script.
pub fn require_program(name: &str, needed_for: &str) -> PathBuf {
    match find_program(name) {
        Some(path) => path,
        None => panic!(
            "`{name}` not found on PATH or in /usr/sbin (needed by {needed_for}): {INSTALL_HINT}"
        ),
    }
}

/// Fails the test naming the install script when `path` does not exist.
pub fn require_file(path: &Path, needed_for: &str) {
    assert!(
        path.exists(),
        "{} not found (needed by {needed_for}): {INSTALL_HINT}",
        path.display()
    );
}

/// Creates a temporary folder that nginx's worker processes can enter.
///
/// nginx started as root runs its workers as `nobody`, and tempfile creates
/// folders with mode 0700, so the folder is opened to mode 0755. Files that
/// gongshi writes inside keep the modes it gives them, so a published folder
/// that only root can read shows up as 403 responses in the tests.
pub fn temp_dir(prefix: &str) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("failed to create a temporary folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("failed to set the temporary folder's mode to 0755");
    dir
}
