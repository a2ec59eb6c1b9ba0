//! End-to-end tests against real nginx and headless Chromium.
//!
//! The `conf_*` tests serve a small hand-made folder with the published
//! docs/nginx/gongshi.conf and check what nginx sends. The `site_*` tests
//! build the example site (the repository root), or for search the fixture
//! tests/fixtures/search, with the gongshi binary,
//! serve it the same way under http://127.0.0.1:<port>/zwcx/, and run the
//! Node.js scripts in tests/e2e/, which drive Debian's Chromium through
//! playwright-core. A missing nginx, Chromium, Node.js or node_modules fails
//! the test with a message naming scripts/install-test-deps.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::http;
use common::nginx::{self, Nginx, StartError};
use common::node;
use common::site::{build_site, copy_dir};
use tempfile::TempDir;

/// How often a site build and nginx start are retried when another process
/// takes the chosen port between the build and nginx's bind.
const PORT_ATTEMPTS: usize = 3;

/// List page checked by the links and layout scripts, relative to the base URL.
const LIST_PAGE: &str = "commitments/";

/// A site folder served by a private nginx. Fields drop in declaration
/// order, so nginx stops before its folder is removed.
struct Served {
    nginx: Nginx,
    public_dir: PathBuf,
    _dir: TempDir,
}

impl Served {
    fn get(&self, path: &str, headers: &[(&str, &str)]) -> http::Response {
        http::get(self.nginx.port(), path, headers)
            .unwrap_or_else(|error| panic!("GET {path} failed: {error}\n{}", self.nginx.logs()))
    }
}

// ---------------------------------------------------------------------------
// The example site in Chromium
// ---------------------------------------------------------------------------

/// Builds the example site for a free port and serves it there.
fn serve_example_site() -> Served {
    serve_site(common::repo_root())
}

/// Builds the site folder `site` for a free port and serves it there.
fn serve_site(site: &Path) -> Served {
    common::require_program("nginx", "the end-to-end tests");
    node::require_browser_tools();

    let dir = common::temp_dir("gongshi-e2e-");
    let public_dir = dir.path().join("public");
    for _ in 0..PORT_ATTEMPTS {
        let port = nginx::free_port();
        build_site(
            site,
            &public_dir,
            &format!("http://127.0.0.1:{port}{}", nginx::SUB_PATH),
        );
        match Nginx::start(dir.path(), &public_dir, port) {
            Ok(nginx) => {
                return Served {
                    nginx,
                    public_dir,
                    _dir: dir,
                };
            }
            Err(StartError::PortInUse) => continue,
            Err(StartError::Failed(message)) => panic!("{message}"),
        }
    }
    panic!("nginx found no free port on 127.0.0.1 in {PORT_ATTEMPTS} attempts");
}

/// Runs tests/e2e/`script` against the served site and fails the test,
/// with the script's output and nginx's logs, when the script fails.
fn run_browser_script(served: &Served, script: &str) {
    run_browser_script_with(served, script, &[]);
}

/// Runs tests/e2e/`script` like [`run_browser_script`], with `extra_env`
/// added to the environment variables every script gets.
fn run_browser_script_with(served: &Served, script: &str, extra_env: &[(&str, String)]) {
    let screenshot_dir = common::target_dir().join("e2e-screenshots");
    let mut env = vec![
        ("E2E_BASE_URL", served.nginx.base_url()),
        ("E2E_PUBLIC_DIR", served.public_dir.display().to_string()),
        ("E2E_SCREENSHOT_DIR", screenshot_dir.display().to_string()),
        ("E2E_LIST_PATH", LIST_PAGE.to_string()),
    ];
    env.extend(extra_env.iter().cloned());
    let output = node::run_script(script, &env);
    // Printed rather than put in the failure message, because cargo shows
    // a failed test's standard output anyway.
    print!("{}", output.stdout);
    assert!(
        output.success,
        "tests/e2e/{script} failed ({})\n--- script stderr ---\n{}{}",
        output.status,
        output.stderr,
        served.nginx.logs()
    );
}

