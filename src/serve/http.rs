//! The preview HTTP server. The `tiny_http` crate parses HTTP/1.1; this
//! module decides what to send back and bounds the threads.
//!
//! Threads:
//! - `tiny_http`'s own: one accept thread, and one thread per open
//!   connection that reads its requests.
//! - One dispatcher per `tiny_http` server. It takes requests from the
//!   server's queue and starts a handler thread for each, at most
//!   [`Limits::handlers`] at a time. It never writes to a socket itself, so
//!   no client can stall it.
//! - Handler threads. An event stream is a handler that lasts; at most
//!   [`Limits::streams`] of them run at once.
//! - One overload thread, which responds with 503 to requests that found
//!   no free handler.
//!
//! Accepted sockets inherit a write timeout from the listening socket
//! (Linux copies it on accept), so a client that stops reading occupies a
//! handler for at most [`Limits::write_timeout`] per write. There is no read
//! timeout: `tiny_http` reads each connection in its own thread, so an idle
//! or slow-sending client holds that thread, but no handler.

mod content_type;
mod route;

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::render::Contents;
use crate::serve::live::{Current, PreviewState, inject_live_reload};
use content_type::{content_type, is_html};
use route::Route;

pub(crate) use route::percent_decode;

/// How many ports above a busy one [`Server::start`] tries, to suggest one.
const PORT_PROBE_RANGE: u16 = 50;

/// Headers on every response. `no-store` because the preview changes with
/// every save.
const COMMON_HEADERS: [(&str, &str); 3] = [
    ("Server", "gongshi"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
];

const EVENT_STREAM_TYPE: &str = "text/event-stream; charset=utf-8";
const PLAIN_TEXT_TYPE: &str = "text/plain; charset=utf-8";

/// The preview server, serving a [`PreviewState`] until stopped.
pub struct Server {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
}

/// Why [`Server::start`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// The port is taken. `next_free` is the first port above it, at most
    /// 50 higher, that could be bound when checked.
    PortInUse { port: u16, next_free: Option<u16> },
    /// Any other failure, as a Chinese message for the editor.
    Other(String),
}

/// Bounds on threads and waiting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Requests handled at once, event streams included; more get 503.
    pub(crate) handlers: usize,
    /// Event streams open at once; more get 503.
    pub(crate) streams: usize,
    /// Write timeout of every accepted socket.
    pub(crate) write_timeout: Duration,
    /// Interval of keep-alive comments on event streams, which also
    /// notice clients that left.
    pub(crate) keep_alive: Duration,
    /// How long [`Server::stop`] waits for threads to end.
    pub(crate) stop_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            handlers: 64,
            streams: 32,
            write_timeout: Duration::from_secs(30),
            keep_alive: Duration::from_secs(15),
            stop_grace: Duration::from_secs(2),
        }
    }
}

struct Shared {
    state: Arc<PreviewState>,
    limits: Limits,
    stopping: AtomicBool,
    handlers: AtomicUsize,
    streams: AtomicUsize,
    /// Failed `tiny_http` servers in a row, for the restart delay.
    restarts: AtomicU32,
    listening: Mutex<Listening>,
}

/// Everything [`Server::stop`] must close or join. `None` and empty once
/// stopped.
struct Listening {
    /// The bound socket, kept to start another `tiny_http` server on it.
    listener: Option<TcpListener>,
    servers: Vec<Arc<tiny_http::Server>>,
    threads: Vec<JoinHandle<()>>,
    /// Cloned for each dispatcher; the overload thread ends when all
    /// clones are gone.
    overload: Option<Sender<Request>>,
}

impl Server {
    /// Binds and starts serving in background threads.
    pub fn start(bind: IpAddr, port: u16, state: Arc<PreviewState>) -> Result<Server, StartError> {
        Server::start_with(bind, port, state, Limits::default())
    }

