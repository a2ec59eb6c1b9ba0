//! Preview state of `gongshi serve`, and change notifications for the
//! open pages.
//!
//! The rebuild loop calls [`PreviewState::publish`] after a good build and
//! [`PreviewState::show_errors`] after a failed one. Both replace an `Arc`
//! under a mutex that is held for nothing else, then wake every event
//! stream through its own one-slot channel with `try_send`, so they return
//! at once whatever the browsers do. A stream that is already awake simply
//! stays awake: it reads the newest state when it runs, so no change is
//! lost and nothing queues up behind a slow client.
//!
//! Each state has a version, written `<run>-<number>` (the run is random
//! per `PreviewState`, so pages from an earlier `gongshi serve` reload).
//! A page carries the version it was served at, in the injected script
//! and then in the ids of the events it receives, and the stream compares
//! it with the current state when it connects. A page that was hidden or
//! offline when the site changed therefore catches up on reconnect.

mod inject;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub(crate) use inject::inject_live_reload;

/// The site being previewed: output files in memory, keyed by output path
/// (`index.html`, `commitments/index.html`, `static/style.css`…).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub files: crate::build::incremental::FileMap,
    /// The site folder, which [`crate::render::Contents::CopyFrom`] paths are relative to.
    pub site_dir: PathBuf,
}

/// Shared between the server threads and the rebuild loop.
pub struct PreviewState {
    /// Percent-decoded, starting and ending with `/`.
    base_path: String,
    run: u64,
    current: Mutex<Arc<Current>>,
    subscribers: Mutex<Subscribers>,
}

/// One state of the preview: the files served and the errors shown.
#[derive(Debug)]
pub(crate) struct Current {
    pub(crate) snapshot: Arc<Snapshot>,
    /// Diagnostics of the last failed build, empty after a good one.
    pub(crate) errors: Arc<Vec<String>>,
    version: Version,
    /// The version number of the last `publish` (or of `new`).
    published: u64,
}

/// A state version: `run` distinguishes `PreviewState`s, and `number`
/// counts the changes within one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    run: u64,
    number: u64,
}

#[derive(Default)]
struct Subscribers {
    next_id: u64,
    wakers: HashMap<u64, SyncSender<()>>,
}

/// The action a page needs to show the current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Update {
    /// The files changed (or the page comes from another run): reload.
    Reload,
    /// Only the errors changed: show these (an empty list hides the overlay).
    Errors(Arc<Vec<String>>),
}

/// One open event stream's view of the state.
pub(crate) struct Subscription {
    state: Arc<PreviewState>,
    id: u64,
    wake: Receiver<()>,
    /// The version the page shows now.
    seen: Version,
}

impl PreviewState {
    /// Starts previewing `snapshot` under `base_path` ("/" or "/zwcx/").
    ///
    /// `base_path` may be written with or without its slashes, and
    /// percent-encoded or not; it is stored decoded, as request paths are
    /// compared after decoding.
    pub fn new(snapshot: Snapshot, base_path: String) -> Arc<Self> {
        let run = new_run_id();
        let current = Current {
            snapshot: Arc::new(snapshot),
            errors: Arc::new(Vec::new()),
            version: Version { run, number: 1 },
            published: 1,
        };
        Arc::new(PreviewState {
            base_path: normalize_base_path(&base_path),
            run,
            current: Mutex::new(Arc::new(current)),
            subscribers: Mutex::new(Subscribers::default()),
        })
    }

    /// Replaces the served files after a successful rebuild, clears any
    /// error and tells every open page to reload.
    pub fn publish(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        self.replace(|previous| {
            let number = previous.version.number + 1;
            Current {
                snapshot,
                errors: Arc::new(Vec::new()),
                version: Version {
                    run: previous.version.run,
                    number,
                },
                published: number,
            }
        });
    }

    /// Keeps serving the last good files, and shows `diagnostics` (already
    /// formatted Chinese text, one diagnostic per entry) as an overlay on
    /// every open page and on pages loaded while the error lasts.
    ///
    /// An empty list hides the overlay without reloading the pages.
    pub fn show_errors(&self, diagnostics: Vec<String>) {
        let errors = Arc::new(diagnostics);
        self.replace(|previous| Current {
            snapshot: Arc::clone(&previous.snapshot),
            errors,
            version: Version {
                run: previous.version.run,
                number: previous.version.number + 1,
            },
            published: previous.published,
        });
    }

