//! Incremental rebuilds of `gongshi serve` against full builds. After each
//! edit of a series on a copy of the example site, the session's files
//! must equal those of a full build of the same folder, path for path and
//! byte for byte.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gongshi::build::incremental::Session;
use gongshi::build::{BuildOptions, generate};
use gongshi::model::Date;
use gongshi::render::Contents;

const BASE_URL: &str = "http://127.0.0.1:8080/zwcx/";

fn as_of() -> Date {
    "2025-06-30".parse().expect("valid date")
}

fn options(site: &Path) -> BuildOptions {
    BuildOptions {
        site_dir: site.to_path_buf(),
        output: None,
        base_url: Some(BASE_URL.to_string()),
        as_of: as_of(),
        drafts: false,
        write: false,
    }
}

/// Copies site.toml, content/ and themes/ (when present) of the example site.
fn copy_example(into: &Path) -> PathBuf {
    let root = common::repo_root();
    let site = into.join("site");
    fs::create_dir_all(&site).expect("create site folder");
    // Canonical, as the paths of file events are.
    let site = site.canonicalize().expect("canonical site folder");
    fs::copy(root.join("site.toml"), site.join("site.toml")).expect("copy site.toml");
    for folder in ["content", "themes"] {
        if root.join(folder).is_dir() {
            copy_dir(&root.join(folder), &site.join(folder));
        }
    }
    site
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

thread_local! {
    /// The files changed since the last rebuild, as file events would name
    /// them to `gongshi serve`.
    static CHANGED: std::cell::RefCell<Vec<PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn changed(path: PathBuf) {
    CHANGED.with(|changed| changed.borrow_mut().push(path));
}

/// Saves `text` the way most editors do: a temporary file renamed over the original.
fn save(site: &Path, relative: &str, text: &str) {
    let path = site.join(relative);
    changed(path.clone());
    fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
    let temporary = path.with_extension("tmp~");
    fs::write(&temporary, text).expect("write temporary file");
    fs::rename(&temporary, &path).expect("rename over the original");
}

fn edit(site: &Path, relative: &str, from: &str, to: &str) {
    let text = fs::read_to_string(site.join(relative)).expect("read record");
    assert!(text.contains(from), "{relative} does not contain {from:?}");
    save(site, relative, &text.replacen(from, to, 1));
}

/// Appends a paragraph to the Markdown body of a record.
fn append_to_body(site: &Path, relative: &str, paragraph: &str) {
    let text = fs::read_to_string(site.join(relative)).expect("read record");
    save(site, relative, &format!("{text}\n{paragraph}\n"));
}

/// Rebuilds incrementally, passing the changed files as serve does,
/// then fully, and compares every file and every warning.
fn assert_same_as_full_build(session: &mut Session, site: &Path, step: &str) {
    let changed_files = CHANGED.with(|changed| std::mem::take(&mut *changed.borrow_mut()));
    let outcome = session.rebuild_changed(as_of(), Some(&changed_files));
    assert!(
        !outcome.failed(),
        "{step}: the incremental rebuild failed: {:#?}",
        outcome.diagnostics
    );
    session.rebuild_index();
    assert!(
        session.indexed(),
        "{step}: the search index was not rebuilt"
    );
    let incremental = session.files().expect("files after a good rebuild");

    let (full_outcome, generated) = generate(&options(site));
    let generated = generated.unwrap_or_else(|| {
        panic!(
            "{step}: the full build failed: {:#?}",
            full_outcome.diagnostics
        )
    });

    let messages = |diagnostics: &[gongshi::diag::Diagnostic]| -> Vec<String> {
        diagnostics.iter().map(ToString::to_string).collect()
    };
    assert_eq!(
        messages(&outcome.diagnostics),
        messages(&full_outcome.diagnostics),
        "{step}: the incremental rebuild reports other warnings than the full build"
    );

    let full_paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    let incremental_paths: Vec<&str> = incremental.keys().map(String::as_str).collect();
    let missing: Vec<&&str> = full_paths
        .iter()
        .filter(|path| !incremental.contains_key(**path))
        .collect();
    let extra: Vec<&&str> = incremental_paths
        .iter()
        .filter(|path| !full_paths.contains(path))
        .collect();
    assert!(
        missing.is_empty(),
        "{step}: files missing from the incremental rebuild: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "{step}: files the full build does not make: {extra:?}"
    );

    let differing: Vec<&str> = generated
        .files
        .iter()
        .filter(|file| {
            let kept = incremental.get(&file.path).map(Arc::as_ref);
            !matches!(
                (kept, &file.contents),
                (Some(Contents::Bytes(a)), Contents::Bytes(b)) if a == b
            ) && !matches!(
                (kept, &file.contents),
                (Some(Contents::CopyFrom(a)), Contents::CopyFrom(b)) if a == b
            )
        })
        .map(|file| file.path.as_str())
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: {} files differ from the full build, first ones: {:?}",
        differing.len(),
        &differing[..differing.len().min(10)]
    );
}

#[test]
fn incremental_rebuilds_match_full_builds() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let site = copy_example(folder.path());
    let mut session = Session::new(options(&site));
    assert_same_as_full_build(&mut session, &site, "first build");

    edit(
        &site,
        "content/commitments/2024/task-05.md",
        "全面推进政务公开。",
        "全面推进政务公开工作。",
    );
    assert_same_as_full_build(&mut session, &site, "commitment body edited");

    // Vim's write test file, made and removed within the burst.
    changed(site.join("content/disclosures/2024/4913"));
    append_to_body(
        &site,
        "content/disclosures/2024/xinyongban-2024-3.md",
        "（本文件已于次年复核。）",
    );
    assert_same_as_full_build(&mut session, &site, "disclosure body edited");

    append_to_body(
        &site,
        "content/criticisms/2025/lijiahe-xinguan-jiuzhang.md",
        "（整改情况另行通报。）",
    );
    assert_same_as_full_build(&mut session, &site, "criticism body edited");

    append_to_body(
        &site,
        "content/commitments/2024/task-08.md",
        "详见[整改台账](../../../disclosures/2024/no-such-page/)。",
    );
    assert_same_as_full_build(&mut session, &site, "broken link added to a body");
    let outcome_warnings = session.rebuild(as_of()).diagnostics.len();
    assert!(
        outcome_warnings > 0,
        "a broken link must keep its warning on a rebuild without changes"
    );

    edit(
        &site,
        "content/commitments/2024/task-05.md",
        "title = \"全面推进政务公开\"",
        "title = \"全面推进政务公开（修订）\"",
    );
    assert_same_as_full_build(&mut session, &site, "commitment title edited");

    edit(
        &site,
        "content/evaluations/2025/xiangzhen-2024.toml",
        "title = \"宣恩县2024年度乡镇政务诚信评价结果\"",
        "title = \"宣恩县2024年度乡镇政务诚信评价结果（更正）\"",
    );
    assert_same_as_full_build(&mut session, &site, "evaluation title edited");

    edit(
        &site,
        "content/criticisms/2025/lijiahe-xinguan-jiuzhang.md",
        "title = \"关于李家河镇",
        "title = \"关于宣恩县李家河镇",
    );
    assert_same_as_full_build(&mut session, &site, "criticism title edited");

    edit(
        &site,
        "content/commitments/2024/task-05.md",
        "date = 2024-07-29",
        "date = 2024-03-02",
    );
    assert_same_as_full_build(&mut session, &site, "commitment date moved");

    edit(
        &site,
        "content/commitments/2024/task-05.md",
        "units = [\"zsj\", ",
        "units = [",
    );
    assert_same_as_full_build(&mut session, &site, "unit removed from a commitment");

    let disclosure =
        fs::read_to_string(site.join("content/disclosures/2025/fgj-bumen-yusuan-2025.md"))
            .expect("read disclosure");
    save(
        &site,
        "content/disclosures/2025/fgj-bumen-yusuan-2025-b.md",
        &disclosure.replacen("title = \"", "title = \"补充：", 1),
    );
    assert_same_as_full_build(&mut session, &site, "disclosure added");

    fs::remove_file(site.join("content/criticisms/2024/wanzhai-gongcheng-qiankuan.md"))
        .expect("delete criticism");
    changed(site.join("content/criticisms/2024/wanzhai-gongcheng-qiankuan.md"));
    assert_same_as_full_build(&mut session, &site, "criticism deleted");

    fs::rename(
        site.join("content/commitments/2024/task-06.md"),
        site.join("content/commitments/2024/task-06-renamed.md"),
    )
    .expect("rename commitment");
    changed(site.join("content/commitments/2024/task-06.md"));
    changed(site.join("content/commitments/2024/task-06-renamed.md"));
    assert_same_as_full_build(&mut session, &site, "commitment renamed");

    fs::rename(
        site.join("content/disclosures/2021"),
        site.join("content/disclosures/2021-archive"),
    )
    .expect("rename folder");
    changed(site.join("content/disclosures/2021"));
    changed(site.join("content/disclosures/2021-archive"));
    assert_same_as_full_build(&mut session, &site, "folder renamed");

    edit(
        &site,
        "content/units/fgj.toml",
        "short_name = \"县发改局\"",
        "short_name = \"县发展改革局\"",
    );
    assert_same_as_full_build(&mut session, &site, "unit short name edited");

    edit(
        &site,
        "content/pages/about.md",
        "title = \"关于本平台\"",
        "title = \"关于本平台（说明）\"",
    );
    assert_same_as_full_build(&mut session, &site, "free page edited");

    let evaluation = "content/evaluations/2025/xianzhi-bumen-2024.md";
    let text = fs::read_to_string(site.join(evaluation)).expect("read evaluation");
    save(&site, evaluation, &text.replacen("。", "，经复核。", 1));
    assert_same_as_full_build(&mut session, &site, "evaluation edited");

    edit(
        &site,
        "content/evaluations/2025/xiangzhen-2024.toml",
        "score = 93.0\ngrade = \"优秀\"\nscores = { \"守信践诺\" = 37.5, \"政务公开\" = 23.0, \"失信整改\" = 19.0, \"社会评议\" = 13.5 }",
        "score = 92.0\ngrade = \"优秀\"\nscores = { \"守信践诺\" = 37.5, \"政务公开\" = 23.0, \"失信整改\" = 19.0, \"社会评议\" = 12.5 }",
    );
    assert_same_as_full_build(&mut session, &site, "evaluation score changed");

    edit(
        &site,
        "content/criticisms/2025/lijiahe-xinguan-jiuzhang.md",
        "rectify_by = 2025-06-30",
        "rectify_by = 2025-05-31",
    );
    assert_same_as_full_build(&mut session, &site, "criticism deadline moved");

    let draft = "content/disclosures/2024/xinyongban-2024-3-jiedu.md";
    let text = fs::read_to_string(site.join(draft)).expect("read disclosure");
    let (first, rest) = text.split_once('\n').expect("front matter");
    let title_end = rest.find('\n').expect("title line");
    save(
        &site,
        draft,
        &format!(
            "{first}\n{}\ndraft = true{}",
            &rest[..title_end],
            &rest[title_end..]
        ),
    );
    assert_same_as_full_build(&mut session, &site, "disclosure made a draft");

    // A mistake keeps the last good files; fixing it and editing another
    // record brings both changes.
    let criticism = "content/criticisms/2025/xiaoguan-zhaoshang-xieyi.md";
    let good = fs::read_to_string(site.join(criticism)).expect("read criticism");
    save(
        &site,
        criticism,
        &good.replacen("title = ", "title = = ", 1),
    );
    let before =
        std::collections::BTreeSet::from_iter(session.files().expect("files").keys().cloned());
    let changed_files = CHANGED.with(|changed| std::mem::take(&mut *changed.borrow_mut()));
    let outcome = session.rebuild_changed(as_of(), Some(&changed_files));
    assert!(outcome.failed(), "a broken record must fail the rebuild");
    let after =
        std::collections::BTreeSet::from_iter(session.files().expect("files kept").keys().cloned());
    assert_eq!(
        before, after,
        "a failed rebuild must keep the last good files"
    );
    save(&site, criticism, &good.replacen("。", "；", 1));
    edit(
        &site,
        "content/commitments/2024/task-07.md",
        "+++\n\n",
        "+++\n\n补充说明。\n\n",
    );
    assert_same_as_full_build(&mut session, &site, "error fixed and another record edited");

    edit(
        &site,
        "themes/default/templates/base.html",
        "数据截至 <time",
        "数据更新至 <time",
    );
    assert_same_as_full_build(&mut session, &site, "template edited");

    edit(&site, "site.toml", "title = \"", "title = \"（测试）");
    assert_same_as_full_build(&mut session, &site, "site.toml edited");
}

