//! The preview server over real sockets: a `Server` on 127.0.0.1, port 0,
//! with a hand-made snapshot, and raw HTTP/1.1 requests written to a
//! `TcpStream`, so that each test checks exactly what went over the wire.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use gongshi::render::Contents;
use gongshi::serve::http::{Server, StartError};
use gongshi::serve::live::{PreviewState, Snapshot};

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Marks the file outside the site folder that no request may reach.
const SECRET: &str = "SECRET-7f3a9c-不可见";
const HOME_PAGE: &str = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>首页</title></head>\
<body><h1>政务诚信</h1></body></html>";
const NOT_FOUND_PAGE: &str =
    "<!doctype html><html lang=\"zh-CN\"><body><h1>页面不存在</h1></body></html>";
/// Size of the attachment that clients abandon halfway.
const LARGE_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A site folder with one attachment, beside a secret file.
struct Site {
    _root: tempfile::TempDir,
    site_dir: PathBuf,
    secret: PathBuf,
}

fn make_site() -> Site {
    let root = tempfile::tempdir().expect("temporary folder");
    let site_dir = root.path().join("site");
    std::fs::create_dir_all(site_dir.join("content/files")).expect("create content/files");
    std::fs::write(
        site_dir.join("content/files/report.pdf"),
        b"%PDF-1.4 report",
    )
    .expect("write pdf");
    std::fs::write(
        site_dir.join("content/files/large.bin"),
        vec![b'x'; LARGE_FILE_BYTES],
    )
    .expect("write large file");
    std::fs::write(site_dir.join("site.toml"), format!("title = \"{SECRET}\""))
        .expect("write site.toml");
    let secret = root.path().join("secret.txt");
    std::fs::write(&secret, SECRET).expect("write secret");
    Site {
        _root: root,
        site_dir,
        secret,
    }
}

fn bytes(text: &str) -> Contents {
    Contents::Bytes(text.as_bytes().to_vec())
}

fn snapshot(site: &Site, home: &str) -> Snapshot {
    let mut files = HashMap::new();
    files.insert("index.html".to_string(), bytes(home));
    files.insert("404.html".to_string(), bytes(NOT_FOUND_PAGE));
    files.insert(
        "commitments/index.html".to_string(),
        bytes("<html><body><h1>公开承诺</h1></body></html>"),
    );
    files.insert("static/style.css".to_string(), bytes("body{color:#1a1a1a}"));
    files.insert("static/search.js".to_string(), bytes("var a = 1;"));
    files.insert("data/commitments.json".to_string(), bytes("[]"));
    files.insert("data/commitments.csv".to_string(), bytes("\u{feff}标题\n"));
    files.insert("sitemap.xml".to_string(), bytes("<urlset/>"));
    files.insert("feed.atom".to_string(), bytes("<feed/>"));
    files.insert("charts/scores.svg".to_string(), bytes("<svg/>"));
    files.insert("robots.txt".to_string(), bytes("User-agent: *\n"));
    files.insert(
        "search/s/0.bin".to_string(),
        Contents::Bytes(vec![0x47, 0x53, 0x53, 0x31]),
    );
    files.insert(
        "static/logo.png".to_string(),
        Contents::Bytes(vec![0x89, b'P', b'N', b'G']),
    );
    files.insert(
        "files/report.pdf".to_string(),
        Contents::CopyFrom("content/files/report.pdf".into()),
    );
    files.insert(
        "files/large.bin".to_string(),
        Contents::CopyFrom("content/files/large.bin".into()),
    );
    // Entries that a broken build might produce: they must not escape
    // the site folder either.
    files.insert(
        "files/escape.txt".to_string(),
        Contents::CopyFrom("../secret.txt".into()),
    );
    files.insert(
        "files/absolute.txt".to_string(),
        Contents::CopyFrom(site.secret.clone()),
    );
    Snapshot {
        files: files
            .into_iter()
            .map(|(path, contents)| (path, std::sync::Arc::new(contents)))
            .collect(),
        site_dir: site.site_dir.clone(),
    }
}