    /// Replaces the served files without reloading the open pages, for
    /// files no open page shows: the search index, which is made after
    /// the pages of a rebuild.
    pub fn update_quietly(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        let previous = {
            let mut current = lock(&self.current);
            let replacement = Arc::new(Current {
                snapshot,
                errors: Arc::clone(&current.errors),
                version: current.version,
                published: current.published,
            });
            std::mem::replace(&mut *current, replacement)
        };
        drop(previous);
    }

    /// Returns the base path, decoded, starting and ending with `/`.
    pub(crate) fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Returns the state to serve one request from.
    pub(crate) fn current(&self) -> Arc<Current> {
        Arc::clone(&lock(&self.current))
    }

    /// Registers an event stream for a page that shows version `seen`
    /// (the page's token, or `None` when the client sent none).
    pub(crate) fn subscribe(self: &Arc<Self>, seen: Option<&str>) -> Subscription {
        // Register before reading the state, so that a change made in
        // between wakes the stream instead of being missed.
        let (waker, wake) = mpsc::sync_channel(1);
        let id = {
            let mut subscribers = lock(&self.subscribers);
            let id = subscribers.next_id;
            subscribers.next_id += 1;
            subscribers.wakers.insert(id, waker);
            id
        };

        let current = self.current();
        // A client without a token is taken to show the last published
        // files, so it receives errors but no reload.
        let seen = seen.and_then(Version::parse).unwrap_or(Version {
            run: self.run,
            number: current.published,
        });
        Subscription {
            state: Arc::clone(self),
            id,
            wake,
            seen,
        }
    }

    /// Wakes every event stream, so that each rereads the state (and
    /// notices a server stop).
    pub(crate) fn wake_subscribers(&self) {
        let subscribers = lock(&self.subscribers);
        for waker in subscribers.wakers.values() {
            // `Full` means the stream is already due to wake, and
            // `Disconnected` that it is being dropped: neither needs more.
            let _ = waker.try_send(());
        }
    }

    #[cfg(test)]
    fn subscriber_count(&self) -> usize {
        lock(&self.subscribers).wakers.len()
    }

    fn replace(&self, next: impl FnOnce(&Current) -> Current) {
        let previous = {
            let mut current = lock(&self.current);
            let replacement = Arc::new(next(&current));
            std::mem::replace(&mut *current, replacement)
        };
        // The old snapshot may be large: free it after releasing the lock,
        // and off this thread, which the rebuild loop waits on.
        crate::build::incremental::drop_in_background(previous);
        self.wake_subscribers();
    }
}

impl Current {
    /// Returns the version token that pages and event ids carry.
    pub(crate) fn token(&self) -> String {
        self.version.to_string()
    }

    /// Returns what a page showing `seen` must do, if anything.
    fn update_since(&self, seen: Version) -> Option<Update> {
        if seen.run != self.version.run || seen.number < self.published {
            Some(Update::Reload)
        } else if seen.number < self.version.number {
            Some(Update::Errors(Arc::clone(&self.errors)))
        } else {
            None
        }
    }
}

impl Version {
    fn parse(token: &str) -> Option<Version> {
        let (run, number) = token.split_once('-')?;
        Some(Version {
            run: u64::from_str_radix(run, 16).ok()?,
            number: number.parse().ok()?,
        })
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{:x}-{}", self.run, self.number)
    }
}

impl Subscription {
    /// Blocks until the state changes or `timeout` passes; returns whether
    /// it was woken.
    pub(crate) fn wait(&self, timeout: Duration) -> bool {
        match self.wake.recv_timeout(timeout) {
            Ok(()) => true,
            Err(RecvTimeoutError::Timeout) => false,
            // Cannot happen while this subscription is registered, which
            // it is until dropped; treat it like a wake-up.
            Err(RecvTimeoutError::Disconnected) => true,
        }
    }

