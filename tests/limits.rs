//! Hostile and oversized inputs: each one either builds or fails with a
//! Chinese message that names the file (and line and column where they
//! apply), within the time and memory asserted here.
//!
//! The binary runs as a child process with its address space limited by
//! RLIMIT_AS (like `ulimit -v`), two rayon threads and two malloc arenas,
//! so that the limit does not depend on the runner's core count. Going
//! over it makes an allocation fail and the process abort, which fails
//! the test. The peak resident set size is read from /proc (VmHWM) while
//! the child runs and printed. wait4's figure is of no use here, because
//! Linux carries the test process's own peak across the exec.
//!
//! The time limits are for a debug build on a shared two-core machine,
//! about five times the measured figures, so they catch a hang without
//! failing on a slow runner.

#![cfg(target_os = "linux")]

mod support;

use std::fs;
use std::io::{BufWriter, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::*;

const BINARY: &str = env!("CARGO_BIN_EXE_gongshi");

/// What a bounded run of the binary returned.
struct Run {
    /// Exit status; `None` when a signal ended it.
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
    /// The highest VmHWM seen while polling, in MiB.
    peak_mib: u64,
}

/// The peak resident set size of a live process, in KiB.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `gongshi build` on a site into a new temporary folder with at most
/// `memory_limit_mib` of address space, and fails when it runs longer than
/// `time_limit`, is killed by a signal (an allocation over the limit
/// aborts) or panics.
fn build_bounded(site: &Path, time_limit: Duration, memory_limit_mib: u64) -> Run {
    let output = tempfile::tempdir().expect("temp dir");
    let stderr_file = tempfile::NamedTempFile::new().expect("temp file");
    let limit = libc::rlimit {
        rlim_cur: memory_limit_mib << 20,
        rlim_max: memory_limit_mib << 20,
    };
    let mut command = Command::new(BINARY);
    command
        .args(["build", "--as-of", "2025-06-30", "--site"])
        .arg(site)
        .arg("--output")
        .arg(output.path().join("public"))
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        .stdout(Stdio::null())
        .stderr(stderr_file.reopen().expect("reopen temp file"));
    // SAFETY: setrlimit is async-signal-safe, and `limit` is plain data
    // copied into the closure.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("start gongshi");
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_kib(child.id()).unwrap_or(0));
        if let Some(status) = child.try_wait().expect("poll gongshi") {
            break status;
        }
        if started.elapsed() > time_limit {
            child.kill().expect("kill gongshi");
            child.wait().expect("reap gongshi");
            panic!("gongshi ran longer than {time_limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let run = Run {
        code: status.code(),
        stderr: fs::read_to_string(stderr_file.path()).expect("read stderr"),
        elapsed: started.elapsed(),
        peak_mib: peak / 1024,
    };
    eprintln!(
        "{}: {:.2} s, peak RSS at least {} MiB, exit {:?}",
        site.display(),
        run.elapsed.as_secs_f64(),
        run.peak_mib,
        run.code
    );
    assert!(
        status.signal().is_none(),
        "gongshi was killed by signal {:?} (over {memory_limit_mib} MiB of address space?):\n{}",
        status.signal(),
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked"),
        "gongshi panicked:\n{}",
        run.stderr
    );
    run
}

/// Asserts a failed build whose messages contain every one of `expected`.
fn assert_rejected(run: &Run, expected: &[&str]) {
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for text in expected {
        assert!(run.stderr.contains(text), "no {text:?} in:\n{}", run.stderr);
    }
}

fn record_header(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = 2024-05-01\nunits = [\"fgj\"]\ncategory = \"政策文件\"\n+++\n"
    )
}

#[test]
fn record_of_100_mb() {
    let site = copy_fixture("minimal");
    let path = site.path().join("content/disclosures/2024/big.md");
    let mut file = BufWriter::new(fs::File::create(&path).expect("create record"));
    file.write_all(record_header("很大的记录").as_bytes())
        .expect("write");
    let paragraph = "按照县委县政府的统一部署，认真履行向社会公开作出的承诺。\n\n".repeat(100);
    while file.get_ref().metadata().expect("metadata").len() < 100 << 20 {
        file.write_all(paragraph.as_bytes()).expect("write");
    }
    file.flush().expect("flush");
    drop(file);

    let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
    assert_rejected(
        &run,
        &[
            "content/disclosures/2024/big.md:1:1",
            "超过 10 MB 的上限",
            "附件",
        ],
    );
}

#[test]
fn nesting_of_100000_levels() {
    let cases = [
        ("quotes", "> ".repeat(100_000), "4:201:"),
        ("lists", "- ".repeat(100_000), "4:201:"),
        ("ordered", "1. ".repeat(100_000), "4:301:"),
        ("html", "<blockquote>".repeat(100_000), "4:1201:"),
    ];
    for (name, body, location) in cases {
        let site = copy_fixture("minimal");
        write(
            site.path(),
            &format!("content/pages/{name}.md"),
            format!("+++\ntitle = \"嵌套\"\n+++\n{body}x\n"),
        );
        let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
        assert_rejected(
            &run,
            &[
                &format!("content/pages/{name}.md:{location}"),
                "嵌套超过 100 层",
            ],
        );
    }
}

#[test]
fn nesting_in_toml_string() {
    let site = copy_fixture("minimal");
    let body = "\\n> ".repeat(1).to_string() + &"> ".repeat(100_000);
    write(
        site.path(),
        "content/disclosures/2024/deep.toml",
        format!(
            "title = \"嵌套\"\ndate = 2024-05-01\nunits = [\"fgj\"]\ncategory = \"政策文件\"\nbody = \"{body}\"\n"
        ),
    );
    let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
    assert_rejected(
        &run,
        &["content/disclosures/2024/deep.toml:5:8", "嵌套超过 100 层"],
    );
}

#[test]
fn line_of_10_mb() {
    // A 10 MB line with a mobile number at its end: the privacy scan must
    // reach it and report the right column, counted in characters.
    let site = copy_fixture("minimal");
    let filler = "政务诚信".repeat(10_000_000 / "政务诚信".len());
    let characters = filler.chars().count();
    write(
        site.path(),
        "content/disclosures/2024/long.md",
        format!("{}{filler}13812345678\n", record_header("长行")),
    );
    let run = build_bounded(site.path(), Duration::from_secs(30), 1536);
    let location = format!("content/disclosures/2024/long.md:7:{}", characters + 1);
    assert_rejected(&run, &[&location, "手机号"]);
}

#[test]
fn line_of_2_mb_builds() {
    let site = copy_fixture("minimal");
    let filler = "政务诚信".repeat(2_000_000 / "政务诚信".len());
    write(
        site.path(),
        "content/disclosures/2024/long.md",
        format!("{}{filler}\n", record_header("长行")),
    );
    let run = build_bounded(site.path(), Duration::from_secs(60), 1536);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn nul_byte() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/disclosures/2024/nul.md",
        format!("{}第一行\n第二\0行\n", record_header("空字符")),
    );
    let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
    assert_rejected(&run, &["content/disclosures/2024/nul.md:8:3", "NUL 字符"]);
}