fn start(site: &Site, base_path: &str) -> (Server, Arc<PreviewState>) {
    let state = PreviewState::new(snapshot(site, HOME_PAGE), base_path.to_string());
    let server = Server::start(LOCALHOST, 0, Arc::clone(&state)).expect("start server");
    (server, state)
}

/// One response as received.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .expect("read timeout");
    stream
        .set_write_timeout(Some(IO_TIMEOUT))
        .expect("write timeout");
    stream
}

/// Writes `raw` on a new connection and reads until the server closes it.
fn exchange(address: SocketAddr, raw: &[u8]) -> Vec<u8> {
    let mut stream = connect(address);
    // The server may close before reading everything, for a bad request.
    let _ = stream.write_all(raw);
    let mut received = Vec::new();
    let mut buffer = [0; 8192];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(count) => received.extend_from_slice(&buffer[..count]),
        }
    }
    received
}

fn parse_reply(raw: &[u8]) -> Option<Reply> {
    let head_end = raw.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: raw[head_end + 4..].to_vec(),
    })
}

fn request(address: SocketAddr, method: &str, target: &str) -> Reply {
    let raw = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    let received = exchange(address, raw.as_bytes());
    parse_reply(&received).unwrap_or_else(|| {
        panic!(
            "no HTTP response to {method} {target}: {:?}",
            String::from_utf8_lossy(&received)
        )
    })
}

fn get(address: SocketAddr, target: &str) -> Reply {
    request(address, "GET", target)
}

/// An open event stream, read incrementally.
struct Events {
    stream: TcpStream,
    received: String,
}

impl Events {
    fn open(address: SocketAddr, target: &str) -> Events {
        let mut stream = connect(address);
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("write request");
        let mut events = Events {
            stream,
            received: String::new(),
        };
        // The server registers the stream before it sends the head, so
        // changes made after this point reach it.
        events.wait_for("retry: 2000");
        events
    }

    /// Reads until `needle` has arrived; returns everything read so far.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + IO_TIMEOUT;
        let mut buffer = [0; 4096];
        while !self.received.contains(needle) {
            assert!(
                Instant::now() < deadline,
                "no {needle:?} within {IO_TIMEOUT:?}: {:?}",
                self.received
            );
            match self.stream.read(&mut buffer) {
                Ok(0) => panic!("stream ended before {needle:?}: {:?}", self.received),
                Ok(count) => self
                    .received
                    .push_str(&String::from_utf8_lossy(&buffer[..count])),
                Err(error) => panic!("reading the stream failed before {needle:?}: {error}"),
            }
        }
        self.received.clone()
    }
}

/// Returns the `data:` line that follows `event: <name>`.
fn event_data(received: &str, name: &str) -> String {
    let after = received
        .split(&format!("event: {name}\n"))
        .nth(1)
        .expect("event present");
    after
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("data: "))
        .expect("data line")
        .to_string()
}

/// Returns the version token the injected script carries.
fn page_token(page: &str) -> String {
    let after = page.split("\"token\":\"").nth(1).expect("token in page");
    after.split('"').next().expect("token end").to_string()
}

fn assert_serves_home(address: SocketAddr) {
    let reply = get(address, "/zwcx/");
    assert_eq!(reply.status, 200);
    assert!(
        reply.text().contains("<h1>政务诚信</h1>"),
        "{}",
        reply.text()
    );
}

