//! Crash safety: a build killed with SIGKILL at any moment leaves the
//! output folder holding exactly the old site or exactly the new one, and
//! the next build succeeds and leaves no staging or parked folder behind.
//!
//! The kill points are spread over the whole build by time, over the
//! writing by time, and placed exactly at the write stage's narrow
//! windows with the test-only environment variable `GONGSHI_TEST_PAUSE_AT`
//! (see `pause_at` in src/write/mod.rs). Pages go into the staging folder
//! as they are rendered, so the writing is timed from the render stage's
//! progress line to the end of the build.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::*;

const BINARY: &str = env!("CARGO_BIN_EXE_gongshi");

/// Generated records per site version (about 450 output files). A debug
/// build of this site takes about 1.5 s, and each kill point costs a
/// killed build and a full one, so the test runs for about a minute.
const RECORDS: usize = 100;

/// Path under the output folder → (length, SipHash of the bytes).
type Tree = BTreeMap<String, (u64, u64)>;

/// A missing folder gives an empty tree, which matches no built site.
fn hash_tree(root: &Path) -> Tree {
    let mut tree = Tree::new();
    if !root.exists() {
        return tree;
    }
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.expect("walk output");
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = fs::read(entry.path()).expect("read output file");
        let mut hasher = DefaultHasher::new();
        hasher.write(&bytes);
        let relative = entry.path().strip_prefix(root).expect("prefix");
        tree.insert(
            relative.to_string_lossy().into_owned(),
            (bytes.len() as u64, hasher.finish()),
        );
    }
    tree
}

/// Chinese filler text that differs per record, without digit runs that
/// the privacy scan would flag.
fn body(seed: usize) -> String {
    const PHRASES: [&str; 8] = [
        "按照县委县政府的统一部署，",
        "认真履行向社会公开作出的承诺，",
        "建立健全政务诚信监测机制，",
        "定期向社会公布工作进展，",
        "接受人民群众和新闻媒体监督，",
        "对照问题清单逐项整改落实，",
        "持续优化营商环境，",
        "切实维护政府公信力。",
    ];
    let mut text = String::new();
    let mut state = seed.wrapping_mul(2654435761).wrapping_add(1);
    for _ in 0..60 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.push_str(PHRASES[(state >> 33) % PHRASES.len()]);
    }
    text
}

/// Writes `RECORDS` commitments and disclosures into a copy of the
/// minimal fixture. Version 1 drops the first ten records, adds ten others
/// and retitles one, so each version has files the other lacks.
fn make_site(version: u32) -> tempfile::TempDir {
    let site = copy_fixture("minimal");
    let range = if version == 0 {
        0..RECORDS
    } else {
        10..RECORDS + 10
    };
    for n in range {
        let month = n % 12 + 1;
        let day = n % 28 + 1;
        let title = if version == 1 && n == 50 {
            "改过标题的承诺".to_string()
        } else {
            format!("第{n}号公开事项")
        };
        let text = body(n);
        if n % 2 == 0 {
            write(
                site.path(),
                &format!("content/commitments/gen/c{n:04}.md"),
                format!(
                    "+++\ntitle = \"{title}\"\ndate = 2024-{month:02}-{day:02}\nunits = [\"fgj\"]\ncategory = \"服务承诺\"\ndeadline = 2024-12-31\n+++\n{text}\n"
                ),
            );
        } else {
            write(
                site.path(),
                &format!("content/disclosures/gen/d{n:04}.md"),
                format!(
                    "+++\ntitle = \"{title}\"\ndate = 2024-{month:02}-{day:02}\nunits = [\"zhushan\"]\ncategory = \"政策文件\"\n+++\n{text}\n"
                ),
            );
        }
    }
    site
}

fn build_command(site: &Path, output: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command.args([
        "build",
        "--site",
        site.to_str().expect("utf-8 path"),
        "--output",
        output.to_str().expect("utf-8 path"),
        "--as-of",
        "2025-06-30",
        "--verbose",
    ]);
    command.env_remove("GONGSHI_TEST_PAUSE_AT");
    command
}

