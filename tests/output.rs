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
    build_with_args(site, output, &["--as-of", "2025-06-30"], envs)
}

/// Builds a site with the binary. An environment value of "" removes the
/// variable, so that the build gets the default (e.g. rayon's thread count).
fn build_with_args(
    site: &Path,
    output: &Path,
    extra: &[&str],
    envs: &[(&str, &str)],
) -> Vec<(String, Vec<u8>)> {
    let mut command = Command::new(BINARY);
    command.args([
        "build",
        "--site",
        site.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--quiet",
    ]);
    command.args(extra);
    for (key, value) in envs {
        if value.is_empty() {
            command.env_remove(key);
        } else {
            command.env(key, value);
        }
    }
    let result = command.output().expect("run gongshi");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    read_tree(output)
}

/// Asserts two output trees are byte-identical, naming the files that are
/// missing from one or the first file that differs.
fn assert_same_tree(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)], what: &str) {
    let names = |tree: &[(String, Vec<u8>)]| -> std::collections::BTreeSet<String> {
        tree.iter().map(|(path, _)| path.clone()).collect()
    };
    let (names_a, names_b) = (names(a), names(b));
    let only_a: Vec<_> = names_a.difference(&names_b).collect();
    let only_b: Vec<_> = names_b.difference(&names_a).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "file lists differ between {what}: only in the first {only_a:?}, only in the second {only_b:?}"
    );
    for ((path, a), (_, b)) in a.iter().zip(b) {
        assert!(a == b, "{path} differs between {what}");
    }
}

#[test]
fn builds_are_byte_identical() {
    let site = copy_fixture("minimal");
    copy_dir(&fixture_path("publication"), site.path());
    let output = tempfile::tempdir().unwrap();
    // "" leaves RAYON_NUM_THREADS unset: one thread per core.
    let runs = [
        ("1", "Asia/Shanghai"),
        ("", "UTC"),
        ("2", "America/Los_Angeles"),
        ("", "America/New_York"),
    ];
    let first = build_with_binary(
        site.path(),
        &output.path().join("0"),
        &[("RAYON_NUM_THREADS", runs[0].0), ("TZ", runs[0].1)],
    );
    assert!(first.len() > 10, "too few files: {}", first.len());
    for (n, (threads, zone)) in runs.iter().enumerate().skip(1) {
        let tree = build_with_binary(
            site.path(),
            &output.path().join(n.to_string()),
            &[("RAYON_NUM_THREADS", threads), ("TZ", zone)],
        );
        let what = format!("{runs:?}[0] and threads {threads:?} in {zone}");
        assert_same_tree(&first, &tree, &what);
    }
}

/// Names of a folder's entries in the order the file system lists them.
fn listing(folder: &Path) -> Vec<std::ffi::OsString> {
    fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect()
}

#[test]
fn listing_order_does_not_matter() {
    // tmpfs lists a folder's entries in an order that follows their
    // creation, while ext4 lists them by a hash of the name, so the sites
    // go on tmpfs where there is one. The assert below checks the orders differ.
    let base = if Path::new("/dev/shm").is_dir() {
        Path::new("/dev/shm")
    } else {
        Path::new("/tmp")
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let template = publication_site();
    for entry in walkdir::WalkDir::new(template.path()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(template.path()).unwrap();
            files.push((
                relative.to_string_lossy().into_owned(),
                fs::read(entry.path()).unwrap(),
            ));
        }
    }
    for n in 0..30 {
        let text = format!(
            "+++\ntitle = \"批量承诺{n}\"\ndate = 2024-03-{:02}\nunits = [\"fgj\"]\ncategory = \"服务承诺\"\n+++\n正文。\n",
            n % 28 + 1
        );
        files.push((
            format!("content/commitments/batch/b{n:02}.md"),
            text.into_bytes(),
        ));
    }

    let forward = tempfile::tempdir_in(base).unwrap();
    let backward = tempfile::tempdir_in(base).unwrap();
    for (path, bytes) in &files {
        write(forward.path(), path, bytes);
    }
    for (path, bytes) in files.iter().rev() {
        write(backward.path(), path, bytes);
    }
    let batch = "content/commitments/batch";
    assert_ne!(
        listing(&forward.path().join(batch)),
        listing(&backward.path().join(batch)),
        "{} lists both folders in one order, so this test would prove nothing",
        base.display()
    );

    let output = tempfile::tempdir().unwrap();
    let a = build_with_binary(forward.path(), &output.path().join("a"), &[]);
    let b = build_with_binary(backward.path(), &output.path().join("b"), &[]);
    assert!(a.iter().any(|(path, _)| path.contains("batch/b29")));
    assert_same_tree(&a, &b, "two creation orders");
}