    /// Returns the event that brings the page up to date, as Server-Sent
    /// Events text, and takes the page to be up to date from then on.
    pub(crate) fn next_event(&mut self) -> Option<String> {
        let current = self.state.current();
        let update = current.update_since(self.seen);
        self.seen = current.version;
        update.map(|update| format_event(&current.token(), &update))
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        lock(&self.state.subscribers).wakers.remove(&self.id);
    }
}

/// Formats one Server-Sent Event: `reload` or `errors` (data: the
/// diagnostics as a JSON array of strings), with the version as its id.
pub(crate) fn format_event(token: &str, update: &Update) -> String {
    match update {
        // EventSource drops events whose data is empty, so `reload`
        // carries the version as data.
        Update::Reload => format!("id: {token}\nevent: reload\ndata: {token}\n\n"),
        Update::Errors(errors) => {
            // JSON escapes line breaks, so the array fits on one data line.
            let json =
                serde_json::to_string(errors.as_slice()).unwrap_or_else(|_| "[]".to_string());
            format!("id: {token}\nevent: errors\ndata: {json}\n\n")
        }
    }
}

/// Locks `mutex`, also after a thread panicked while holding it: every
/// value guarded here is replaced whole, so it is never half-written.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn normalize_base_path(base_path: &str) -> String {
    let decoded = crate::serve::http::percent_decode(base_path.as_bytes())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| base_path.to_string());
    let trimmed = decoded.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Returns an id that differs between `PreviewState`s, also across