#[test]
fn file_name_not_utf8() {
    let site = copy_fixture("minimal");
    let name = std::ffi::OsStr::from_bytes(b"\xb9\xab\xca\xbe.md");
    fs::write(
        site.path().join("content/disclosures/2024").join(name),
        record_header("文件名"),
    )
    .expect("write record");
    let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
    assert_rejected(
        &run,
        &[
            "content/disclosures/2024/",
            "文件名不是有效的 UTF-8",
            "重命名",
        ],
    );
}

#[test]
fn fifty_thousand_files_in_one_folder() {
    let site = copy_fixture("minimal");
    let folder = site.path().join("content/disclosures/scans");
    fs::create_dir_all(&folder).expect("create folder");
    for n in 0..50_000 {
        fs::write(folder.join(format!("scan-{n:05}.pdf")), b"%PDF-1.4\n").expect("write file");
    }
    let run = build_bounded(site.path(), Duration::from_secs(60), 1024);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let warnings = run.stderr.matches("没有被任何记录列为附件").count();
    assert_eq!(warnings, 50_000);
}

#[test]
fn attachment_of_2_gb() {
    let site = copy_fixture("minimal");
    let huge = fs::File::create(site.path().join("content/disclosures/2024/huge.pdf"))
        .expect("create attachment");
    huge.set_len(2 << 30).expect("make sparse file");
    let record = site.path().join("content/disclosures/2024/notice.md");
    let text = fs::read_to_string(&record).expect("read record");
    let text = text.replace("attachments = [", "attachments = [\"huge.pdf\", ");
    fs::write(&record, text).expect("write record");

    let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
    assert_rejected(
        &run,
        &[
            "content/disclosures/2024/notice.md:8:",
            "content/disclosures/2024/huge.pdf 有 2.1 GB，超过 1 GB 的上限",
        ],
    );
}