#[test]
fn traversal_forms_never_reach_secret() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();

    let targets = [
        "/zwcx/../secret.txt",
        "/zwcx/../../secret.txt",
        "/zwcx/files/../../secret.txt",
        "/zwcx/./files/report.pdf",
        "/zwcx/%2e%2e/secret.txt",
        "/zwcx/%2E%2E/%2e%2e/secret.txt",
        "/zwcx/.%2e/secret.txt",
        "/zwcx/files/..%2f..%2fsecret.txt",
        "/zwcx/files/..%2F..%2Fsecret.txt",
        "/zwcx/files/..%5c..%5csecret.txt",
        "/zwcx/files\\..\\..\\secret.txt",
        "/zwcx/%252e%252e/secret.txt",
        "/zwcx/secret.txt%00.html",
        "/zwcx/%00",
        "/zwcx/%0d%0a",
        "/zwcx/%c0%ae%c0%ae/secret.txt",
        "/zwcx/%ff",
        "/zwcx//secret.txt",
        "//secret.txt",
        "/zwcx/C:/secret.txt",
        "/zwcx/c:%5csecret.txt",
        "/zwcx/site.toml",
        "/zwcx/content/files/report.pdf",
        "/zwcx/files/escape.txt",
        "/zwcx/files/absolute.txt",
        "/secret.txt",
        "/../secret.txt",
        "../secret.txt",
        "secret.txt",
        "http://127.0.0.1/zwcx/../secret.txt",
    ];
    for target in targets {
        let reply = get(address, target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: status {}",
            reply.status
        );
        assert!(
            !reply.text().contains(SECRET),
            "{target}: served the secret"
        );
    }

    let absolute = site.secret.to_string_lossy().into_owned();
    let reply = get(address, &format!("/zwcx/{absolute}"));
    assert!(
        matches!(reply.status, 400 | 404),
        "absolute path: status {}",
        reply.status
    );
    assert!(
        !reply.text().contains(SECRET),
        "absolute path: served the secret"
    );
    server.stop();
}

#[test]
fn overlong_target_rejected() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let target = format!("/zwcx/{}", "a".repeat(3000));
    let reply = get(server.local_addr(), &target);
    assert_eq!(reply.status, 400);
    server.stop();
}

/// A page elsewhere that points its own name at 127.0.0.1 (DNS
/// rebinding) must not read the preview.
#[test]
fn foreign_host_name_forbidden() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    let received = exchange(
        address,
        b"GET /zwcx/ HTTP/1.1\r\nHost: rebind.example:8000\r\nConnection: close\r\n\r\n",
    );
    let reply = parse_reply(&received).expect("a reply");
    assert_eq!(reply.status, 403);
    assert!(
        reply
            .text()
            .contains("预览只接受以 IP 地址或 localhost 访问"),
        "{}",
        reply.text()
    );
    assert!(
        !reply.text().contains("首页"),
        "the page leaked: {}",
        reply.text()
    );
    let received = exchange(
        address,
        b"GET /zwcx/ HTTP/1.1\r\nHost: localhost:8000\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(parse_reply(&received).expect("a reply").status, 200);
    server.stop();
}

#[test]
fn raw_non_ascii_target_rejected() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    let received = exchange(
        address,
        b"GET /zwcx/\xff\xfe/../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    );
    // tiny_http closes the connection on a request line that is not ASCII.
    if let Some(reply) = parse_reply(&received) {
        assert!(matches!(reply.status, 400 | 404), "status {}", reply.status);
    }
    assert!(!String::from_utf8_lossy(&received).contains(SECRET));
    assert_serves_home(address);
    server.stop();
}

#[test]
fn attachment_streamed_from_site_folder() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let reply = get(server.local_addr(), "/zwcx/files/report.pdf");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"%PDF-1.4 report");
    assert_eq!(reply.header("Content-Type"), Some("application/pdf"));
    assert_eq!(reply.header("Content-Length"), Some("15"));
    server.stop();
}

#[test]
fn content_types_with_charset() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let cases = [
        ("/zwcx/", "text/html; charset=utf-8"),
        ("/zwcx/commitments/", "text/html; charset=utf-8"),
        ("/zwcx/static/style.css", "text/css; charset=utf-8"),
        ("/zwcx/static/search.js", "text/javascript; charset=utf-8"),
        (
            "/zwcx/data/commitments.json",
            "application/json; charset=utf-8",
        ),
        ("/zwcx/data/commitments.csv", "text/csv; charset=utf-8"),
        ("/zwcx/sitemap.xml", "application/xml; charset=utf-8"),
        ("/zwcx/feed.atom", "application/atom+xml; charset=utf-8"),
        ("/zwcx/charts/scores.svg", "image/svg+xml; charset=utf-8"),
        ("/zwcx/robots.txt", "text/plain; charset=utf-8"),
        ("/zwcx/search/s/0.bin", "application/octet-stream"),
        ("/zwcx/static/logo.png", "image/png"),
        ("/zwcx/files/report.pdf", "application/pdf"),
    ];
    for (target, expected) in cases {
        let reply = get(server.local_addr(), target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("Content-Type"), Some(expected), "{target}");
        assert_eq!(reply.header("Cache-Control"), Some("no-store"), "{target}");
        assert_eq!(
            reply.header("X-Content-Type-Options"),
            Some("nosniff"),
            "{target}"
        );
    }
    server.stop();
}