    pub(crate) fn start_with(
        bind: IpAddr,
        port: u16,
        state: Arc<PreviewState>,
        limits: Limits,
    ) -> Result<Server, StartError> {
        let address = SocketAddr::new(bind, port);
        let listener = TcpListener::bind(address)
            .map_err(|error| StartError::from_bind_error(bind, port, &error))?;
        let local_addr = listener
            .local_addr()
            .map_err(|error| StartError::failed(address, &error))?;
        let listener = set_accepted_write_timeout(listener, limits.write_timeout);

        let (overload, overload_requests) = mpsc::channel();
        let overload_thread = thread::Builder::new()
            .name("gongshi-serve-overload".into())
            .spawn(move || respond_to_overload(overload_requests))
            .map_err(|error| StartError::failed(address, &error))?;

        let shared = Arc::new(Shared {
            state,
            limits,
            stopping: AtomicBool::new(false),
            handlers: AtomicUsize::new(0),
            streams: AtomicUsize::new(0),
            restarts: AtomicU32::new(0),
            listening: Mutex::new(Listening {
                listener: Some(listener),
                servers: Vec::new(),
                threads: vec![overload_thread],
                overload: Some(overload),
            }),
        });

        let server = Server { shared, local_addr };
        // TODO: restarting after "too many open files" is untested: tiny_http
        // 0.12 panics in its accept thread when it cannot duplicate a socket.
        if let Err(error) = start_accepting(&server.shared) {
            // Dropping `server` stops the overload thread again.
            return Err(StartError::failed(address, &error));
        }
        Ok(server)
    }

    /// Returns the address the server listens on, with the real port when
    /// it was started on port 0.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting and ends the threads.
    ///
    /// Returns when the threads have ended, or after a grace period of
    /// 2 seconds. A handler still writing to a slow client then ends by
    /// itself within the write timeout. Event streams are closed, so open
    /// pages start reconnecting. Dropping the server does the same.
    // NOTE: `tiny_http` offers no way to close the keep-alive connections
    // it has accepted. A request that a browser sends on one after `stop`
    // (Chromium reuses idle and preconnected sockets) gets no response
    // until the process exits, so stop the server only to exit.
    pub fn stop(self) {
        // `Drop` does the work, so that a server dropped without `stop`
        // closes its port too.
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        shutdown(&self.shared, self.local_addr);
    }
}

impl StartError {
    /// Returns the message for the editor, in Chinese, with what to do.
    pub fn message(&self) -> String {
        match self {
            StartError::PortInUse {
                port,
                next_free: Some(next),
            } => format!(
                "端口 {port} 已被占用，可能已经有一个 gongshi serve 在运行，或者别的程序在用这个端口。\
                 端口 {next} 空闲：加上 --port {next} 重新运行即可，例如 gongshi serve --port {next}"
            ),
            StartError::PortInUse {
                port,
                next_free: None,
            } => {
                let checked = if *port == u16::MAX {
                    String::new()
                } else {
                    let last = port.saturating_add(PORT_PROBE_RANGE);
                    format!("，往后的端口 {} 到 {last} 也都被占用", port + 1)
                };
                format!(
                    "端口 {port} 已被占用{checked}。请关闭占用端口的程序，\
                     或者用 --port N 换一个端口（N 是 1024 到 65535 之间的数字）"
                )
            }
            StartError::Other(message) => message.clone(),
        }
    }

    fn from_bind_error(bind: IpAddr, port: u16, error: &io::Error) -> StartError {
        match error.kind() {
            io::ErrorKind::AddrInUse => StartError::PortInUse {
                port,
                next_free: next_free_port(bind, port),
            },
            io::ErrorKind::AddrNotAvailable => StartError::Other(format!(
                "无法在地址 {bind} 上启动预览服务器：这台电脑没有这个网络地址。\
                 去掉 --bind 使用默认的 127.0.0.1，或者改成这台电脑自己的地址"
            )),
            io::ErrorKind::PermissionDenied => StartError::Other(format!(
                "系统不允许使用端口 {port}：1024 以下的端口需要管理员权限，Windows 还会保留一部分端口。\
                 请用 --port 换一个端口，例如 --port 8000"
            )),
            _ => StartError::failed(SocketAddr::new(bind, port), error),
        }
    }

    fn failed(address: SocketAddr, error: &io::Error) -> StartError {
        StartError::Other(format!("无法在 {address} 上启动预览服务器：{error}"))
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message())
    }
}

impl std::error::Error for StartError {}

/// Returns the first port in `port + 1 ..= port + 50` that can be bound.
fn next_free_port(bind: IpAddr, port: u16) -> Option<u16> {
    let last = port.saturating_add(PORT_PROBE_RANGE);
    (port.checked_add(1)?..=last)
        .find(|&candidate| TcpListener::bind(SocketAddr::new(bind, candidate)).is_ok())
}