/// Stderr lines of a child, read on a thread and stamped with their arrival.
fn stderr_lines(child: &mut Child) -> mpsc::Receiver<(Instant, String)> {
    let stderr = child.stderr.take().expect("piped stderr");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if sender.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Waits for a stderr line containing `needle`; panics on timeout.
fn wait_for_line(lines: &mpsc::Receiver<(Instant, String)>, needle: &str) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok((at, line)) if line.contains(needle) => return at,
            Ok(_) => {}
            Err(error) => panic!("no stderr line with {needle:?}: {error}"),
        }
    }
}

/// The build's total duration and the time from the render stage's progress
/// line to its exit, measured on a complete build.
fn measure(site: &Path, output: &Path) -> (Duration, Duration) {
    let started = Instant::now();
    let mut child = build_command(site, output)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start gongshi");
    let lines = stderr_lines(&mut child);
    let write_started = wait_for_line(&lines, WRITING_STARTS);
    let status = child.wait().expect("wait for gongshi");
    assert!(status.success(), "reference build failed");
    let ended = Instant::now();
    (ended - started, ended - write_started)
}

/// The progress line after which the build writes files: the render
/// stage's, since each page is written as soon as it is rendered.
const WRITING_STARTS: &str = "生成页面";

/// Where a build is killed.
#[derive(Debug, Clone)]
enum KillPoint {
    /// After this long from the start of the process.
    AfterStart(Duration),
    /// After this long from the render stage's progress line, when the
    /// first pages go into the staging folder.
    AfterWriteStarts(Duration),
    /// When the write stage reaches this `GONGSHI_TEST_PAUSE_AT` point.
    Paused(String),
}

impl KillPoint {
    /// Returns the same point at half the delay, for another try after a
    /// build ended before its kill. A paused point stops the build every
    /// time, so it gets None.
    fn halved(&self) -> Option<KillPoint> {
        match self {
            KillPoint::AfterStart(offset) => Some(KillPoint::AfterStart(*offset / 2)),
            KillPoint::AfterWriteStarts(offset) => Some(KillPoint::AfterWriteStarts(*offset / 2)),
            KillPoint::Paused(_) => None,
        }
    }
}

/// Maximum tries per time point. A build that ends before its kill is run
/// again with half the delay, because the machine may have become faster
/// since the reference builds (other tests finishing).
const MAX_TRIES: usize = 5;

/// Starts a build, kills it at `point` and waits until it is gone.
/// Returns false when the build finished before the kill.
fn kill_build(site: &Path, output: &Path, point: &KillPoint) -> bool {
    let mut command = build_command(site, output);
    if let KillPoint::Paused(name) = point {
        command.env("GONGSHI_TEST_PAUSE_AT", name);
    }
    let started = Instant::now();
    let mut child = command
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start gongshi");
    let lines = stderr_lines(&mut child);
    match point {
        KillPoint::AfterStart(offset) => {
            std::thread::sleep(offset.saturating_sub(started.elapsed()));
        }
        KillPoint::AfterWriteStarts(offset) => {
            let write_started = wait_for_line(&lines, WRITING_STARTS);
            std::thread::sleep(offset.saturating_sub(write_started.elapsed()));
        }
        KillPoint::Paused(name) => {
            wait_for_line(&lines, &format!("GONGSHI_TEST_PAUSED {name}"));
        }
    }
    let finished = child.try_wait().expect("poll gongshi").is_some();
    // Child::kill sends SIGKILL on Unix.
    child.kill().expect("kill gongshi");
    child.wait().expect("reap gongshi");
    !finished
}

fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .expect("list output parent")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        // The build lock's file stays beside the output on purpose: deleting
        // it while another build holds it open would let two builds write.
        .filter(|name| name != "public" && name != ".public.gongshi-lock")
        .collect()
}