#[test]
fn non_html_served_byte_for_byte() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let reply = get(server.local_addr(), "/zwcx/data/commitments.csv");
    assert_eq!(reply.body, "\u{feff}标题\n".as_bytes());
    server.stop();
}

#[test]
fn html_gets_live_reload_script() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let page = get(server.local_addr(), "/zwcx/").text();
    let script_at = page.find("<script>").expect("script injected");
    assert_eq!(
        &page[..script_at],
        HOME_PAGE
            .strip_suffix("</body></html>")
            .expect("page ends with body")
    );
    assert!(page.ends_with("</script></body></html>"), "{page}");
    assert!(
        page.contains("\"events\":\"/zwcx/__gongshi/events\""),
        "{page}"
    );
    assert!(page.contains("EventSource"), "{page}");
    assert!(
        !page.contains("role=\"alertdialog\""),
        "no overlay without errors: {page}"
    );
    server.stop();
}

#[test]
fn head_sends_headers_only() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    let full = get(address, "/zwcx/");
    let head = request(address, "HEAD", "/zwcx/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD body: {:?}", head.text());
    assert_eq!(
        head.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        head.header("Content-Length"),
        Some(full.body.len().to_string().as_str())
    );

    let attachment = request(address, "HEAD", "/zwcx/files/large.bin");
    assert_eq!(attachment.status, 200);
    assert!(attachment.body.is_empty());
    assert_eq!(
        attachment.header("Content-Length"),
        Some(LARGE_FILE_BYTES.to_string().as_str())
    );
    server.stop();
}

#[test]
fn other_methods_get_405() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"] {
        let reply = request(server.local_addr(), method, "/zwcx/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow"), Some("GET, HEAD"), "{method}");
    }
    server.stop();
}

#[test]
fn missing_file_gets_404_page() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    for target in ["/zwcx/missing/", "/zwcx/static/missing.css", "/", "/other/"] {
        let reply = get(address, target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(
            reply.header("Content-Type"),
            Some("text/html; charset=utf-8"),
            "{target}"
        );
        assert!(
            reply.text().contains("<h1>页面不存在</h1>"),
            "{target}: {}",
            reply.text()
        );
        assert!(
            reply.text().contains("__gongshi/events"),
            "{target}: no live reload"
        );
    }
    server.stop();
}

#[test]
fn missing_file_without_404_page() {
    let site = make_site();
    let mut bare = snapshot(&site, HOME_PAGE);
    bare.files.remove("404.html");
    let state = PreviewState::new(bare, "/".into());
    let server = Server::start(LOCALHOST, 0, state).expect("start");
    let reply = get(server.local_addr(), "/missing");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(reply.text().contains("404"), "{}", reply.text());
    server.stop();
}

#[test]
fn bare_sub_path_redirects() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();

    let reply = get(address, "/zwcx");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("Location"), Some("/zwcx/"));

    let reply = get(address, "/zwcx?from=bookmark");
    assert_eq!(reply.header("Location"), Some("/zwcx/?from=bookmark"));

    let reply = get(address, "/zwcx/commitments");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("Location"), Some("/zwcx/commitments/"));
    server.stop();
}

#[test]
fn root_base_path_serves_root() {
    let site = make_site();
    let (server, _state) = start(&site, "/");
    assert_eq!(get(server.local_addr(), "/").status, 200);
    assert_eq!(get(server.local_addr(), "/zwcx/").status, 404);
    server.stop();
}