/// Sets a write timeout (`SO_SNDTIMEO`) on a listening socket, for the
/// sockets it accepts to inherit. The standard library has no such setter
/// on `TcpListener`, so it is set through a `TcpStream` handle of the same
/// socket. Where that fails the server works without the timeout.
///
/// A read timeout (`SO_RCVTIMEO`) cannot be passed on this way, because it
/// also applies to `accept`, which would then fail after every idle period.
// NOTE: Linux copies the option to accepted sockets (a unit test checks it
// on the platform it runs on); whether Windows does is unverified.
fn set_accepted_write_timeout(listener: TcpListener, timeout: Duration) -> TcpListener {
    #[cfg(unix)]
    {
        use std::os::fd::OwnedFd;
        let socket = TcpStream::from(OwnedFd::from(listener));
        let _ = socket.set_write_timeout(Some(timeout));
        TcpListener::from(OwnedFd::from(socket))
    }
    #[cfg(windows)]
    {
        use std::os::windows::io::OwnedSocket;
        let socket = TcpStream::from(OwnedSocket::from(listener));
        let _ = socket.set_write_timeout(Some(timeout));
        TcpListener::from(OwnedSocket::from(socket))
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = timeout;
        listener
    }
}

/// Starts a `tiny_http` server on the bound socket and its dispatcher.
fn start_accepting(shared: &Arc<Shared>) -> io::Result<()> {
    let mut listening = lock(&shared.listening);
    // Checked under the lock that `shutdown` takes, so no server can be
    // added after `shutdown` collected them.
    if shared.is_stopping() {
        return Ok(());
    }
    let not_listening = || io::Error::other("the server is stopping");
    let listener = listening
        .listener
        .as_ref()
        .ok_or_else(not_listening)?
        .try_clone()?;
    let overload = listening.overload.clone().ok_or_else(not_listening)?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|error| io::Error::other(error.to_string()))?;
    let server = Arc::new(server);

    let dispatcher = {
        let server = Arc::clone(&server);
        let shared = Arc::clone(shared);
        thread::Builder::new()
            .name("gongshi-serve-dispatcher".into())
            .spawn(move || dispatch_requests(&server, &shared, &overload))?
    };
    listening.servers.push(server);
    listening.threads.push(dispatcher);
    Ok(())
}

/// Hands each request of `server` to a handler thread until the server stops.
fn dispatch_requests(server: &tiny_http::Server, shared: &Arc<Shared>, overload: &Sender<Request>) {
    let started = Instant::now();
    let mut restarting = false;
    loop {
        match server.recv() {
            Ok(request) if shared.is_stopping() => queue_503(overload, request),
            Ok(request) => dispatch(request, shared, overload),
            // `shutdown` called `unblock`.
            Err(_) if shared.is_stopping() => break,
            // `tiny_http` ends its accept thread at the first accept error
            // (too many open files, for one), so this server takes no new
            // connections. Start another on the same socket, and keep
            // serving the connections this one already has.
            Err(_) if !restarting => {
                restarting = true;
                restart_accepting(shared, started.elapsed());
            }
            Err(_) => {}
        }
    }
    while let Ok(Some(request)) = server.try_recv() {
        queue_503(overload, request);
    }
}

/// Starts a new `tiny_http` server after a delay that doubles, up to 5 s,
/// while servers keep failing within 10 s of their start.
// NOTE: the old dispatcher keeps running until `stop`, for the connections
// its server accepted, so every restart adds one idle thread.
fn restart_accepting(shared: &Arc<Shared>, lived: Duration) {
    const FIRST_DELAY: Duration = Duration::from_millis(100);
    const MAX_DELAY: Duration = Duration::from_secs(5);

    let failures = if lived > Duration::from_secs(10) {
        shared.restarts.store(0, Ordering::SeqCst);
        0
    } else {
        shared.restarts.fetch_add(1, Ordering::SeqCst).min(6)
    };
    let mut delay = (FIRST_DELAY * 2u32.pow(failures)).min(MAX_DELAY);

    let restarter = {
        let shared = Arc::clone(shared);
        thread::Builder::new()
            .name("gongshi-serve-restart".into())
            .spawn(move || {
                loop {
                    if !sleep_unless_stopping(&shared, delay) {
                        return;
                    }
                    if start_accepting(&shared).is_ok() {
                        return;
                    }
                    delay = (delay * 2).min(MAX_DELAY);
                }
            })
    };
    // Without a thread there is no restart: the server keeps serving
    // open connections but accepts no new ones.
    if let Ok(restarter) = restarter {
        lock(&shared.listening).threads.push(restarter);
    }
}