#[test]
fn site_home_page_is_zh_cn_utf8() {
    let served = serve_example_site();
    run_browser_script(&served, "home.mjs");
}

#[test]
fn site_links_resolve_under_sub_path() {
    let served = serve_example_site();
    run_browser_script(&served, "links.mjs");
}

#[test]
fn site_missing_page_serves_404_html() {
    let served = serve_example_site();
    run_browser_script(&served, "not_found.mjs");
}

#[test]
fn site_css_is_gzipped_and_cached() {
    let served = serve_example_site();
    run_browser_script(&served, "css.mjs");
}

/// Also saves target/e2e-screenshots/home-390.png and home-1280.png.
#[test]
fn site_fits_phone_width() {
    let served = serve_example_site();
    run_browser_script(&served, "layout.mjs");
}

// ---------------------------------------------------------------------------
// Accessibility and page weight of the example site in Chromium
// ---------------------------------------------------------------------------

/// Runs the axe-core audit of tests/e2e/a11y.mjs over one page of every
/// template (tests/e2e/pages.mjs) in one mode at one viewport. Each
/// combination is its own test, so that each script stays well inside its
/// time limit on a busy machine.
fn audit_with_axe(mode: &str, viewport: &str) {
    let served = serve_example_site();
    run_browser_script_with(
        &served,
        "a11y.mjs",
        &[
            ("E2E_MODE", mode.to_string()),
            ("E2E_VIEWPORT", viewport.to_string()),
        ],
    );
}

#[test]
fn site_passes_axe_normal_desktop() {
    audit_with_axe("normal", "desktop");
}

#[test]
fn site_passes_axe_normal_phone() {
    audit_with_axe("normal", "phone");
}

/// The 适老化 mode: 大字 and 高对比度 on.
#[test]
fn site_passes_axe_elderly_desktop() {
    audit_with_axe("elderly", "desktop");
}

#[test]
fn site_passes_axe_elderly_phone() {
    audit_with_axe("elderly", "phone");
}

/// Tab, Enter, Space and the arrow keys reach and use the skip link,
/// search, menu, list filters, pagination and the search page's filters,
/// with a visible focus at every stop.
#[test]
fn site_works_by_keyboard_alone() {
    let served = serve_example_site();
    run_browser_script(&served, "keyboard.mjs");
}

/// The 大字 and 高对比度 switches work by keyboard, expose their pressed
/// state to screen readers and apply on the next page from its first frame.
#[test]
fn site_elderly_mode_switches() {
    let served = serve_example_site();
    run_browser_script(&served, "elderly_mode.mjs");
}

/// With JavaScript off every template's page shows its content and menu,
/// and no control that needs a script.
#[test]
fn site_works_without_javascript() {
    let served = serve_example_site();
    run_browser_script(&served, "no_js.mjs");
}

/// The largest record page of each kind transfers under 60,000 bytes of
/// HTML, CSS and JavaScript with gzip. bench/page-weight.sh runs this test
/// to print the figures.
#[test]
fn site_record_pages_under_60_kb() {
    let served = serve_example_site();
    run_browser_script(&served, "page_weight.mjs");
}

// ---------------------------------------------------------------------------
// Search on the search fixture site in Chromium
// ---------------------------------------------------------------------------

/// Site folder whose content the search query set was worked out from.
const SEARCH_FIXTURE: &str = "tests/fixtures/search";
/// Queries with the exact set of documents each must find.
const SEARCH_QUERIES: &str = "tests/search/queries.toml";

/// Reads tests/search/queries.toml and writes its `[[query]]` array as
/// JSON to `path`, for tests/e2e/search.mjs, which has no TOML parser.
fn write_queries_json(path: &Path) {
    let source = common::repo_root().join(SEARCH_QUERIES);
    let text = fs::read_to_string(&source)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", source.display()));
    let table: toml::Table = toml::from_str(&text)
        .unwrap_or_else(|error| panic!("{SEARCH_QUERIES} is not valid TOML: {error}"));
    let queries = table
        .get("query")
        .and_then(toml::Value::as_array)
        .unwrap_or_else(|| panic!("{SEARCH_QUERIES} has no [[query]] array"));
    let json = serde_json::to_string_pretty(queries)
        .unwrap_or_else(|error| panic!("failed to write {SEARCH_QUERIES} as JSON: {error}"));
    fs::write(path, json)
        .unwrap_or_else(|error| panic!("failed to write {}: {error}", path.display()));
}