#[test]
fn event_stream_reload_after_publish() {
    let site = make_site();
    let (server, state) = start(&site, "/zwcx/");
    let mut events = Events::open(server.local_addr(), "/zwcx/__gongshi/events");
    assert!(
        events
            .received
            .contains("Content-Type: text/event-stream; charset=utf-8"),
        "{}",
        events.received
    );

    state.publish(snapshot(&site, "<html><body><h1>新版本</h1></body></html>"));
    let received = events.wait_for("event: reload");
    assert!(
        !event_data(&received, "reload").is_empty(),
        "reload data must not be empty"
    );

    let page = get(server.local_addr(), "/zwcx/").text();
    assert!(page.contains("<h1>新版本</h1>"), "{page}");
    server.stop();
}

#[test]
fn event_stream_errors_after_show_errors() {
    let site = make_site();
    let (server, state) = start(&site, "/zwcx/");
    let mut events = Events::open(server.local_addr(), "/zwcx/__gongshi/events");

    let diagnostics = vec![
        "content/commitments/a.md:3:7: 错误：缺少必填的键 title\n    修改方法：在 +++ 之间加上 title = \"…\"".to_string(),
        "content/units/b.toml:1:1: 错误：<统一社会信用代码> 校验位不对 & 应为 X\n    修改方法：改成 …X".to_string(),
    ];
    state.show_errors(diagnostics.clone());
    let received = events.wait_for("event: errors");
    let data = event_data(&received, "errors");
    let parsed: Vec<String> = serde_json::from_str(&data).expect("errors data is JSON");
    assert_eq!(parsed, diagnostics);
    server.stop();
}