/// Sleeps for `duration`; returns false early if the server is stopping.
fn sleep_unless_stopping(shared: &Shared, duration: Duration) -> bool {
    let deadline = Instant::now() + duration;
    while Instant::now() < deadline {
        if shared.is_stopping() {
            return false;
        }
        thread::sleep(
            Duration::from_millis(20).min(deadline.saturating_duration_since(Instant::now())),
        );
    }
    !shared.is_stopping()
}

fn dispatch(request: Request, shared: &Arc<Shared>, overload: &Sender<Request>) {
    let Some(permit) = Permit::acquire(shared, Pool::Handlers) else {
        queue_503(overload, request);
        return;
    };
    let handler_shared = Arc::clone(shared);
    // If no thread can be started, the closure is dropped with the
    // request in it, and `tiny_http` responds with 500.
    let _ = thread::Builder::new()
        .name("gongshi-serve-handler".into())
        .spawn(move || {
            let _permit = permit;
            handle(request, &handler_shared);
        });
}

/// Passes a request to the overload thread. Once that thread has ended
/// (only while stopping), the request is dropped and `tiny_http` responds
/// with 500.
fn queue_503(overload: &Sender<Request>, request: Request) {
    let _ = overload.send(request);
}

fn respond_to_overload(requests: Receiver<Request>) {
    for request in requests {
        respond_text(
            request,
            503,
            "503 预览服务器正忙，请稍后刷新页面\n",
            &[("Retry-After", "1")],
        );
    }
}

/// The bounded pool a [`Permit`] counts against.
#[derive(Debug, Clone, Copy)]
enum Pool {
    Handlers,
    Streams,
}

/// A place in a bounded pool, given back on drop (also when a handler
/// panics).
struct Permit {
    shared: Arc<Shared>,
    pool: Pool,
}

impl Permit {
    fn acquire(shared: &Arc<Shared>, pool: Pool) -> Option<Permit> {
        let (counter, limit) = shared.pool(pool);
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |count| {
                (count < limit).then_some(count + 1)
            })
            .ok()?;
        Some(Permit {
            shared: Arc::clone(shared),
            pool,
        })
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.shared.pool(self.pool).0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    fn pool(&self, pool: Pool) -> (&AtomicUsize, usize) {
        match pool {
            Pool::Handlers => (&self.handlers, self.limits.handlers),
            Pool::Streams => (&self.streams, self.limits.streams),
        }
    }
}

/// Stops every server and thread of `shared`; does nothing the second time.
fn shutdown(shared: &Arc<Shared>, local_addr: SocketAddr) {
    let (servers, listener, threads, overload) = {
        let mut listening = lock(&shared.listening);
        shared.stopping.store(true, Ordering::SeqCst);
        (
            std::mem::take(&mut listening.servers),
            listening.listener.take(),
            std::mem::take(&mut listening.threads),
            listening.overload.take(),
        )
    };
    for server in &servers {
        server.unblock();
    }
    shared.state.wake_subscribers();
    drop(overload);

    let deadline = Instant::now() + shared.limits.stop_grace;
    for thread in threads {
        join_until(thread, deadline);
    }

    // Dropping the last handle of a `tiny_http` server makes its accept
    // thread end, which closes the listening socket.
    drop(servers);
    drop(listener);
    // `tiny_http` wakes its accept thread by connecting to the listening
    // address, which fails for 0.0.0.0 and :: on Windows: connect to the
    // loopback address instead.
    if local_addr.ip().is_unspecified() {
        let loopback: IpAddr = if local_addr.is_ipv4() {
            Ipv4Addr::LOCALHOST.into()
        } else {
            Ipv6Addr::LOCALHOST.into()
        };
        let _ = TcpStream::connect_timeout(
            &SocketAddr::new(loopback, local_addr.port()),
            Duration::from_secs(1),
        );
    }

    while (shared.handlers.load(Ordering::SeqCst) > 0 || shared.streams.load(Ordering::SeqCst) > 0)
        && Instant::now() < deadline
    {
        thread::sleep(Duration::from_millis(10));
    }
}