/// Every query of tests/search/queries.toml finds exactly its expected
/// documents in Chromium, and typing, Enter, a filter, the back button,
/// the live region, the header search box, a failed fetch and the phone
/// layout work on the search page.
#[test]
fn site_search_finds_query_set() {
    let served = serve_site(&common::repo_root().join(SEARCH_FIXTURE));
    run_with_query_set(&served, "search.mjs");
}

/// Records added to a copy of the search fixture, so that its index has
/// many shards and more than 1000 result files (search/d/0/ and d/1/).
const GENERATED_RECORDS: usize = 1100;
/// Generated records whose body repeats 贡水河 so often that the entries of
/// its pairs outgrow one file and are split into part files (search/g/).
const LONG_RECORDS: usize = 12;
/// Units the generated records name in turn.
const GENERATED_UNITS: [&str; 5] = ["fgj", "czj", "zhushan", "lijiahe", "zwzx"];

/// Writes the search fixture plus the generated records into `site`.
fn write_large_search_site(site: &Path) {
    copy_dir(&common::repo_root().join(SEARCH_FIXTURE), site);
    let folder = site.join("content/commitments/2023");
    fs::create_dir_all(&folder)
        .unwrap_or_else(|error| panic!("failed to create {}: {error}", folder.display()));
    for number in 0..GENERATED_RECORDS {
        let mut body = format!("巡查贡水河第{number}段，记录水质和河岸情况。\n");
        if number < LONG_RECORDS {
            body.push_str(&format!("\n{}\n", "贡水河".repeat(2000)));
        }
        let record = format!(
            "+++\ntitle = \"贡水河巡查记录第{number}号\"\ndate = 2023-{:02}-{:02}\nunits = \"{}\"\n\
             category = \"服务承诺\"\n+++\n{body}",
            number % 12 + 1,
            number % 28 + 1,
            GENERATED_UNITS[number % GENERATED_UNITS.len()],
        );
        let path = folder.join(format!("gen-{number:04}.md"));
        fs::write(&path, record)
            .unwrap_or_else(|error| panic!("failed to write {}: {error}", path.display()));
    }
}

/// Runs a browser script with the query set written as JSON to the file
/// named by E2E_QUERIES_FILE.
fn run_with_query_set(served: &Served, script: &str) {
    let queries_file = served
        .public_dir
        .parent()
        .expect("the published folder has a parent")
        .join("queries.json");
    write_queries_json(&queries_file);
    run_browser_script_with(
        served,
        script,
        &[("E2E_QUERIES_FILE", queries_file.display().to_string())],
    );
}

/// On the example site, every query of the query set and random
/// substrings of its documents find exactly what a scan of the result
/// files finds.
#[test]
fn site_search_example_matches_scan() {
    let served = serve_example_site();
    run_with_query_set(&served, "search_example.mjs");
}

/// On a site with a sharded index, part files and over 1000 documents,
/// the search page finds what a scan of the result files finds, and a
/// query with few candidates fetches only some of the part files.
#[test]
fn site_search_reads_shards_and_parts() {
    let dir = common::temp_dir("gongshi-search-site-");
    let site = dir.path().join("site");
    write_large_search_site(&site);
    let served = serve_site(&site);
    run_browser_script(&served, "search_large.mjs");
}

// ---------------------------------------------------------------------------
// docs/nginx/gongshi.conf on a hand-made folder
// ---------------------------------------------------------------------------

const FIXTURE_404: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>页面不存在</title></head>\
     <body><p>您访问的页面不存在。</p></body></html>\n";

