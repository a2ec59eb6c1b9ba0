//! Preview server of `gongshi serve`: serves the last good build from
//! memory and reloads the open pages when the site is rebuilt.
//!
//! - [`live`] contains what is being previewed ([`live::Snapshot`],
//!   [`live::PreviewState`]), which the rebuild loop replaces with
//!   `publish` or marks as failed with `show_errors`, and the live-reload
//!   script and error overlay added to every HTML page.
//! - [`rebuild`] runs the incremental rebuilds and the search index
//!   thread, and [`watch`] turns file events into rebuilds.
//! - [`http`] is the HTTP/1.1 server ([`http::Server`]) on top of the
//!   `tiny_http` crate: request-target checks, content types, the
//!   Server-Sent Events stream that makes pages reload, and bounded
//!   threads.
//!
//! A request path is only ever a key into the snapshot's in-memory map of
//! output files, never joined to a folder, so nothing outside the build
//! output can be served.

pub mod http;
pub mod live;
pub mod rebuild;
pub mod watch;