/// A record too old for any feed: its edit makes no feed, which the
/// rebuild finds from the feeds' dependencies without listing entries.
#[test]
fn edit_outside_every_feed_matches_full_build() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let site = copy_example(folder.path());
    let old = "content/disclosures/2021/zfb-shixin-tousu-zanxing.md";
    let text = fs::read_to_string(site.join(old)).expect("read disclosure");
    // Newer records of the same unit push it out of the unit's, the
    // kind's and the whole portal's feeds, which show 100 entries each.
    for number in 0..110 {
        let copy: String = text
            .lines()
            .filter(|line| {
                !line.starts_with("updated")
                    && !line.starts_with("doc_no")
                    && !line.starts_with("index_no")
            })
            .map(|line| match line {
                l if l.starts_with("title = ") => {
                    format!("title = \"失信投诉处理情况通报（第 {number} 期）\"")
                }
                l if l.starts_with("date = ") => "date = 2025-06-25".to_string(),
                l => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        save(
            &site,
            &format!("content/disclosures/2025/tousu-{number:03}.md"),
            &format!("{copy}\n"),
        );
    }
    let mut session = Session::new(options(&site));
    assert_same_as_full_build(&mut session, &site, "first build with 110 newer records");

    append_to_body(&site, old, "（本办法已废止，仅供查阅。）");
    assert_same_as_full_build(&mut session, &site, "body of a record in no feed edited");

    edit(
        &site,
        old,
        "title = \"宣恩县人民政府办公室",
        "title = \"县政府办公室",
    );
    assert_same_as_full_build(&mut session, &site, "title of a record in no feed edited");
}