#[test]
fn page_during_errors_contains_overlay() {
    let site = make_site();
    let (server, state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    state.show_errors(vec![
        "content/a.md:1:1: 错误：<b>不对</b>\n    修改方法：改正".to_string(),
    ]);

    let page = get(address, "/zwcx/").text();
    assert!(page.contains("role=\"alertdialog\""), "{page}");
    assert!(
        page.contains("内容有错误，下面是上次成功生成的网站"),
        "{page}"
    );
    assert!(page.contains("id=\"gongshi-errors-close\""), "{page}");
    assert!(
        page.contains("content/a.md:1:1: 错误：&lt;b&gt;不对&lt;/b&gt;\n    修改方法：改正</pre>"),
        "{page}"
    );
    assert!(
        page.contains("<h1>政务诚信</h1>"),
        "last good page still served: {page}"
    );

    let not_found = get(address, "/zwcx/missing").text();
    assert!(not_found.contains("role=\"alertdialog\""), "{not_found}");

    state.publish(snapshot(&site, HOME_PAGE));
    let page = get(address, "/zwcx/").text();
    assert!(
        !page.contains("role=\"alertdialog\""),
        "overlay gone after publish: {page}"
    );
    server.stop();
}

#[test]
fn stale_page_reloads_on_connect() {
    let site = make_site();
    let (server, state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    let token = page_token(&get(address, "/zwcx/").text());

    // Up to date: nothing but the preamble.
    let mut current = Events::open(address, &format!("/zwcx/__gongshi/events?v={token}"));
    state.publish(snapshot(&site, HOME_PAGE));
    current.wait_for("event: reload");

    // The page missed the publish while it was not connected.
    let mut stale = Events::open(address, &format!("/zwcx/__gongshi/events?v={token}"));
    stale.wait_for("event: reload");
    server.stop();
}

#[test]
fn garbage_does_not_stop_server() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    let garbage: [&[u8]; 7] = [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET /zwcx/ HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
        b"GET /zwcx/ HTTP/1.1\r\nConnection: close\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"\r\n\r\n\r\n",
    ];
    for raw in garbage {
        let received = exchange(address, raw);
        if let Some(reply) = parse_reply(&received) {
            assert!(
                reply.status >= 400 || raw.starts_with(b"GET /zwcx/"),
                "{raw:?}: status {}",
                reply.status
            );
        }
        assert_serves_home(address);
    }
    server.stop();
}

#[test]
fn abandoned_download_does_not_stop_server() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    for _ in 0..5 {
        let mut stream = connect(address);
        write!(
            stream,
            "GET /zwcx/files/large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("write request");
        let mut buffer = [0; 16 * 1024];
        let read = stream.read(&mut buffer).expect("first bytes");
        assert!(read > 0);
        stream.shutdown(Shutdown::Both).expect("shutdown");
    }
    // A client that closes the moment it has sent its request.
    for _ in 0..5 {
        let mut stream = connect(address);
        write!(stream, "GET /zwcx/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("write request");
        drop(stream);
    }
    assert_serves_home(address);

    let reply = get(address, "/zwcx/files/large.bin");
    assert_eq!(reply.body.len(), LARGE_FILE_BYTES);
    server.stop();
}

#[test]
fn stalled_client_does_not_block_others() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();

    // Half a request line, then silence.
    let mut stalled = connect(address);
    stalled
        .write_all(b"GET /zwcx/sta")
        .expect("write partial request");
    // A download whose client never reads.
    let mut not_reading = connect(address);
    write!(
        not_reading,
        "GET /zwcx/files/large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .expect("write request");

    let started = Instant::now();
    assert_serves_home(address);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    drop((stalled, not_reading));
    server.stop();
}

#[test]
fn publish_prompt_despite_stuck_stream() {
    let site = make_site();
    let (server, state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    // Event streams whose clients never read: their socket buffers fill
    // with large error events.
    let stuck: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(address);
            write!(
                stream,
                "GET /zwcx/__gongshi/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            )
            .expect("write request");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(200));

    let started = Instant::now();
    for round in 0..200 {
        state.show_errors(vec![format!(
            "content/a.md:1:1: 错误：{round} {}",
            "长".repeat(50_000)
        )]);
        state.publish(snapshot(&site, HOME_PAGE));
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(3),
        "400 state changes took {elapsed:?}"
    );

    assert_serves_home(address);
    drop(stuck);
    server.stop();
}

#[test]
fn many_concurrent_connections() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();

    let clients: Vec<_> = (0..150)
        .map(|_| thread::spawn(move || get(address, "/zwcx/").status))
        .collect();
    let mut statuses = Vec::new();
    for client in clients {
        statuses.push(client.join().expect("client thread"));
    }
    assert!(
        statuses.iter().all(|status| matches!(status, 200 | 503)),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200), "{statuses:?}");
    assert_serves_home(address);
    server.stop();
}

#[test]
fn port_in_use_suggests_next_free_port() {
    let occupied = TcpListener::bind((LOCALHOST, 0)).expect("bind");
    let port = occupied.local_addr().expect("address").port();
    let state = PreviewState::new(Snapshot::default(), "/".into());

    let error = Server::start(LOCALHOST, port, state)
        .err()
        .expect("start must fail on a taken port");
    let StartError::PortInUse {
        port: reported,
        next_free,
    } = &error
    else {
        panic!("expected PortInUse, got {error:?}");
    };
    assert_eq!(*reported, port);
    let next = next_free.expect("a free port within 50");
    assert!(next > port, "{next} after {port}");
    assert!(
        u32::from(next) <= u32::from(port) + 50,
        "{next} after {port}"
    );
    let message = error.message();
    assert!(message.contains(&format!("--port {next}")), "{message}");
    assert!(message.contains(&port.to_string()), "{message}");
}

#[test]
fn stop_closes_port() {
    let site = make_site();
    let (server, _state) = start(&site, "/zwcx/");
    let address = server.local_addr();
    assert_serves_home(address);
    server.stop();

    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "{address} still accepts connections after stop"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn secret_file_exists_for_the_traversal_test() {
    let site = make_site();
    assert_eq!(
        std::fs::read_to_string(&site.secret).expect("read secret"),
        SECRET
    );
    assert!(Path::new(&site.site_dir).join("../secret.txt").exists());
}
