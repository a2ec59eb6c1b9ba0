//! Tests that need the crate-internal `Limits`; tests/serve_http.rs
//! covers the public behaviour.

use super::*;
use crate::serve::live::Snapshot;
use std::collections::HashMap;
use std::net::Shutdown;

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

fn state() -> Arc<PreviewState> {
    let mut files = HashMap::new();
    files.insert(
        "index.html".to_string(),
        Arc::new(Contents::Bytes(b"<html><body>home</body></html>".to_vec())),
    );
    PreviewState::new(
        Snapshot {
            files: files.into_iter().collect(),
            site_dir: "site".into(),
        },
        "/".into(),
    )
}

fn short_limits() -> Limits {
    Limits {
        handlers: 2,
        streams: 1,
        write_timeout: Duration::from_secs(5),
        keep_alive: Duration::from_secs(1),
        stop_grace: Duration::from_secs(2),
    }
}

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(server.local_addr()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    stream
}

/// A connection and everything read from it so far.
struct Connection {
    stream: TcpStream,
    received: String,
}

impl Connection {
    /// Sends `GET target` and reads until the end of the response head.
    fn get(server: &Server, target: &str) -> Connection {
        let mut stream = connect(server);
        write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("write request");
        let mut connection = Connection {
            stream,
            received: String::new(),
        };
        connection.read_until("\r\n\r\n");
        connection
    }

    fn status(&self) -> &str {
        self.received.split(' ').nth(1).unwrap_or_default()
    }

    /// Reads until `needle` has arrived, the stream ends or 10 s pass.
    fn read_until(&mut self, needle: &str) -> &str {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut buffer = [0; 1024];
        while !self.received.contains(needle) && Instant::now() < deadline {
            match self.stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(count) => self
                    .received
                    .push_str(&String::from_utf8_lossy(&buffer[..count])),
            }
        }
        &self.received
    }
}

#[test]
fn port_in_use_message_offers_next_port() {
    let error = StartError::PortInUse {
        port: 8000,
        next_free: Some(8001),
    };
    let message = error.message();
    assert!(message.contains("端口 8000 已被占用"), "{message}");
    assert!(message.contains("--port 8001"), "{message}");
    assert_eq!(error.to_string(), message);
}

#[test]
fn port_in_use_message_without_free_port() {
    let message = StartError::PortInUse {
        port: 8000,
        next_free: None,
    }
    .message();
    assert!(message.contains("8001 到 8050"), "{message}");
    assert!(message.contains("--port N"), "{message}");

    let message = StartError::PortInUse {
        port: u16::MAX,
        next_free: None,
    }
    .message();
    assert!(message.contains("端口 65535 已被占用。"), "{message}");
}

#[test]
fn unavailable_address_explained() {
    let error = io::Error::from(io::ErrorKind::AddrNotAvailable);
    let message = StartError::from_bind_error(LOCALHOST, 8000, &error).message();
    assert!(message.contains("--bind"), "{message}");
}

#[test]
fn next_free_port_skips_taken_ports() {
    let occupied = TcpListener::bind((LOCALHOST, 0)).expect("bind");
    let port = occupied.local_addr().expect("address").port();
    let next = next_free_port(LOCALHOST, port).expect("a free port nearby");
    assert!(next > port, "{next} after {port}");
    assert!(
        next <= port.saturating_add(PORT_PROBE_RANGE),
        "{next} after {port}"
    );
    assert_eq!(next_free_port(LOCALHOST, u16::MAX), None);
}

#[test]
fn accepted_sockets_inherit_write_timeout() {
    let listener = TcpListener::bind((LOCALHOST, 0)).expect("bind");
    let listener = set_accepted_write_timeout(listener, Duration::from_millis(1500));
    let _client = TcpStream::connect(listener.local_addr().expect("address")).expect("connect");
    let (accepted, _) = listener.accept().expect("accept");
    assert_eq!(
        accepted.write_timeout().expect("write timeout"),
        Some(Duration::from_millis(1500))
    );
    assert_eq!(accepted.read_timeout().expect("read timeout"), None);
}

#[test]
fn listener_keeps_accepting_after_idle_period() {
    let limits = Limits {
        write_timeout: Duration::from_millis(200),
        ..short_limits()
    };
    let server = Server::start_with(LOCALHOST, 0, state(), limits).expect("start");
    thread::sleep(Duration::from_millis(1000));

    // A timeout on `accept` would have ended tiny_http's accept thread and
    // made the server start another.
    assert_eq!(lock(&server.shared.listening).servers.len(), 1);
    let page = Connection::get(&server, "/");
    assert_eq!(page.status(), "200", "{}", page.received);
    server.stop();
}

