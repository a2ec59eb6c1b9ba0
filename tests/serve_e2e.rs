//! `gongshi serve` end to end: the real binary serves a fixture site,
//! an editor's atomic save triggers a rebuild and a reload event, an error
//! shows the overlay while the last good page stays served, and requests
//! that try to leave the output are refused.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::*;

/// Ends the server when the test ends, also on failure.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Sends one raw request and returns the status code and body.
fn request(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Opens the event stream and forwards its `event:` lines.
fn events(port: u16) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET /zwcx/__gongshi/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(event) = line.strip_prefix("event: ") {
                if sender.send(event.trim().to_string()).is_err() {
                    break;
                }
            }
        }
    });
    receiver
}

fn wait_for(receiver: &mpsc::Receiver<String>, wanted: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(event) = receiver.recv_timeout(Duration::from_millis(200)) {
            if event == wanted {
                return;
            }
        }
    }
    panic!("no {wanted} event within 20 s");
}

/// Writes a file the way Vim and VS Code save: a temporary file renamed
/// over the original.
fn atomic_save(path: &std::path::Path, text: &str) {
    let temporary = path.with_extension("md.tmp~");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// Starts `gongshi serve` on a site folder at a fixed as-of date.
fn start_serve(site: &std::path::Path, port: u16, stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args([
            "serve",
            "--site",
            site.to_str().unwrap(),
            "--port",
            &port.to_string(),
            "--as-of",
            "2025-06-30",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("start gongshi serve")
}

/// Waits until `page` is served. Until the first build ends, the server
/// serves a waiting page instead.
fn wait_for_first_build(port: u16, page: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while request_status(port, page) != 200 {
        assert!(
            Instant::now() < deadline,
            "first build not served within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_rebuilds_reloads_and_shows_errors() {
    let site = copy_fixture("minimal");
    let port = free_port();
    let child = start_serve(site.path(), port, Stdio::null());
    let _running = Running(child);

    let page = "/zwcx/commitments/2024/first/";
    wait_for_first_build(port, page);
    assert!(request(port, page).1.contains("建立政府信用档案"));

    let events = events(port);
    std::thread::sleep(Duration::from_millis(300));
    let record = site.path().join("content/commitments/2024/first.md");
    let original = std::fs::read_to_string(&record).unwrap();
    atomic_save(
        &record,
        &original.replace("建立政府信用档案", "建立政府信用档案（修订）"),
    );
    wait_for(&events, "reload");
    assert!(
        request(port, page).1.contains("建立政府信用档案（修订）"),
        "changed page not served"
    );
    // The search index follows the pages on its own thread.
    let deadline = Instant::now() + Duration::from_secs(30);
    while request_status(port, "/zwcx/search/meta.json") != 200 {
        assert!(
            Instant::now() < deadline,
            "search index not served within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    atomic_save(
        &record,
        &original.replace("date = 2024-07-29", "date = 2024-02-30"),
    );
    wait_for(&events, "errors");
    let (status, body) = request(port, page);
    assert_eq!(status, 200);
    assert!(
        body.contains("建立政府信用档案（修订）"),
        "last good page no longer served"
    );
    assert!(
        body.contains("first.md:3:8"),
        "overlay lacks the diagnostic"
    );

    atomic_save(&record, &original);
    wait_for(&events, "reload");
    assert!(request(port, page).1.contains("<h1>建立政府信用档案</h1>"));

    for target in [
        "/zwcx/../../etc/passwd",
        "/zwcx/%2e%2e/%2e%2e/etc/passwd",
        "/zwcx/..%2f..%2fetc/passwd",
        "/zwcx/..\\..\\etc\\passwd",
        "/zwcx/%00index.html",
        "/etc/passwd",
    ] {
        let (status, body) = request(port, target);
        assert!(status == 404 || status == 400, "{target}: status {status}");
        assert!(!body.contains("root:"), "{target} served a system file");
    }
}

fn request_status(port: u16, target: &str) -> u16 {
    match TcpStream::connect(("127.0.0.1", port)) {
        Ok(_) => request(port, target).0,
        Err(_) => 0,
    }
}

/// A change the file system reports no event for, made here through a
/// hard link outside the watched folders, is found by serve's periodic
/// check, which rebuilds and suggests `--poll`.
#[test]
fn serve_suggests_poll_without_events() {
    let site = copy_fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    let record = site.path().join("content/commitments/2024/first.md");
    let link = outside.path().join("first.md");
    std::fs::hard_link(&record, &link).expect("hard link on the same file system");

    let port = free_port();
    let mut child = start_serve(site.path(), port, Stdio::piped());
    let stderr = child.stderr.take().unwrap();
    let _running = Running(child);
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });

    let page = "/zwcx/commitments/2024/first/";
    wait_for_first_build(port, page);

    // Written in place through the link: same inode, no event for the site.
    let original = std::fs::read_to_string(&link).unwrap();
    std::fs::write(
        &link,
        original.replace("建立政府信用档案", "建立政府信用档案（未通知）"),
    )
    .unwrap();

    let deadline = Instant::now() + Duration::from_secs(30);
    let mut hinted = false;
    while !hinted && Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(500)) {
            hinted = line.contains("--poll") && line.contains("没有发出修改通知");
        }
    }
    assert!(hinted, "serve did not suggest --poll within 30 s");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !request(port, page).1.contains("建立政府信用档案（未通知）") {
        assert!(
            Instant::now() < deadline,
            "the change was not rebuilt after the hint"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
