//! Two builds of one output folder at once: the build lock lets one write
//! and makes the other fail with a message naming the lock and its
//! holder; a lock held by a killed process blocks nothing.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gongshi::write::{BuildLock, lock_path};
use support::*;

const BINARY: &str = env!("CARGO_BIN_EXE_gongshi");

/// Set in the child process of `lock_of_killed_process_does_not_block`:
/// the output folder whose lock the child takes and holds.
const HOLD_LOCK_ENV: &str = "GONGSHI_TEST_HOLD_LOCK";

fn read_tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(root)
                .expect("prefix")
                .to_path_buf();
            (relative, fs::read(entry.path()).expect("read output file"))
        })
        .collect()
}

fn last_message(outcome: &gongshi::build::BuildOutcome) -> String {
    outcome
        .diagnostics
        .last()
        .map(|d| format!("{} {}", d.message, d.fix))
        .unwrap_or_default()
}

#[test]
fn held_lock_fails_build_naming_holder() {
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().expect("temp dir");
    let public = output.path().join("public");
    assert!(!build(site.path(), &public).failed());
    let before = read_tree(&public);

    let lock = BuildLock::acquire(&public).expect("take the lock");
    let outcome = build(site.path(), &public);
    assert!(outcome.failed(), "build ran while the lock was held");
    let message = last_message(&outcome);
    assert!(message.contains("生成锁"), "{message}");
    assert!(
        message.contains(&lock_path(&public).display().to_string()),
        "lock file not named: {message}"
    );
    assert!(
        message.contains(&format!("PID {}", std::process::id())),
        "holder PID not named: {message}"
    );
    assert_eq!(read_tree(&public), before, "output changed under the lock");

    drop(lock);
    assert!(
        !build(site.path(), &public).failed(),
        "lock not released by drop"
    );
}

/// Two sites that differ in their title everywhere, built into one output
/// folder by two processes started together. Without the lock both would
/// write into one staging folder and the result would mix them.
#[test]
fn concurrent_builds_never_interleave() {
    let first = copy_fixture("minimal");
    let second = copy_fixture("minimal");
    let site_toml = fs::read_to_string(second.path().join("site.toml")).expect("site.toml");
    write(
        second.path(),
        "site.toml",
        site_toml.replace("测试县政务诚信公示平台", "第二测试县政务诚信公示平台"),
    );
    let folder = tempfile::tempdir().expect("temp dir");
    let expected: Vec<BTreeMap<PathBuf, Vec<u8>>> = [first.path(), second.path()]
        .iter()
        .enumerate()
        .map(|(index, site)| {
            let reference = folder.path().join(format!("reference-{index}"));
            assert!(!build(site, &reference).failed());
            read_tree(&reference)
        })
        .collect();
    assert_ne!(expected[0], expected[1]);

    let public = folder.path().join("public");
    let mut lock_failures = 0;
    for _ in 0..8 {
        let children: Vec<_> = [first.path(), second.path()]
            .iter()
            .map(|site| {
                Command::new(BINARY)
                    .args(["build", "--as-of", "2025-06-30", "--site"])
                    .arg(site)
                    .arg("--output")
                    .arg(&public)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start gongshi")
            })
            .collect();
        for child in children {
            let result = child.wait_with_output().expect("wait for gongshi");
            if !result.status.success() {
                let stderr = String::from_utf8_lossy(&result.stderr);
                assert_eq!(result.status.code(), Some(1), "{stderr}");
                assert!(
                    stderr.contains("生成锁"),
                    "failed for another reason: {stderr}"
                );
                lock_failures += 1;
            }
        }
        let tree = read_tree(&public);
        assert!(
            tree == expected[0] || tree == expected[1],
            "output is neither site's build"
        );
    }
    // Not asserted: whether the builds ever overlapped, which depends on
    // the scheduler. The count shows in the output of --nocapture.
    println!("{lock_failures} of 16 builds met the lock");
}

#[test]
fn lock_of_killed_process_does_not_block() {
    if let Some(output) = std::env::var_os(HOLD_LOCK_ENV) {
        // Child process: hold the lock until killed.
        let _lock = BuildLock::acquire(Path::new(&output)).expect("child takes the lock");
        std::thread::sleep(Duration::from_secs(120));
        return;
    }

    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().expect("temp dir");
    let public = output.path().join("public");
    let mut child = KillOnDrop(
        Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "lock_of_killed_process_does_not_block",
                "--test-threads=1",
            ])
            .env(HOLD_LOCK_ENV, &public)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start lock holder"),
    );
    let holder = format!("{}\n", child.0.id());
    let started = Instant::now();
    while fs::read_to_string(lock_path(&public)).ok().as_deref() != Some(holder.as_str()) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "child never took the lock"
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    let blocked = build(site.path(), &public);
    let message = last_message(&blocked);
    assert!(blocked.failed(), "build ran while the child held the lock");
    assert!(
        message.contains(&format!("PID {}", child.0.id())),
        "{message}"
    );

    // Child::kill sends SIGKILL on Unix: the child cannot release the lock
    // itself, and its PID stays in the lock file.
    child.0.kill().expect("kill the lock holder");
    child.0.wait().expect("reap the lock holder");
    assert_eq!(
        fs::read_to_string(lock_path(&public)).expect("lock file"),
        holder,
        "the killed holder's PID should still be in the lock file"
    );
    let outcome = build(site.path(), &public);
    assert!(!outcome.failed(), "{}", last_message(&outcome));
    assert!(public.join("index.html").is_file());
}

/// Kills the lock holder when a failed assertion ends the test early.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