#[test]
fn symlink_loops() {
    let site = copy_fixture("minimal");
    let pages = site.path().join("content/pages");
    std::os::unix::fs::symlink("b.md", pages.join("a.md")).expect("link");
    std::os::unix::fs::symlink("a.md", pages.join("b.md")).expect("link");
    let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
    assert_rejected(
        &run,
        &["content/pages/a.md:1:1", "content/pages/b.md:1:1", "循环"],
    );

    // A link to a folder above it is not followed, so the walk ends.
    let site = copy_fixture("minimal");
    std::os::unix::fs::symlink("..", site.path().join("content/pages/up")).expect("link");
    let run = build_bounded(site.path(), Duration::from_secs(10), 1024);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn attachment_deleted_before_write() {
    // The widest window: an attachment is listed when the site loads and
    // copied only at the end. Run the stages one by one and delete it between.
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().expect("temp dir");
    let public = output.path().join("public");
    assert!(!build(site.path(), &public).failed());
    let before = read_tree(&public);

    let (outcome, generated) = gongshi::build::generate(&options(site.path()));
    assert!(!outcome.failed());
    let generated = generated.expect("generated files");
    fs::remove_file(site.path().join("content/disclosures/2024/notice.pdf")).expect("delete");
    let lock = gongshi::write::BuildLock::acquire(&public).expect("build lock");
    let error = gongshi::write::write_site(&generated.site_dir, &public, &generated.files, &lock)
        .expect_err("write succeeded without the attachment");
    drop(lock);
    assert!(error.message.contains("复制附件"), "{}", error.message);
    assert!(error.message.contains("notice.pdf"), "{}", error.message);
    assert_eq!(
        read_tree(&public),
        before,
        "output changed by a failed write"
    );
    let mut names: Vec<_> = fs::read_dir(output.path())
        .expect("list")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            std::ffi::OsString::from(".public.gongshi-lock"),
            std::ffi::OsString::from("public")
        ]
    );
}

#[test]
fn record_deleted_during_builds() {
    // A thread deletes and rewrites a record while checks run: each check
    // either succeeds or reports the file, and none panics.
    let site = copy_fixture("minimal");
    let record = site.path().join("content/commitments/2024/first.md");
    let text = fs::read(&record).expect("read record");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flipper = {
        let stop = stop.clone();
        let record = record.clone();
        let text = text.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = fs::remove_file(&record);
                let _ = fs::write(&record, &text);
            }
        })
    };
    let started = Instant::now();
    let mut failures = 0;
    while started.elapsed() < Duration::from_secs(3) {
        let outcome = check(site.path());
        for diagnostic in outcome.diagnostics.iter().filter(|d| d.is_error()) {
            failures += 1;
            let location = diagnostic.location.as_ref().expect("error has a file");
            assert!(
                location.file.ends_with("first.md"),
                "unexpected error: {diagnostic:?}"
            );
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    flipper.join().expect("flipper thread");
    eprintln!("{failures} checks reported the deleted file");
}