/// processes: the clock, the process id and a counter.
fn new_run_id() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos() as u64)
        .unwrap_or(0);
    let process = u64::from(std::process::id()).rotate_left(40);
    let count = COUNTER
        .fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    nanos ^ process ^ count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Contents;
    use std::time::Instant;

    fn snapshot(page: &str) -> Snapshot {
        let mut files = HashMap::new();
        files.insert(
            "index.html".to_string(),
            Arc::new(Contents::Bytes(page.as_bytes().to_vec())),
        );
        Snapshot {
            files: files.into_iter().collect(),
            site_dir: PathBuf::from("site"),
        }
    }

    fn page_of(current: &Current) -> Vec<u8> {
        match current.snapshot.files.get("index.html").map(|c| &**c) {
            Some(Contents::Bytes(bytes)) => bytes.clone(),
            other => panic!("index.html missing or not bytes: {other:?}"),
        }
    }

    #[test]
    fn base_path_normalized() {
        assert_eq!(normalize_base_path("/"), "/");
        assert_eq!(normalize_base_path(""), "/");
        assert_eq!(normalize_base_path("/zwcx/"), "/zwcx/");
        assert_eq!(normalize_base_path("zwcx"), "/zwcx/");
        assert_eq!(normalize_base_path("/a/b"), "/a/b/");
        assert_eq!(normalize_base_path("/%E6%94%BF%E5%8A%A1/"), "/政务/");
    }

    #[test]
    fn publish_replaces_files_and_clears_errors() {
        let state = PreviewState::new(snapshot("one"), "/".into());
        state.show_errors(vec!["a.md:1:1: 错误：x".into()]);
        assert_eq!(state.current().errors.len(), 1);
        assert_eq!(page_of(&state.current()), b"one");

        state.publish(snapshot("two"));
        let current = state.current();
        assert_eq!(page_of(&current), b"two");
        assert!(current.errors.is_empty());
    }

    #[test]
    fn show_errors_keeps_last_good_files() {
        let state = PreviewState::new(snapshot("good"), "/".into());
        state.show_errors(vec!["x".into()]);
        assert_eq!(page_of(&state.current()), b"good");
        assert_eq!(state.current().errors.as_slice(), ["x".to_string()]);
    }

    #[test]
    fn version_token_round_trips() {
        let version = Version {
            run: 0xabc,
            number: 7,
        };
        assert_eq!(version.to_string(), "abc-7");
        assert_eq!(Version::parse("abc-7"), Some(version));
        assert_eq!(Version::parse("abc"), None);
        assert_eq!(Version::parse("zz-1"), None);
        assert_eq!(Version::parse("1-"), None);
        assert_eq!(Version::parse(&"f".repeat(5000)), None);
        assert_eq!(Version::parse("1-99999999999999999999999"), None);
    }

    #[test]
    fn update_since_decides_reload_or_errors() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        let first = state.current().version;
        assert_eq!(state.current().update_since(first), None);

        state.show_errors(vec!["e1".into()]);
        let current = state.current();
        assert_eq!(
            current.update_since(first),
            Some(Update::Errors(Arc::new(vec!["e1".into()])))
        );
        assert_eq!(current.update_since(current.version), None);

        state.publish(snapshot("v2"));
        assert_eq!(state.current().update_since(first), Some(Update::Reload));
        assert_eq!(
            state.current().update_since(current.version),
            Some(Update::Reload)
        );

        let other_run = Version {
            run: first.run ^ 1,
            number: state.current().version.number,
        };
        assert_eq!(
            state.current().update_since(other_run),
            Some(Update::Reload)
        );
    }

    #[test]
    fn subscription_receives_reload_after_publish() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        let token = state.current().token();
        let mut subscription = state.subscribe(Some(&token));
        assert_eq!(subscription.next_event(), None);

        state.publish(snapshot("v2"));
        assert!(subscription.wait(Duration::from_secs(5)));
        let event = subscription.next_event().expect("event after publish");
        assert!(event.contains("event: reload\n"), "{event}");
        assert!(
            event.starts_with(&format!("id: {}\n", state.current().token())),
            "{event}"
        );
        assert_eq!(subscription.next_event(), None);
    }

    #[test]
    fn subscription_receives_errors_as_json() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        let mut subscription = state.subscribe(None);
        let diagnostic = "content/a.md:3:5: 错误：缺少 title\n    修改方法：加上 title = \"…\"";
        state.show_errors(vec![diagnostic.to_string()]);
        assert!(subscription.wait(Duration::from_secs(5)));

        let event = subscription.next_event().expect("event after show_errors");
        let data = event
            .lines()
            .find_map(|line| line.strip_prefix("data: "))
            .expect("data line");
        let parsed: Vec<String> = serde_json::from_str(data).expect("data is JSON");
        assert_eq!(parsed, [diagnostic.to_string()]);
        assert!(event.contains("\nevent: errors\n"), "{event}");
        assert_eq!(
            event.matches('\n').count(),
            4,
            "one id, event and data line: {event}"
        );
    }

    #[test]
    fn stale_token_catches_up_on_subscribe() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        let old = state.current().token();
        state.publish(snapshot("v2"));
        let mut subscription = state.subscribe(Some(&old));
        let event = subscription.next_event().expect("reload for a stale page");
        assert!(event.contains("event: reload"), "{event}");
    }

    #[test]
    fn page_loaded_during_errors_gets_no_repeat() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        state.show_errors(vec!["e".into()]);
        // A page served now already contains the overlay, and its token.
        let token = state.current().token();
        let mut subscription = state.subscribe(Some(&token));
        assert_eq!(subscription.next_event(), None);
    }

    #[test]
    fn client_without_token_gets_current_errors() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        state.show_errors(vec!["e".into()]);
        let mut subscription = state.subscribe(None);
        let event = subscription
            .next_event()
            .expect("errors for a client without token");
        assert!(event.contains("event: errors"), "{event}");
    }

    #[test]
    fn dropped_subscription_unregisters() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        let first = state.subscribe(None);
        let second = state.subscribe(None);
        assert_eq!(state.subscriber_count(), 2);
        drop(first);
        assert_eq!(state.subscriber_count(), 1);
        drop(second);
        assert_eq!(state.subscriber_count(), 0);
    }

    #[test]
    fn publish_returns_promptly_with_idle_subscribers() {
        let state = PreviewState::new(snapshot("v1"), "/".into());
        // Streams that never read their wake-ups.
        let subscriptions: Vec<Subscription> = (0..100).map(|_| state.subscribe(None)).collect();

        let started = Instant::now();
        for round in 0..1000 {
            state.publish(snapshot(&format!("v{round}")));
            state.show_errors(vec!["e".repeat(10_000)]);
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(subscriptions.len(), 100);
    }

    #[test]
    fn run_ids_differ() {
        let first = PreviewState::new(Snapshot::default(), "/".into());
        let second = PreviewState::new(Snapshot::default(), "/".into());
        assert_ne!(first.run, second.run);
    }
}