/// Writes a small published folder with one file of each type the site has.
fn write_fixture(public_dir: &Path) {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>政务诚信</title>\
         <link rel=\"stylesheet\" href=\"/zwcx/static/site.css\"></head><body>{}</body></html>\n",
        "<p>宣恩县政务诚信公示：公开承诺、政务公开、通报批评、评价结果。</p>\n".repeat(20)
    );
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("index.html", page.clone().into_bytes()),
        ("commitments/index.html", page.into_bytes()),
        ("404.html", FIXTURE_404.as_bytes().to_vec()),
        ("static/site.css", "body { margin: 0; line-height: 1.6; }\n".repeat(40).into_bytes()),
        ("static/site.js", "document.documentElement.className = 'js';\n".repeat(20).into_bytes()),
        (
            "static/badge.svg",
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>\n", "<rect width=\"1\" height=\"1\"/>".repeat(20))
                .into_bytes(),
        ),
        ("static/chart.png", b"\x89PNG\r\n\x1a\n".to_vec()),
        ("data/commitments.csv", "\u{feff}标题,单位,状态\n".repeat(30).into_bytes()),
        ("data/commitments.json", format!("[{}]\n", "{\"标题\":\"承诺\"},".repeat(30).trim_end_matches(',')).into_bytes()),
        (
            "feed.atom",
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">{}</feed>\n",
                "<entry><title>公开承诺</title></entry>".repeat(20)
            )
            .into_bytes(),
        ),
        ("sitemap.xml", b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset/>\n".to_vec()),
        ("commitments/2024/a/plan.pdf", b"%PDF-1.4\n%%EOF\n".to_vec()),
        (".hidden", b"not for the public\n".to_vec()),
        ("static/fonts/.keep", Vec::new()),
    ];

    for (relative, content) in files {
        let path = public_dir.join(relative);
        fs::create_dir_all(path.parent().expect("fixture paths have a parent")).unwrap_or_else(
            |error| panic!("failed to create the folder of {}: {error}", path.display()),
        );
        fs::write(&path, content)
            .unwrap_or_else(|error| panic!("failed to write {}: {error}", path.display()));
    }
}

/// Serves the hand-made folder of [`write_fixture`] on a free port.
fn serve_fixture() -> Served {
    let dir = common::temp_dir("gongshi-nginx-");
    let public_dir = dir.path().join("public");
    write_fixture(&public_dir);
    let nginx = Nginx::serve(dir.path(), &public_dir);
    Served {
        nginx,
        public_dir,
        _dir: dir,
    }
}

#[test]
fn conf_redirects_bare_sub_path() {
    let served = serve_fixture();

    let response = served.get("/zwcx", &[]);
    assert_eq!(response.status, 301, "status of /zwcx");
    assert_eq!(
        response.header("Location"),
        Some("/zwcx/"),
        "Location of /zwcx"
    );

    let response = served.get("/zwcx/commitments", &[]);
    assert_eq!(response.status, 301, "status of a folder without its slash");
    assert_eq!(
        response.header("Location"),
        Some("/zwcx/commitments/"),
        "Location of /zwcx/commitments"
    );
}

#[test]
fn conf_serves_index_html() {
    let served = serve_fixture();

    for path in ["/zwcx/", "/zwcx/commitments/"] {
        let response = served.get(path, &[]);
        assert_eq!(response.status, 200, "status of {path}");
        let expected = fs::read_to_string(
            served
                .public_dir
                .join(path.trim_start_matches("/zwcx/"))
                .join("index.html"),
        )
        .expect("fixture index.html is readable");
        assert_eq!(response.text(), expected, "body of {path}");
    }
}