#[test]
fn write_timeout_frees_handler_of_client_not_reading() {
    let mut files = HashMap::new();
    files.insert(
        "index.html".to_string(),
        Arc::new(Contents::Bytes(b"<body></body>".to_vec())),
    );
    // Larger than the socket buffers of both ends on loopback.
    files.insert(
        "large.bin".to_string(),
        Arc::new(Contents::Bytes(vec![0; 64 * 1024 * 1024])),
    );
    let state = PreviewState::new(
        Snapshot {
            files: files.into_iter().collect(),
            site_dir: "site".into(),
        },
        "/".into(),
    );
    // The handler is busy for one write timeout, and the loop below must
    // see it busy: a timeout of seconds leaves room for a loaded machine.
    let limits = Limits {
        handlers: 1,
        write_timeout: Duration::from_secs(3),
        ..short_limits()
    };
    let server = Server::start_with(LOCALHOST, 0, state, limits).expect("start");

    let mut not_reading = connect(&server);
    write!(
        not_reading,
        "GET /large.bin HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("write request");

    // The download has taken the only handler once its first bytes arrive.
    // (Polling for a 503 instead proved racy on a loaded machine.) The
    // client never reads, so 64 MiB cannot finish and only the write
    // timeout can free the handler.
    not_reading
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set read timeout");
    let mut first_byte = [0u8; 1];
    assert_eq!(
        not_reading.peek(&mut first_byte).expect("download starts"),
        1,
        "the download never started"
    );
    // …and gives it back when a write has waited for the timeout.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let page = Connection::get(&server, "/");
        if page.status() == "200" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "handler still busy: {}",
            page.received
        );
        thread::sleep(Duration::from_millis(200));
    }
    drop(not_reading);
    server.stop();
}

#[test]
fn streams_beyond_limit_get_503() {
    let server = Server::start_with(LOCALHOST, 0, state(), short_limits()).expect("start");
    let first = Connection::get(&server, "/__gongshi/events");
    assert_eq!(first.status(), "200", "{}", first.received);

    let second = Connection::get(&server, "/__gongshi/events");
    assert_eq!(second.status(), "503", "{}", second.received);
    assert!(
        second.received.contains("Retry-After: 5"),
        "{}",
        second.received
    );
    server.stop();
}

#[test]
fn requests_beyond_handler_limit_get_503() {
    let limits = Limits {
        handlers: 1,
        ..short_limits()
    };
    let server = Server::start_with(LOCALHOST, 0, state(), limits).expect("start");
    // The event stream occupies the only handler.
    let events = Connection::get(&server, "/__gongshi/events");
    assert_eq!(events.status(), "200", "{}", events.received);

    let page = Connection::get(&server, "/");
    assert_eq!(page.status(), "503", "{}", page.received);

    // Once the stream's client leaves, the handler is free again: the
    // next keep-alive comment fails, within a second or two.
    events.stream.shutdown(Shutdown::Both).expect("shutdown");
    drop(events);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = Connection::get(&server, "/");
        if page.status() == "200" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "handler not freed: {}",
            page.received
        );
        thread::sleep(Duration::from_millis(100));
    }
    server.stop();
}

#[test]
fn keep_alive_comments_sent() {
    let server = Server::start_with(LOCALHOST, 0, state(), short_limits()).expect("start");
    let mut events = Connection::get(&server, "/__gongshi/events");
    assert!(
        events
            .received
            .contains("Content-Type: text/event-stream; charset=utf-8"),
        "{}",
        events.received
    );
    assert!(
        events.received.contains("Transfer-Encoding: chunked"),
        "{}",
        events.received
    );
    let received = events.read_until(": keep-alive\n\n");
    assert!(received.contains(": keep-alive\n\n"), "{received}");
    server.stop();
}

#[test]
fn stop_ends_event_streams_and_closes_port() {
    let server = Server::start_with(LOCALHOST, 0, state(), short_limits()).expect("start");
    let address = server.local_addr();
    let mut events = Connection::get(&server, "/__gongshi/events");
    assert_eq!(events.status(), "200", "{}", events.received);
    events.read_until("retry: 2000");

    let started = Instant::now();
    server.stop();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "stop took {:?}",
        started.elapsed()
    );

    let received = events.read_until("0\r\n\r\n");
    assert!(
        received.ends_with("\r\n0\r\n\r\n"),
        "stream not ended: {received:?}"
    );

    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "port {address} still accepts after stop"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn http_1_0_event_stream_not_chunked() {
    let server = Server::start_with(LOCALHOST, 0, state(), short_limits()).expect("start");
    let mut stream = connect(&server);
    write!(stream, "GET /__gongshi/events HTTP/1.0\r\n\r\n").expect("write request");
    let mut events = Connection {
        stream,
        received: String::new(),
    };
    let received = events.read_until("retry: 2000\n\n");
    assert!(received.starts_with("HTTP/1.0 200 OK\r\n"), "{received}");
    assert!(!received.contains("chunked"), "{received}");
    assert!(
        received.ends_with("\r\n\r\n: gongshi serve\nretry: 2000\n\n"),
        "{received}"
    );
    server.stop();
}

#[test]
fn local_hosts_only() {
    for host in [
        "127.0.0.1",
        "127.0.0.1:8000",
        "localhost:8000",
        "LOCALHOST",
        "[::1]:8000",
        "[::1]",
        "192.168.1.20:8000",
    ] {
        assert!(is_local_host(host), "{host} should be accepted");
    }
    for host in [
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.evil.example",
        "[::1",
        "[evil]:80",
        "",
    ] {
        assert!(!is_local_host(host), "{host} should be rejected");
    }
}
