//! `gongshi new`: every kind of record it writes passes `check` once the
//! title (and a unit's name) is filled in, and it never overwrites.

mod support;

use std::process::Command;

use support::*;

fn new(site: &std::path::Path, kind: &str, path: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["new", kind, path, "--site", site.to_str().unwrap()])
        .output()
        .expect("run gongshi new")
}

#[test]
fn every_kind_valid_after_title() {
    let site = copy_fixture("minimal");
    for (kind, path, file) in [
        (
            "commitment",
            "2025/new-one",
            "content/commitments/2025/new-one.md",
        ),
        ("公开", "2025/notice", "content/disclosures/2025/notice.md"),
        ("criticism", "2025/c2", "content/criticisms/2025/c2.md"),
        ("evaluation", "2025/e2", "content/evaluations/2025/e2.md"),
        ("page", "help", "content/pages/help.md"),
        ("unit", "newunit", "content/units/newunit.toml"),
    ] {
        let output = new(site.path(), kind, path);
        assert!(
            output.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = std::fs::read_to_string(site.path().join(file))
            .unwrap_or_else(|_| panic!("{file} written"));
        assert!(text.contains("必填"), "{file} explains required keys");

        let before = check(site.path());
        assert!(before.failed(), "{file} passes check with an empty title");

        let filled = text
            .replacen("title = \"\"", "title = \"新记录\"", 1)
            .replacen("name = \"\"", "name = \"测试县新单位\"", 1);
        write(site.path(), file, filled);
        let outcome = check(site.path());
        assert!(
            outcome.diagnostics.is_empty(),
            "{file}: {:#?}",
            outcome.diagnostics
        );
    }
}

#[test]
fn never_overwrites() {
    let site = copy_fixture("minimal");
    let before = std::fs::read(site.path().join("content/commitments/2024/first.md")).unwrap();
    let output = new(site.path(), "commitment", "2024/first");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("已经存在"));
    assert_eq!(
        std::fs::read(site.path().join("content/commitments/2024/first.md")).unwrap(),
        before
    );
}

#[test]
fn unknown_kind_rejected() {
    let site = copy_fixture("minimal");
    let output = new(site.path(), "memo", "x");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("未知的记录类型"));
}
