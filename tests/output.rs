//! The write stage and the command line: determinism, atomic output,
//! refusal of dangerous output folders, links under a sub-path, exit codes.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use support::*;

const BINARY: &str = env!("CARGO_BIN_EXE_gongshi");

fn gongshi(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut command = Command::new(BINARY);
    command.args(args);
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().expect("run gongshi")
}

fn build_with_binary(site: &Path, output: &Path, envs: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    let result = gongshi(
        &[
            "build",
            "--site",
            site.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--as-of",
            "2025-06-30",
            "--quiet",
        ],
        envs,
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    read_tree(output)
}

#[test]
fn builds_are_byte_identical() {
    let site = copy_fixture("minimal");
    copy_dir(&fixture_path("publication"), site.path());
    let output = tempfile::tempdir().unwrap();
    let one_thread = build_with_binary(
        site.path(),
        &output.path().join("a"),
        &[("RAYON_NUM_THREADS", "1"), ("TZ", "Asia/Shanghai")],
    );
    let two_threads = build_with_binary(
        site.path(),
        &output.path().join("b"),
        &[("RAYON_NUM_THREADS", "2"), ("TZ", "America/New_York")],
    );
    let again = build_with_binary(
        site.path(),
        &output.path().join("c"),
        &[("RAYON_NUM_THREADS", "2"), ("TZ", "UTC")],
    );
    assert!(one_thread.len() > 10, "too few files: {}", one_thread.len());
    assert_eq!(
        one_thread.iter().map(|f| &f.0).collect::<Vec<_>>(),
        two_threads.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, a), (_, b)) in one_thread.iter().zip(&two_threads) {
        assert!(a == b, "{path} differs between 1 and 2 threads");
    }
    assert_eq!(two_threads, again);
}

#[test]
fn failed_build_keeps_previous_output() {
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    assert!(!build(site.path(), &public).failed());
    let before = read_tree(&public);

    write(
        site.path(),
        "content/commitments/2024/first.md",
        "+++\ntitle = “坏”\n+++\n",
    );
    let outcome = build(site.path(), &public);
    assert!(outcome.failed());
    assert_eq!(
        read_tree(&public),
        before,
        "output changed by a failed build"
    );
    // The build lock file stays beside the output; see src/write/lock.rs.
    let mut leftovers: Vec<_> = fs::read_dir(output.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        vec![
            std::ffi::OsString::from(".public.gongshi-lock"),
            std::ffi::OsString::from("public")
        ]
    );
}

#[test]
fn no_file_of_earlier_build_survives() {
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    write(
        site.path(),
        "content/commitments/2024/extra.md",
        "+++\ntitle = \"临时承诺\"\ndate = 2024-08-01\nunits = [\"fgj\"]\ncategory = \"服务承诺\"\n+++\n",
    );
    assert!(!build(site.path(), &public).failed());
    assert!(public.join("commitments/2024/extra/index.html").is_file());

    fs::remove_file(site.path().join("content/commitments/2024/extra.md")).unwrap();
    assert!(!build(site.path(), &public).failed());
    assert!(!public.join("commitments/2024/extra").exists());
    let files = read_tree(&public);
    assert!(
        files
            .iter()
            .all(|(_, bytes)| !String::from_utf8_lossy(bytes).contains("临时承诺"))
    );
}

#[test]
fn killed_build_is_recovered() {
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    assert!(!build(site.path(), &public).failed());
    let before = read_tree(&public);

    // The state a build killed between its two renames leaves: the old
    // site parked beside the output, a half-written staging folder.
    fs::rename(&public, output.path().join(".public.gongshi-old")).unwrap();
    write(output.path(), ".public.gongshi-staging/half.html", "<p>");
    gongshi::write::recover(&public).unwrap();
    assert_eq!(read_tree(&public), before);
    assert!(!output.path().join(".public.gongshi-staging").exists());
    assert!(!output.path().join(".public.gongshi-old").exists());
}

#[test]
fn output_refuses_site_and_foreign_folders() {
    let site = copy_fixture("minimal");
    let foreign = tempfile::tempdir().unwrap();
    fs::write(foreign.path().join("报告.docx"), "x").unwrap();
    for (output, reason) in [
        (site.path().to_path_buf(), "站点文件夹"),
        (site.path().join("content"), "content/"),
        (site.path().join("content/pages"), "content/"),
        (foreign.path().to_path_buf(), "不是 gongshi 生成的"),
    ] {
        let outcome = build(site.path(), &output);
        assert!(outcome.failed(), "{} accepted", output.display());
        let message = &outcome.diagnostics.last().unwrap().message;
        assert!(message.contains(reason), "{message}");
    }
    assert!(foreign.path().join("报告.docx").is_file());
    assert!(site.path().join("content/units/fgj.toml").is_file());
}

/// Every `href` and `src` in a page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=", "src="] {
        for piece in html.split(attribute).skip(1) {
            let value = match piece.chars().next() {
                Some(quote @ ('"' | '\'')) => piece[1..].split(quote).next().unwrap_or(""),
                _ => piece
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            found.push(value.replace("&amp;", "&"));
        }
    }
    found
}

#[test]
fn links_resolve_under_sub_path() {
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    assert!(!build(site.path(), &public).failed());

    let mut checked = 0;
    for (path, bytes) in read_tree(&public)
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        for link in links(&String::from_utf8_lossy(bytes)) {
            if link.starts_with('#')
                || link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
            {
                assert!(
                    !link.starts_with("http://www.example.gov.cn"),
                    "{path}: absolute own link {link}"
                );
                continue;
            }
            assert!(
                link.starts_with("/zwcx/"),
                "{path}: link {link} is not under /zwcx/"
            );
            let target = link
                .trim_start_matches("/zwcx/")
                .split(['#', '?'])
                .next()
                .unwrap_or("");
            let file = if target.is_empty() || target.ends_with('/') {
                public.join(target).join("index.html")
            } else {
                public.join(target)
            };
            assert!(file.is_file(), "{path}: link {link} points to nothing");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} internal links checked");
}

#[test]
fn check_exit_statuses() {
    let site = copy_fixture("minimal");
    let site_arg = site.path().to_str().unwrap();
    let ok = gongshi(&["check", "--site", site_arg, "--as-of", "2025-06-30"], &[]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stderr).contains("检查通过"));

    write(
        site.path(),
        "content/units/fgj.toml",
        "name = \"县发改局\"\nkind = \"机关\"\nuscc = \"114228250000000195\"\n",
    );
    let bad = gongshi(&["check", "--site", site_arg, "--as-of", "2025-06-30"], &[]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("content/units/fgj.toml:2:8: 错误：kind 的值“机关”不在允许的范围内"),
        "{stderr}"
    );
    assert!(
        stderr.contains("修改方法：可用的值：党政机关（organ）"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists(), "check wrote output");

    let usage = gongshi(&["build", "--no-such-option"], &[]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("未知的选项"));

    let bad_date = gongshi(&["check", "--site", site_arg, "--as-of", "2025-02-30"], &[]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("--as-of"));
}