/// Returns whether a Host header names an IP address or localhost, with
/// or without a port: `127.0.0.1:8000`, `[::1]:8000`, `localhost`.
fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // An IPv6 literal: `[::1]` or `[::1]:8000`.
        match rest.split_once(']') {
            Some((address, port)) if port.is_empty() || port.starts_with(':') => {
                return address.parse::<std::net::Ipv6Addr>().is_ok();
            }
            _ => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Joins `thread` if it ends before `deadline`; otherwise leaves it running.
fn join_until(thread: JoinHandle<()>, deadline: Instant) {
    while !thread.is_finished() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    if thread.is_finished() {
        let _ = thread.join();
    }
}

fn handle(request: Request, shared: &Arc<Shared>) {
    // A web page elsewhere can point a name of its own at 127.0.0.1 (DNS
    // rebinding) and then read the preview, drafts included, as if it were
    // its own site. Such requests carry that name in Host, so the preview
    // serves only requests addressed to an IP address or localhost.
    let host = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Host"))
        .map(|header| header.value.as_str().to_string());
    if host.as_deref().is_some_and(|host| !is_local_host(host)) {
        respond_text(
            request,
            403,
            "403 预览只接受以 IP 地址或 localhost 访问\n",
            &[],
        );
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        respond_text(
            request,
            405,
            "405 只支持 GET 和 HEAD 请求\n",
            &[("Allow", "GET, HEAD")],
        );
        return;
    }

    let current = shared.state.current();
    let files = &current.snapshot.files;
    match route::route(request.url(), shared.state.base_path(), |key| {
        files.contains_key(key)
    }) {
        Route::File(key) => serve_file(request, &key, shared, &current),
        Route::Events { seen } => serve_events(request, seen, shared),
        Route::Redirect(location) => {
            respond_text(
                request,
                302,
                "302 网址末尾应有斜杠\n",
                &[("Location", location.as_str())],
            );
        }
        Route::NotFound => not_found(request, shared, &current),
        Route::BadRequest => respond_text(request, 400, "400 网址无效\n", &[]),
    }
}

fn serve_file(request: Request, key: &str, shared: &Shared, current: &Current) {
    match current.snapshot.files.get(key).map(|contents| &**contents) {
        Some(Contents::Bytes(bytes)) => {
            let body = if is_html(key) {
                inject_live_reload(bytes, shared.state.base_path(), current)
            } else {
                bytes.clone()
            };
            respond_bytes(request, 200, content_type(key), body, &[]);
        }
        // Streamed from disk: attachments can be large.
        Some(Contents::CopyFrom(relative)) => {
            match open_copied_file(&current.snapshot.site_dir, relative) {
                Some((file, length)) => {
                    let headers = [("Content-Type", content_type(key))];
                    respond(
                        request,
                        200,
                        &headers,
                        Box::new(file.take(length)),
                        usize::try_from(length).ok(),
                    );
                }
                // Deleted or replaced by a folder since the build.
                None => not_found(request, shared, current),
            }
        }
        None => not_found(request, shared, current),
    }
}

/// Opens a `CopyFrom` file of the snapshot. The path comes from the build,
/// never from a request. It is still checked to be relative and made of
/// plain names only, so that no snapshot can read outside the site folder.
fn open_copied_file(site_dir: &Path, relative: &Path) -> Option<(File, u64)> {
    let plain = relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)));
    if !plain || relative.as_os_str().is_empty() {
        return None;
    }
    let file = File::open(site_dir.join(relative)).ok()?;
    let metadata = file.metadata().ok()?;
    metadata.is_file().then_some((file, metadata.len()))
}

/// Responds with 404 and the site's own `404.html` when it has one.
fn not_found(request: Request, shared: &Shared, current: &Current) {
    match current
        .snapshot
        .files
        .get("404.html")
        .map(|contents| &**contents)
    {
        Some(Contents::Bytes(page)) => {
            let body = inject_live_reload(page, shared.state.base_path(), current);
            respond_bytes(request, 404, "text/html; charset=utf-8", body, &[]);
        }
        _ => respond_text(request, 404, "404 找不到这个网址\n", &[]),
    }
}