#[test]
fn default_as_of_ignores_time_zone() {
    // Without --as-of the date is today in China Standard Time. The runs
    // are repeated once if China's date changed between them.
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    for attempt in 0..2 {
        let day = gongshi::build::today_in_china();
        let trees: Vec<_> = ["UTC", "Asia/Shanghai", "America/Los_Angeles"]
            .iter()
            .map(|zone| {
                let folder = output
                    .path()
                    .join(format!("{attempt}-{zone}").replace('/', "-"));
                build_with_args(site.path(), &folder, &[], &[("TZ", zone)])
            })
            .collect();
        if gongshi::build::today_in_china() != day && attempt == 0 {
            continue;
        }
        let home = &trees[0]
            .iter()
            .find(|(path, _)| path == "index.html")
            .expect("home page")
            .1;
        assert!(
            String::from_utf8_lossy(home).contains(&day.to_string()),
            "the home page does not show the as-of date {day}"
        );
        assert_same_tree(&trees[0], &trees[1], "TZ=UTC and TZ=Asia/Shanghai");
        assert_same_tree(&trees[0], &trees[2], "TZ=UTC and TZ=America/Los_Angeles");
        return;
    }
}

#[test]
fn china_date_changes_at_its_midnight() {
    let cases = [
        ("2024-12-31T15:59:59Z", (2024, 12, 31)),
        ("2024-12-31T16:00:00Z", (2025, 1, 1)),
        ("2025-03-09T07:30:00Z", (2025, 3, 9)),
        ("2025-03-08T23:30:00-08:00", (2025, 3, 9)),
    ];
    for (instant, (year, month, day)) in cases {
        let instant: jiff::Timestamp = instant.parse().unwrap();
        assert_eq!(
            gongshi::build::date_in_china(instant),
            gongshi::model::Date::constant(year, month, day),
            "{instant}"
        );
    }
}

/// Builds a copy of the minimal fixture into `public` inside a new
/// folder; returns the site, that folder, the output and its files.
fn built_minimal_site() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    std::path::PathBuf,
    Vec<(String, Vec<u8>)>,
) {
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    assert!(!build(site.path(), &public).failed());
    let before = read_tree(&public);
    (site, output, public, before)
}

#[test]
fn failed_build_keeps_previous_output() {
    let (site, output, public, before) = built_minimal_site();

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

/// A template error stops the build after the staging folder has been
/// opened and pages may have gone into it: the staging folder must go and
/// the output stay as it was.
#[test]
fn failed_render_keeps_previous_output() {
    let (site, output, public, before) = built_minimal_site();

    write(
        site.path(),
        "themes/default/templates/base.html",
        "<!doctype html><title>{{ page.title </title>",
    );
    let outcome = build(site.path(), &public);
    assert!(outcome.failed());
    assert!(
        outcome.diagnostics.iter().any(|d| d
            .location
            .as_ref()
            .is_some_and(|l| l.file.ends_with("base.html"))),
        "{:?}",
        outcome.diagnostics
    );
    assert_eq!(
        read_tree(&public),
        before,
        "output changed by a failed build"
    );
    assert!(!output.path().join(".public.gongshi-staging").exists());
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
