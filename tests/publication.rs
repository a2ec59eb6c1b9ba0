//! The publication rules: a withheld record appears in no output file,
//! not even as a count, a sitemap entry or an attachment.

mod support;

use std::path::Path;

use gongshi::build::{BuildOptions, run};
use support::*;

/// Builds and returns every output file except gongshi's marker.
fn build_ok(options: BuildOptions) -> Vec<(String, Vec<u8>)> {
    let output = options.output.clone().expect("output set");
    let outcome = run(&options);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    read_tree(&output)
        .into_iter()
        .filter(|(path, _)| !path.starts_with(".gongshi"))
        .collect()
}

fn build_options(site: &Path, output: &Path) -> BuildOptions {
    BuildOptions {
        output: Some(output.to_path_buf()),
        write: true,
        ..options(site)
    }
}

fn files_containing<'a>(files: &'a [(String, Vec<u8>)], needle: &str) -> Vec<&'a str> {
    files
        .iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path.as_str())
        .collect()
}

#[test]
fn withheld_records_in_no_file() {
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    let files = build_ok(build_options(site.path(), &output.path().join("public")));
    assert!(
        files.iter().any(|(path, _)| path == "index.html"),
        "site was built"
    );

    for (marker, rule) in [
        ("标记甲", "draft"),
        ("标记乙", "dated after the as-of date"),
        ("标记丙", "criticism past publish_until"),
        ("标记丁", "repaired criticism"),
        ("标记戊", "revoked criticism"),
        ("marker-jia", "attachment listed only by a draft"),
        (
            "marker-ding",
            "attachment listed only by a repaired criticism",
        ),
    ] {
        assert_eq!(
            files_containing(&files, marker),
            Vec::<&str>::new(),
            "{rule} leaked"
        );
    }
    for path in [
        "commitments/2024/draft-only.pdf",
        "criticisms/2024/repaired-only.pdf",
        "disclosures/2025/future/index.html",
    ] {
        assert!(!files.iter().any(|(p, _)| p == path), "{path} was written");
    }
}

#[test]
fn withdrawn_criticism_url_serves_notice() {
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    let files = build_ok(build_options(site.path(), &output.path().join("public")));
    for url in [
        "criticisms/2021/expired/index.html",
        "criticisms/2024/repaired/index.html",
        "criticisms/2024/revoked/index.html",
    ] {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == url)
            .unwrap_or_else(|| panic!("no notice at {url}"));
        let html = String::from_utf8_lossy(bytes);
        assert!(html.contains("不再公示"), "{url} is not the notice page");
        for marker in [
            "标记丙",
            "标记丁",
            "标记戊",
            "珠山镇拖欠",
            "拖欠企业账款",
            "新官不理旧账",
        ] {
            assert!(!html.contains(marker), "{url} shows {marker}");
        }
    }
    // A draft was never public, so its URL is simply absent.
    assert!(
        !files
            .iter()
            .any(|(p, _)| p == "commitments/2024/draft/index.html")
    );
}

#[test]
fn withdrawn_notice_not_in_sitemap() {
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    let files = build_ok(build_options(site.path(), &output.path().join("public")));
    let (_, sitemap) = files
        .iter()
        .find(|(p, _)| p == "sitemap.xml")
        .expect("sitemap.xml");
    let sitemap = String::from_utf8_lossy(sitemap);
    assert!(sitemap.contains("https://www.example.gov.cn/zwcx/commitments/2024/first/"));
    for withheld in [
        "criticisms/2021/expired/",
        "criticisms/2024/repaired/",
        "criticisms/2024/revoked/",
        "disclosures/2025/future/",
        "commitments/2024/draft/",
    ] {
        assert!(!sitemap.contains(withheld), "sitemap lists {withheld}");
    }
}

#[test]
fn drafts_flag_publishes_drafts() {
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        drafts: true,
        ..build_options(site.path(), &output.path().join("public"))
    };
    let files = build_ok(options);
    assert!(
        !files_containing(&files, "标记甲").is_empty(),
        "draft missing with --drafts"
    );
    assert!(
        files_containing(&files, "标记乙").is_empty(),
        "--drafts must not publish future records"
    );
}

#[test]
fn criticism_published_until_last_day() {
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    // 2021-03-01 plus 36 months is 2024-03-01: shown on that day, gone after.
    let on_last_day = BuildOptions {
        as_of: gongshi::model::Date::constant(2024, 3, 1),
        ..build_options(site.path(), &output.path().join("a"))
    };
    assert!(!files_containing(&build_ok(on_last_day), "标记丙").is_empty());
    let day_after = BuildOptions {
        as_of: gongshi::model::Date::constant(2024, 3, 2),
        ..build_options(site.path(), &output.path().join("b"))
    };
    assert!(files_containing(&build_ok(day_after), "标记丙").is_empty());
}

#[test]
fn repaired_criticism_shown_before_repair_date() {
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    let before = BuildOptions {
        as_of: gongshi::model::Date::constant(2025, 1, 14),
        ..build_options(site.path(), &output.path().join("public"))
    };
    let files = build_ok(before);
    assert!(!files_containing(&files, "标记丁").is_empty());
    assert!(
        files_containing(&files, "修复说明含有标记丁").is_empty(),
        "repair note shown before the repair"
    );
}

#[test]
fn require_review_withholds_unapproved() {
    let site = publication_site();
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    write(
        site.path(),
        "site.toml",
        format!("{config}\n[publication]\nrequire_review = true\n"),
    );
    write(
        site.path(),
        "content/pages/about.md",
        "+++\ntitle = \"关于本平台\"\nmenu = 1\n\n[review]\napproved_by = \"办公室主任\"\napproved_on = 2024-07-01\n+++\n已审核的页面。\n",
    );

    let outcome = check(site.path());
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let pending: Vec<String> = outcome
        .pending_reviews
        .iter()
        .map(|p| gongshi::diag::display_path(&p.source))
        .collect();
    assert!(
        pending.contains(&"content/pages/unreviewed.md".to_string()),
        "{pending:?}"
    );
    assert!(
        pending.contains(&"content/commitments/2024/first.md".to_string()),
        "{pending:?}"
    );
    assert!(
        !pending.contains(&"content/pages/about.md".to_string()),
        "{pending:?}"
    );

    let output = tempfile::tempdir().unwrap();
    let files = build_ok(build_options(site.path(), &output.path().join("public")));
    assert!(
        files_containing(&files, "标记己").is_empty(),
        "unreviewed page published"
    );
    assert!(
        files_containing(&files, "建立政府信用档案").is_empty(),
        "unreviewed commitment published"
    );
    assert!(
        !files_containing(&files, "已审核的页面").is_empty(),
        "approved page missing"
    );
    assert!(
        files_containing(&files, "办公室主任").is_empty(),
        "review data published"
    );
}

#[test]
fn drafts_preview_not_indexed() {
    let site = publication_site();
    let output = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        drafts: true,
        ..build_options(site.path(), &output.path().join("public"))
    };
    let files = build_ok(options);
    let (_, page) = files
        .iter()
        .find(|(p, _)| p == "commitments/2024/draft/index.html")
        .expect("draft page");
    assert!(
        String::from_utf8_lossy(page).contains("noindex"),
        "draft page lacks noindex"
    );
    let (_, sitemap) = files.iter().find(|(p, _)| p == "sitemap.xml").unwrap();
    assert!(
        !String::from_utf8_lossy(sitemap).contains("commitments/2024/draft/"),
        "sitemap lists the draft"
    );
}
