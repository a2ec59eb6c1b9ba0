//! Tests of the whole render stage on a hand-built site.

mod fixture;

use std::collections::BTreeMap;
use std::path::Path;

use super::{Contents, Dependency, OutputFile, render};
use crate::load::theme::{ThemeFile, ThemeFiles, builtin_theme};
use crate::model::Site;
use crate::model::publish::{PublishOptions, publish};

fn render_site(site: &Site, theme: &ThemeFiles) -> Vec<OutputFile> {
    let published = publish(
        site,
        PublishOptions {
            as_of: fixture::AS_OF,
            drafts: false,
        },
    );
    match render(&published, theme) {
        Ok(files) => files,
        Err(diagnostics) => panic!("render failed: {:#?}", diagnostics.sorted()),
    }
}

fn rendered() -> BTreeMap<String, OutputFile> {
    render_site(&fixture::site(), &builtin_theme())
        .into_iter()
        .map(|file| (file.path.clone(), file))
        .collect()
}

fn text(file: &OutputFile) -> &str {
    match &file.contents {
        Contents::Bytes(bytes) => std::str::from_utf8(bytes).expect("output is UTF-8"),
        Contents::CopyFrom(_) => "",
    }
}

fn page<'a>(files: &'a BTreeMap<String, OutputFile>, path: &str) -> &'a str {
    text(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} not rendered")),
    )
}

/// Values of an attribute in minified HTML, where values may be quoted
/// with `"`, `'` or not at all.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        rest = &rest[start + needle.len()..];
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        values.push(value.replace("&amp;", "&"));
    }
    values
}

fn html_files(files: &BTreeMap<String, OutputFile>) -> impl Iterator<Item = (&String, &str)> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, file)| (path, text(file)))
}

#[test]
fn withheld_records_in_no_file() {
    let files = rendered();
    for (path, file) in &files {
        for secret in fixture::SECRETS {
            assert!(!path.contains(secret), "{path} is a withheld file");
            assert!(!text(file).contains(secret), "{path} contains {secret}");
        }
    }
    for withheld in [
        "commitments/2024/draft/index.html",
        "commitments/2024/future/index.html",
    ] {
        assert!(!files.contains_key(withheld), "{withheld} rendered");
    }
    assert!(!files.contains_key("commitments/2024/secret-attachment.pdf"));
}

#[test]
fn notice_page_holds_nothing_of_record() {
    let files = rendered();
    let notice = page(&files, &format!("{}index.html", fixture::REVOKED_URL));
    assert!(
        notice.contains("依据相关规定，该信息已不再公示"),
        "{notice}"
    );
    for fragment in [
        "REVOKED-SECRET",
        "已撤销的通报",
        "异议成立",
        "拖欠企业账款",
        "县财政局",
    ] {
        assert!(!notice.contains(fragment), "notice contains {fragment}");
    }
    assert!(notice.contains("noindex"));

    for withdrawn in [
        "criticisms/2023/repaired/index.html",
        "criticisms/2020/expired/index.html",
    ] {
        assert!(
            page(&files, withdrawn).contains("依据相关规定，该信息已不再公示"),
            "{withdrawn}"
        );
    }
    let sitemap = page(&files, "sitemap.xml");
    assert!(!sitemap.contains(fixture::REVOKED_URL), "{sitemap}");
}

#[test]
fn links_stay_under_sub_path() {
    let files = rendered();
    let allowed_external = [
        "https://beian.miit.gov.cn/",
        "https://beian.mps.gov.cn/",
        "https://zfwzgl.www.gov.cn/",
        "https://www.example.gov.cn/zwcx/",
        "tel:",
    ];
    for (path, html) in html_files(&files) {
        for attribute in ["href", "src", "action"] {
            for value in attribute_values(html, attribute) {
                // Relative URLs (content's `x.png`, `#main`) resolve below the page, inside /zwcx/.
                let relative = !value.starts_with('/') && !value.contains(':');
                let inside = relative
                    || value.starts_with("/zwcx/")
                    || allowed_external
                        .iter()
                        .any(|prefix| value.starts_with(prefix));
                assert!(inside, "{path}: {attribute}={value} is outside /zwcx/");
            }
        }
    }
}

#[test]
fn ties_shown_as_shared_rank() {
    let files = rendered();
    let evaluation = page(&files, "evaluations/2024/annual/index.html");
    assert_eq!(evaluation.matches("2（并列）").count(), 2, "{evaluation}");
    assert!(evaluation.contains("未排名"));
    assert!(evaluation.contains("<svg"), "chart missing");
    assert!(evaluation.contains("95.5"));

    let archive = page(&files, "units/czj/index.html");
    assert!(archive.contains("2（并列） / 3"), "{archive}");
}