#[test]
fn conf_sets_types_with_utf8() {
    let served = serve_fixture();
    let cases = [
        ("/zwcx/", "text/html; charset=utf-8"),
        ("/zwcx/static/site.css", "text/css; charset=utf-8"),
        (
            "/zwcx/static/site.js",
            "application/javascript; charset=utf-8",
        ),
        ("/zwcx/static/badge.svg", "image/svg+xml; charset=utf-8"),
        ("/zwcx/static/chart.png", "image/png"),
        ("/zwcx/data/commitments.csv", "text/csv; charset=utf-8"),
        (
            "/zwcx/data/commitments.json",
            "application/json; charset=utf-8",
        ),
        ("/zwcx/feed.atom", "application/atom+xml; charset=utf-8"),
        ("/zwcx/sitemap.xml", "text/xml; charset=utf-8"),
        ("/zwcx/commitments/2024/a/plan.pdf", "application/pdf"),
    ];

    for (path, expected) in cases {
        let response = served.get(path, &[]);
        assert_eq!(response.status, 200, "status of {path}");
        assert_eq!(
            response.header("Content-Type"),
            Some(expected),
            "Content-Type of {path}"
        );
    }
}

#[test]
fn conf_gzips_text_types() {
    let served = serve_fixture();
    let gzip = [("Accept-Encoding", "gzip")];
    let compressed = [
        "/zwcx/",
        "/zwcx/static/site.css",
        "/zwcx/static/site.js",
        "/zwcx/static/badge.svg",
        "/zwcx/data/commitments.csv",
        "/zwcx/data/commitments.json",
        "/zwcx/feed.atom",
    ];

    for path in compressed {
        let response = served.get(path, &gzip);
        assert_eq!(
            response.header("Content-Encoding"),
            Some("gzip"),
            "Content-Encoding of {path}"
        );
        assert_eq!(
            response.header("Vary"),
            Some("Accept-Encoding"),
            "Vary of {path}"
        );
    }

    let png = served.get("/zwcx/static/chart.png", &gzip);
    assert_eq!(
        png.header("Content-Encoding"),
        None,
        "PNG is already compressed"
    );

    let plain = served.get("/zwcx/static/site.css", &[]);
    assert_eq!(
        plain.header("Content-Encoding"),
        None,
        "CSS without Accept-Encoding"
    );
}

#[test]
fn conf_caches_static_assets_only() {
    let served = serve_fixture();
    let long_cache = "public, max-age=2592000";
    let cases = [
        ("/zwcx/static/site.css", long_cache),
        ("/zwcx/static/site.js", long_cache),
        ("/zwcx/static/badge.svg", long_cache),
        ("/zwcx/static/chart.png", long_cache),
        ("/zwcx/", "no-cache"),
        ("/zwcx/commitments/", "no-cache"),
        ("/zwcx/feed.atom", "no-cache"),
        ("/zwcx/data/commitments.csv", "no-cache"),
        ("/zwcx/data/commitments.json", "no-cache"),
        ("/zwcx/commitments/2024/a/plan.pdf", "no-cache"),
        ("/zwcx/no-such-page/", "no-cache"),
    ];

    for (path, expected) in cases {
        let response = served.get(path, &[]);
        let values: Vec<&str> = response
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Cache-Control"))
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(values, [expected], "Cache-Control headers of {path}");
    }
}

#[test]
fn conf_serves_404_html_with_404() {
    let served = serve_fixture();

    for path in [
        "/zwcx/no-such-page/",
        "/zwcx/no-such-file.html",
        "/zwcx/static/no-such.css",
    ] {
        let response = served.get(path, &[]);
        assert_eq!(response.status, 404, "status of {path}");
        assert_eq!(response.text(), FIXTURE_404, "body of {path}");
        assert_eq!(
            response.header("Content-Type"),
            Some("text/html; charset=utf-8"),
            "Content-Type of {path}"
        );
    }
}

#[test]
fn conf_hides_listings_and_dotfiles() {
    let served = serve_fixture();

    let listing = served.get("/zwcx/static/", &[]);
    assert_eq!(listing.status, 403, "status of a folder without index.html");
    assert!(
        !listing.text().contains("site.css"),
        "a folder without index.html lists its files:\n{}",
        listing.text()
    );

    for path in ["/zwcx/.hidden", "/zwcx/static/fonts/.keep"] {
        let response = served.get(path, &[]);
        assert_eq!(response.status, 404, "status of {path}");
        assert_eq!(response.text(), FIXTURE_404, "body of {path}");
    }
}