#[test]
fn killed_builds_leave_old_or_new_site() {
    let sites = [make_site(0), make_site(1)];
    let references = tempfile::tempdir().expect("temp dir");
    let mut trees = Vec::new();
    let mut timings = Vec::new();
    for (n, site) in sites.iter().enumerate() {
        let output = references.path().join(format!("v{n}"));
        timings.push(measure(site.path(), &output));
        trees.push(hash_tree(&output));
    }
    assert!(trees[0].len() > 400, "too few files: {}", trees[0].len());
    assert_ne!(
        trees[0], trees[1],
        "the two site versions build the same site"
    );
    // The faster reference build sets the times, since a reference build
    // slowed by other tests would put the later points after the end.
    let total = timings
        .iter()
        .map(|(total, _)| *total)
        .min()
        .unwrap_or_default();
    let write_stage = timings
        .iter()
        .map(|(_, write)| *write)
        .min()
        .unwrap_or_default();
    let file_count = trees[1].len();

    // The points spread over the whole of each measured time; one that a
    // faster build outruns is tried again sooner (see `MAX_TRIES`).
    let mut points = Vec::new();
    for i in 0..8 {
        points.push(KillPoint::AfterStart(total * (2 * i + 1) / 16));
    }
    for i in 0..6 {
        points.push(KillPoint::AfterWriteStarts(write_stage * (2 * i + 1) / 12));
    }
    for name in [
        "recovered".to_string(),
        "staging".to_string(),
        "file:1".to_string(),
        format!("file:{}", file_count / 2),
        "marker".to_string(),
        "swapped".to_string(),
    ] {
        points.push(KillPoint::Paused(name));
    }
    assert_eq!(points.len(), 20);

    let parent = tempfile::tempdir().expect("temp dir");
    let output = parent.path().join("public");
    let status = build_command(sites[0].path(), &output)
        .stderr(Stdio::null())
        .status()
        .expect("run gongshi");
    assert!(status.success());
    let mut current = 0;
    let mut missed = Vec::new();
    for first in &points {
        let mut point = first.clone();
        let mut tries = 0;
        loop {
            tries += 1;
            let next = 1 - current;
            let caught = kill_build(sites[next].path(), &output, &point);
            check_after_kill(sites[next].path(), &output, &trees, current, next, &point);
            current = next;
            if caught {
                if tries > 1 {
                    eprintln!("{first:?} caught a running build at try {tries}");
                }
                break;
            }
            match point.halved() {
                Some(sooner) if tries < MAX_TRIES => point = sooner,
                _ => {
                    missed.push(first.clone());
                    break;
                }
            }
        }
    }
    // Every point must catch a running build, or the test shows nothing there.
    assert!(
        missed.is_empty(),
        "builds ended before these kills even at 1/{} of the delay: {missed:?}",
        1 << (MAX_TRIES - 1)
    );
}

/// Checks the output folder after a kill at `point` of a build from the
/// `current` site to the `next` one, then runs a full build of `next` and
/// checks that it succeeds, matches and leaves nothing beside the output.
fn check_after_kill(
    next_site: &Path,
    output: &Path,
    trees: &[Tree],
    current: usize,
    next: usize,
    point: &KillPoint,
) {
    let after_kill = hash_tree(output);
    assert!(
        after_kill == trees[current] || after_kill == trees[next],
        "killed at {point:?}: output is neither the old site nor the new one ({} files)",
        after_kill.len()
    );
    if let KillPoint::Paused(name) = point {
        let expected = if name == "swapped" { next } else { current };
        assert!(
            after_kill == trees[expected],
            "killed at {point:?}: wrong site"
        );
    }

    let status = build_command(next_site, output)
        .stderr(Stdio::null())
        .status()
        .expect("run gongshi");
    assert!(status.success(), "build after a kill at {point:?} failed");
    assert!(
        hash_tree(output) == trees[next],
        "rebuild after {point:?} differs"
    );
    let parent = output.parent().expect("output has a parent");
    assert_eq!(leftovers(parent), Vec::<String>::new(), "after {point:?}");
}