#[test]
fn pagination_splits_at_twenty() {
    let files = rendered();
    let first = page(&files, "commitments/index.html");
    let second = page(&files, "commitments/page/2/index.html");
    assert_eq!(first.matches("item-title").count(), 20);
    assert_eq!(second.matches("item-title").count(), 1);
    assert!(!files.contains_key("commitments/page/3/index.html"));
    assert!(first.contains("/zwcx/commitments/page/2/"));
    assert!(second.contains("第 2 页，共 2 页"));

    // Newest first: task-21 heads page one, task-01 is alone on page two.
    assert!(first.find("承诺事项第21项") < first.find("承诺事项第20项"));
    assert!(second.contains("承诺事项第1项"));

    let by_unit = page(&files, "commitments/unit/fgj/page/2/index.html");
    assert_eq!(by_unit.matches("item-title").count(), 1);
}

#[test]
fn browse_pages_by_facet() {
    let files = rendered();
    for path in [
        "commitments/status/index.html",
        "commitments/status/overdue/index.html",
        "commitments/status/fulfilled/index.html",
        "commitments/year/2024/index.html",
        "commitments/category/fwcn/index.html",
        "disclosures/status/repealed/index.html",
        "criticisms/status/overdue/index.html",
        "evaluations/unit/czj/index.html",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
    let overdue = page(&files, "commitments/status/overdue/index.html");
    assert_eq!(overdue.matches("item-title").count(), 1);
    assert!(overdue.contains("已逾期（期限 2024-06-30）"), "{overdue}");
}

#[test]
fn markdown_sanitised_in_record() {
    let files = rendered();
    let record = page(&files, "disclosures/2024/notice-1/index.html");
    assert!(!record.contains("<script>alert"), "script kept");
    assert!(!record.contains("onerror"), "event handler kept");
    assert!(
        !record.to_ascii_lowercase().contains("javascript:"),
        "javascript: link kept"
    );
    assert!(
        record.contains("{{ site.title }}"),
        "template syntax in content was evaluated"
    );
}

#[test]
fn record_page_shows_fields_and_files() {
    let files = rendered();
    let record = page(&files, "commitments/2024/task-02/index.html");
    for expected in [
        "已逾期（期限 2024-06-30）",
        "推进中",
        "2024-05-01",
        "完成招标。",
        "progress.pdf",
        "356 KB",
        "/zwcx/units/fgj/",
    ] {
        assert!(record.contains(expected), "{expected} missing");
    }
    let plan = page(&files, "commitments/2024/task-03/index.html");
    assert!(plan.contains("持续实施"));
    assert!(plan.contains("1.2 MB"));

    let copy = &files["commitments/2024/plan.pdf"];
    assert!(
        matches!(&copy.contents, Contents::CopyFrom(source) if source == Path::new("content/commitments/2024/plan.pdf"))
    );
    assert_eq!(
        copy.deps,
        vec![Dependency::Record("commitments/2024/task-03".to_string())]
    );
}

#[test]
fn every_page_has_banner_date_and_one_h1() {
    let files = rendered();
    for (path, html) in html_files(&files) {
        assert!(
            html.contains("lang=zh-CN") || html.contains("lang=\"zh-CN\""),
            "{path}: no lang"
        );
        assert!(html.contains("示例数据"), "{path}: no sample banner");
        assert!(html.contains("数据截至"), "{path}: no as-of date");
        assert!(html.contains("2024-08-01"), "{path}: wrong as-of date");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: h1 count");
        assert!(html.contains("鄂ICP备05002862号"), "{path}: no footer");
    }
}

#[test]
fn dissolved_unit_links_successor() {
    let files = rendered();
    let archive = page(&files, "units/old/index.html");
    assert!(archive.contains("2019-03-01"));
    assert!(archive.contains("/zwcx/units/fgj/"));
    let successor = page(&files, "units/fgj/index.html");
    assert!(successor.contains("前身单位"));
    let pending = page(&files, "units/jyj/index.html");
    assert!(pending.contains("待赋码"));
}

#[test]
fn sitemap_lists_published_pages() {
    let files = rendered();
    let sitemap = page(&files, "sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://www.example.gov.cn/zwcx/commitments/2024/task-01/</loc><lastmod>2024-01-01</lastmod>"
        )
    );
    assert!(sitemap.contains("<loc>https://www.example.gov.cn/zwcx/</loc>"));
    assert!(!sitemap.contains("404"));
    let robots = page(&files, "robots.txt");
    assert!(robots.contains("Sitemap: https://www.example.gov.cn/zwcx/sitemap.xml"));
}