/// Streams Server-Sent Events to one page until it leaves or the server
/// stops: `reload` and `errors` events, and a keep-alive comment whenever
/// nothing else was sent for [`Limits::keep_alive`].
fn serve_events(request: Request, seen: Option<String>, shared: &Arc<Shared>) {
    if *request.method() == Method::Head {
        respond(
            request,
            200,
            &[("Content-Type", EVENT_STREAM_TYPE)],
            Box::new(io::empty()),
            Some(0),
        );
        return;
    }
    let Some(_stream_permit) = Permit::acquire(shared, Pool::Streams) else {
        respond_text(
            request,
            503,
            "503 打开的预览页面太多，请关闭一些后刷新\n",
            &[("Retry-After", "5")],
        );
        return;
    };

    // When EventSource reconnects by itself it reuses the URL, with the
    // token the page started with, and sends the id of the last event it
    // received, which is newer.
    let last_event_id = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Last-Event-ID"))
        .map(|header| header.value.as_str().to_string());
    let mut subscription = shared.state.subscribe(last_event_id.or(seen).as_deref());

    // HTTP/1.1 clients get a chunked body, which `finish` can end cleanly.
    let chunked = *request.http_version() >= (1, 1);
    let mut stream = EventStream {
        writer: request.into_writer(),
        chunked,
    };
    if stream.write_head().is_err() || stream.send(": gongshi serve\nretry: 2000\n\n").is_err() {
        return;
    }
    loop {
        if let Some(event) = subscription.next_event()
            && stream.send(&event).is_err()
        {
            return;
        }
        let woken = subscription.wait(shared.limits.keep_alive);
        if shared.is_stopping() {
            let _ = stream.finish();
            return;
        }
        if !woken && stream.send(": keep-alive\n\n").is_err() {
            return;
        }
    }
}

/// An event-stream response written by hand, because `tiny_http` buffers
/// a streamed body until 8 KiB have gathered.
struct EventStream {
    writer: Box<dyn Write + Send>,
    chunked: bool,
}

impl EventStream {
    fn write_head(&mut self) -> io::Result<()> {
        let (version, framing) = if self.chunked {
            ("HTTP/1.1", "Transfer-Encoding: chunked\r\n")
        } else {
            ("HTTP/1.0", "")
        };
        let mut head = format!("{version} 200 OK\r\nContent-Type: {EVENT_STREAM_TYPE}\r\n");
        for (name, value) in COMMON_HEADERS {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        // The stream ends only with the connection.
        head.push_str(&format!("Connection: close\r\n{framing}\r\n"));
        self.writer.write_all(head.as_bytes())?;
        self.writer.flush()
    }

    fn send(&mut self, text: &str) -> io::Result<()> {
        if self.chunked {
            write!(self.writer, "{:x}\r\n{text}\r\n", text.len())?;
        } else {
            self.writer.write_all(text.as_bytes())?;
        }
        self.writer.flush()
    }

    /// Ends the body, so that the browser closes the connection and
    /// EventSource starts reconnecting.
    fn finish(&mut self) -> io::Result<()> {
        if self.chunked {
            self.writer.write_all(b"0\r\n\r\n")?;
        }
        self.writer.flush()
    }
}

fn respond_text(request: Request, status: u16, text: &str, headers: &[(&str, &str)]) {
    respond_bytes(
        request,
        status,
        PLAIN_TEXT_TYPE,
        text.as_bytes().to_vec(),
        headers,
    );
}

fn respond_bytes(
    request: Request,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) {
    let length = body.len();
    let mut all_headers = vec![("Content-Type", content_type)];
    all_headers.extend_from_slice(headers);
    respond(
        request,
        status,
        &all_headers,
        Box::new(io::Cursor::new(body)),
        Some(length),
    );
}

/// Sends a response with a `Content-Length` when `length` is known.
/// `tiny_http` leaves out the body for HEAD. Write errors (a client that
/// went away, a write timeout) are dropped, because no caller could act on
/// them.
fn respond(
    request: Request,
    status: u16,
    headers: &[(&str, &str)],
    body: Box<dyn Read + Send>,
    length: Option<usize>,
) {
    // A length below the threshold means `Content-Length`, not chunks.
    let mut response = Response::new(StatusCode(status), Vec::new(), body, length, None)
        .with_chunked_threshold(usize::MAX);
    for (name, value) in COMMON_HEADERS.iter().chain(headers) {
        // Only fails for non-ASCII, which no value here contains: the
        // Location comes from the request target, checked to be ASCII.
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    let _ = request.respond(response);
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests;