#[test]
fn record_deps_name_inputs() {
    let files = rendered();
    let deps = &files["commitments/2024/task-01/index.html"].deps;
    for expected in [
        Dependency::Record("commitments/2024/task-01".to_string()),
        Dependency::Unit("fgj".to_string()),
        Dependency::Template("templates/record.html".to_string()),
        Dependency::Template("templates/base.html".to_string()),
        Dependency::Template("templates/components.html".to_string()),
        Dependency::Config,
    ] {
        assert!(
            deps.contains(&expected),
            "{expected:?} missing from {deps:?}"
        );
    }
    let list_deps = &files["commitments/index.html"].deps;
    assert!(list_deps.contains(&Dependency::Kind("commitments")));
}

#[test]
fn render_is_deterministic() {
    let site = fixture::site();
    let theme = builtin_theme();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| render_site(&site, &theme))
    };
    let single_thread = run(1);
    let four_threads = run(4);
    assert_eq!(single_thread.len(), four_threads.len());
    for (a, b) in single_thread.iter().zip(&four_threads) {
        assert_eq!(a.path, b.path);
        match (&a.contents, &b.contents) {
            (Contents::Bytes(x), Contents::Bytes(y)) => assert!(x == y, "{} differs", a.path),
            (Contents::CopyFrom(x), Contents::CopyFrom(y)) => {
                assert_eq!(x, y, "{} differs", a.path)
            }
            _ => panic!("{} changed kind", a.path),
        }
        assert_eq!(a.deps, b.deps, "{} deps differ", a.path);
    }
    let paths: Vec<&String> = single_thread.iter().map(|f| &f.path).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

fn theme_with(key: &str, source: &str) -> ThemeFiles {
    let mut theme = builtin_theme();
    let file = ThemeFile {
        bytes: source.as_bytes().to_vec(),
        source: Some(Path::new("themes/default").join(key)),
    };
    theme.files.insert(key.to_string(), file);
    theme
}

fn render_error(theme: &ThemeFiles) -> Vec<crate::diag::Diagnostic> {
    let site = fixture::site();
    let published = publish(
        &site,
        PublishOptions {
            as_of: fixture::AS_OF,
            drafts: false,
        },
    );
    match render(&published, theme) {
        Ok(_) => panic!("render succeeded"),
        Err(diagnostics) => diagnostics.sorted(),
    }
}

#[test]
fn template_syntax_error_located() {
    let source = "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title </p>\n{% endblock main %}\n";
    let diagnostics = render_error(&theme_with("templates/page.html", source));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let location = diagnostics[0].location.as_ref().unwrap();
    assert_eq!(
        location.file,
        Path::new("themes/default/templates/page.html")
    );
    assert_eq!(
        (location.line, location.column),
        (3, 18),
        "{}",
        diagnostics[0]
    );
    assert!(
        diagnostics[0]
            .message
            .starts_with("模板语法错误：这里是 `</`，应为 }}（tera 原文："),
        "{}",
        diagnostics[0].message
    );
    assert!(
        diagnostics[0].fix.contains("{% endif %}"),
        "{}",
        diagnostics[0].fix
    );
}

#[test]
fn template_render_error_located() {
    let source = "{% extends \"base.html\" %}\n{% block main %}\n  {{ no_such_value }}\n{% endblock main %}\n";
    let diagnostics = render_error(&theme_with("templates/page.html", source));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let location = diagnostics[0].location.as_ref().unwrap();
    assert_eq!(
        location.file,
        Path::new("themes/default/templates/page.html")
    );
    assert_eq!(
        (location.line, location.column),
        (3, 6),
        "{}",
        diagnostics[0]
    );
    assert!(
        diagnostics[0].message.starts_with("模板渲染出错："),
        "{}",
        diagnostics[0].message
    );
    assert!(
        diagnostics[0].message.contains("no_such_value"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn unknown_filter_located() {
    let source = "{% extends \"base.html\" %}\n{% block main %}{{ page.title | shout }}{% endblock main %}\n";
    let diagnostics = render_error(&theme_with("templates/page.html", source));
    let location = diagnostics[0].location.as_ref().unwrap();
    assert_eq!(
        location.file,
        Path::new("themes/default/templates/page.html")
    );
    assert_eq!(
        (location.line, location.column),
        (2, 33),
        "{}",
        diagnostics[0]
    );
}

#[test]
fn record_at_list_url_rejected() {
    let mut site = fixture::site();
    std::sync::Arc::make_mut(&mut site.commitments[5])
        .meta
        .url_path = "commitments/page/2/".to_string();
    let published = publish(
        &site,
        PublishOptions {
            as_of: fixture::AS_OF,
            drafts: false,
        },
    );
    let diagnostics = render(&published, &builtin_theme()).unwrap_err().sorted();
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0]
            .message
            .contains("commitments/page/2/index.html"),
        "{}",
        diagnostics[0].message
    );
    assert_eq!(
        diagnostics[0].location.as_ref().unwrap().file,
        Path::new("content/commitments/2024/task-06.md")
    );
}
