//! Search benchmark over a built site.
//!
//! ```text
//! cargo run --release --example search_bench -- queries --public DIR --queries FILE [--json OUT]
//! cargo run --release --example search_bench -- size DIR
//! cargo run --release --example search_bench -- stages --site DIR --as-of 2026-12-01
//! ```
//!
//! `queries` runs each query of a list through `gongshi::index::query::Reader`,
//! reading the index files from disk the way the browser client fetches
//! them, and reports the result count, the bytes fetched and the time.
//! "First query" is a fresh session: the client script, meta.json, the
//! t2s buckets of the query's characters, the shards and part files of the
//! query's grams, the result files the reader confirms candidates with and
//! those of the first page, and, when meta.json says the filter panel
//! starts open, the facet files of the results. "Later query" runs the
//! whole list in order in one session and counts only files the session
//! has not fetched yet, as the client caches what it fetched.
//!
//! Bytes are reported three ways: raw, gzip level 6 per file, and as
//! served by docs/nginx/gongshi.conf. That configuration gzips at level 5,
//! only files of 256 bytes or more, and only the MIME types it lists:
//! JSON, JavaScript and application/octet-stream (the `.bin` index files)
//! among them. HTTP headers are not counted. The gzip sizes come from flate2's miniz_oxide backend, whose
//! output is close to, but not byte-identical with, nginx's zlib.
//!
//! Times are those of the Rust reader on this machine, reading files from
//! the page cache after the first run. They show the decoding work, not
//! what a browser spends on the network and in JavaScript.
//!
//! `size` prints the file count, raw bytes and per-file gzip-6 bytes of a
//! folder. `stages` runs the build pipeline one stage at a time and prints
//! each stage's time, the resident memory after it and the peak during it
//! (Linux only: it reads /proc/self/status and resets the peak through
//! /proc/self/clear_refs).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use flate2::Compression;
use flate2::write::GzEncoder;
use gongshi::index::normalize::{normalize, query_terms};
use gongshi::index::query::Reader;
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    about = "Measures gongshi's search index: per-query downloads and time, index size, build stages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs each query of a list against a built site's index.
    Queries(QueriesArgs),
    /// Prints the file count, raw size and per-file gzip-6 size of a folder.
    Size {
        /// Folder to measure, e.g. public/search.
        dir: PathBuf,
    },
    /// Runs the build stages one at a time and prints time and memory per stage.
    Stages {
        /// Site folder (site.toml and content/).
        #[arg(long)]
        site: PathBuf,
        /// As-of date, YYYY-MM-DD.
        #[arg(long)]
        as_of: String,
    },
}

#[derive(Args)]
struct QueriesArgs {
    /// Built output folder (the one holding search/ and static/).
    #[arg(long)]
    public: PathBuf,
    /// Query list: one query per line; blank lines and lines starting with # are skipped.
    #[arg(long)]
    queries: PathBuf,
    /// Results the client shows per page, whose result files a query fetches.
    #[arg(long, default_value_t = 20)]
    page_size: usize,
    /// Timed repetitions of each first query; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Also check every query's results against a brute-force scan of the
    /// result files (the matching rule of docs/ARCHITECTURE.md).
    #[arg(long)]
    oracle: bool,
    /// Write every figure to this JSON file as well.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write, for each query with at most --url-limit results, the URL
    /// paths of all its results to this JSON file (for comparing another
    /// search engine's results).
    #[arg(long)]
    urls: Option<PathBuf>,
    /// Largest result set whose URLs --urls writes.
    #[arg(long, default_value_t = 1000)]
    url_limit: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Queries(args) => run_queries(&args),
        Command::Size { dir } => run_size(&dir),
        Command::Stages { site, as_of } => run_stages(&site, &as_of),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("search_bench: {message}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------
// Transfer sizes

fn gzip_len(bytes: &[u8], level: u32) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(level));
    encoder
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    encoder
        .finish()
        .expect("writing to a Vec cannot fail")
        .len()
}

/// Extensions whose MIME types are in the gzip_types of docs/nginx/gongshi.conf
/// (text/html is always compressed).
const NGINX_GZIP_EXTENSIONS: &[&str] = &[
    "html", "css", "txt", "xml", "csv", "js", "json", "svg", "atom", "bin",
];
const NGINX_GZIP_LEVEL: u32 = 5;
const NGINX_GZIP_MIN_LENGTH: usize = 256;

/// Body bytes nginx sends for a file under docs/nginx/gongshi.conf.
fn served_len(path: &str, bytes: &[u8]) -> usize {
    let extension = path.rsplit('.').next().unwrap_or("");
    if NGINX_GZIP_EXTENSIONS.contains(&extension) && bytes.len() >= NGINX_GZIP_MIN_LENGTH {
        gzip_len(bytes, NGINX_GZIP_LEVEL)
    } else {
        bytes.len()
    }
}

/// The purpose of a downloaded file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Group {
    /// static/search.js
    Client,
    /// meta.json and the t2s buckets
    Open,
    /// search/facets-*.bin
    Facets,
    /// search/s/*.bin
    Shards,
    /// search/g/*/*.bin
    Parts,
    /// search/d/*/*.json: candidates confirmed by their text, and the
    /// shown page
    Results,
}

const GROUPS: [(Group, &str); 6] = [
    (Group::Client, "client"),
    (Group::Open, "open"),
    (Group::Facets, "facets"),
    (Group::Shards, "shards"),
    (Group::Parts, "parts"),
    (Group::Results, "results"),
];

fn group_of(path: &str) -> Group {
    if path.starts_with("static/") {
        Group::Client
    } else if path.starts_with("search/s/") {
        Group::Shards
    } else if path.starts_with("search/g/") {
        Group::Parts
    } else if path.starts_with("search/d/") {
        Group::Results
    } else if path.starts_with("search/facets-") {
        Group::Facets
    } else {
        Group::Open
    }
}

#[derive(Clone, Debug)]
struct Fetched {
    path: String,
    raw: usize,
    gzip6: usize,
    served: usize,
}

#[derive(Clone, Copy, Default, Debug)]
struct Bytes {
    files: usize,
    raw: usize,
    gzip6: usize,
    served: usize,
}

impl Bytes {
    fn add(&mut self, fetched: &Fetched) {
        self.files += 1;
        self.raw += fetched.raw;
        self.gzip6 += fetched.gzip6;
        self.served += fetched.served;
    }

    fn of<'a>(fetches: impl IntoIterator<Item = &'a Fetched>) -> Bytes {
        let mut bytes = Bytes::default();
        for fetched in fetches {
            bytes.add(fetched);
        }
        bytes
    }

    fn to_json(self) -> Value {
        json!({ "files": self.files, "raw": self.raw, "gzip6": self.gzip6, "served": self.served })
    }
}

/// A browser session: files are read from disk once, then served from
/// memory, and only the first fetch of each path is logged.
struct Session {
    root: PathBuf,
    cache: HashMap<String, Vec<u8>>,
    log: Vec<Fetched>,
    /// Whether to compute gzip sizes; off while timing.
    measure: bool,
}

impl Session {
    fn new(root: &Path, measure: bool) -> Rc<RefCell<Session>> {
        Rc::new(RefCell::new(Session {
            root: root.to_path_buf(),
            cache: HashMap::new(),
            log: Vec::new(),
            measure,
        }))
    }

    fn fetch(&mut self, path: &str) -> Option<Vec<u8>> {
        if let Some(bytes) = self.cache.get(path) {
            return Some(bytes.clone());
        }
        let bytes = fs::read(self.root.join(path)).ok()?;
        let (gzip6, served) = if self.measure {
            (gzip_len(&bytes, 6), served_len(path, &bytes))
        } else {
            (0, 0)
        };
        self.log.push(Fetched {
            path: path.to_string(),
            raw: bytes.len(),
            gzip6,
            served,
        });
        self.cache.insert(path.to_string(), bytes.clone());
        Some(bytes)
    }
}

fn fetcher(session: &Rc<RefCell<Session>>) -> impl FnMut(&str) -> Option<Vec<u8>> + use<> {
    let session = Rc::clone(session);
    move |path: &str| session.borrow_mut().fetch(path)
}

// ---------------------------------------------------------------------------
// Queries

/// Names of the files the client loads before its first search, from meta.json.
struct IndexFiles {
    docs: usize,
    shards: usize,
    client: Option<String>,
}

fn index_files(public: &Path) -> Result<IndexFiles, String> {
    let meta_path = public.join("search/meta.json");
    let text =
        fs::read(&meta_path).map_err(|e| format!("failed to read {}: {e}", meta_path.display()))?;
    let meta: Value = serde_json::from_slice(&text)
        .map_err(|e| format!("{} is not valid JSON: {e}", meta_path.display()))?;
    let field = |name: &str| {
        meta.get(name)
            .cloned()
            .ok_or_else(|| format!("{} has no `{name}`", meta_path.display()))
    };
    let client = public
        .join("static/search.js")
        .is_file()
        .then(|| "static/search.js".to_string());
    Ok(IndexFiles {
        docs: field("docs")?.as_u64().unwrap_or(0) as usize,
        shards: field("shards")?.as_u64().unwrap_or(0) as usize,
        client,
    })
}

fn read_queries(path: &Path) -> Result<Vec<String>, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("failed to read {}: {e}", path.display()))?;
    let queries: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect();
    if queries.is_empty() {
        return Err(format!("{} has no queries", path.display()));
    }
    Ok(queries)
}

/// Runs one query in a session: fetches the client script (once per
/// session), searches, fetches the facet files when the client would, and
/// the result files of the first page. Returns the result documents, best first.
fn run_one<F: FnMut(&str) -> Option<Vec<u8>>>(
    reader: &mut Reader<F>,
    session: &Rc<RefCell<Session>>,
    files: &IndexFiles,
    query: &str,
    page_size: usize,
) -> Result<Vec<u32>, String> {
    {
        let mut session = session.borrow_mut();
        if let Some(client) = &files.client {
            session
                .fetch(client)
                .ok_or_else(|| format!("failed to read {client}"))?;
        }
    }
    let hits = reader.search(query);
    if reader.facets_open() {
        reader
            .load_facets(&hits)
            .ok_or_else(|| "a facet file is missing".to_string())?;
    }
    for hit in hits.iter().take(page_size) {
        reader
            .url(hit.doc)
            .ok_or_else(|| format!("result file of document {} is missing", hit.doc))?;
    }
    Ok(hits.iter().map(|hit| hit.doc).collect())
}

struct QueryFigures {
    query: String,
    results: usize,
    first: Vec<Fetched>,
    first_ms: f64,
    later: Vec<Fetched>,
    later_ms: f64,
    oracle: Option<usize>,
    docs: Vec<u32>,
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

fn run_queries(args: &QueriesArgs) -> Result<(), String> {
    let files = index_files(&args.public)?;
    let queries = read_queries(&args.queries)?;
    let open = |session: &Rc<RefCell<Session>>| {
        Reader::open(fetcher(session)).ok_or_else(|| {
            format!(
                "failed to open the index in {}",
                args.public.join("search").display()
            )
        })
    };

    let mut figures = Vec::new();
    for query in &queries {
        // Measured first query: a fresh session, with gzip sizes.
        let session = Session::new(&args.public, true);
        let mut reader = open(&session)?;
        let docs = run_one(&mut reader, &session, &files, query, args.page_size)?;
        let first = session.borrow().log.clone();

        // Timed first queries, without computing gzip sizes.
        let mut times = Vec::new();
        for _ in 0..args.runs.max(1) {
            let started = Instant::now();
            let session = Session::new(&args.public, false);
            let mut reader = open(&session)?;
            run_one(&mut reader, &session, &files, query, args.page_size)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        figures.push(QueryFigures {
            query: query.clone(),
            results: docs.len(),
            first,
            first_ms: median(&mut times),
            later: Vec::new(),
            later_ms: 0.0,
            oracle: None,
            docs,
        });
    }

    // Later queries: the list in order, in one session, once measured and
    // then timed in as many unmeasured sessions as there are runs.
    let session = Session::new(&args.public, true);
    let mut reader = open(&session)?;
    for figure in &mut figures {
        let before = session.borrow().log.len();
        run_one(&mut reader, &session, &files, &figure.query, args.page_size)?;
        figure.later = session.borrow().log[before..].to_vec();
    }
    let mut later_times: Vec<Vec<f64>> = vec![Vec::new(); figures.len()];
    for _ in 0..args.runs.max(1) {
        let session = Session::new(&args.public, false);
        let mut reader = open(&session)?;
        for (figure, times) in figures.iter().zip(&mut later_times) {
            let started = Instant::now();
            run_one(&mut reader, &session, &files, &figure.query, args.page_size)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    for (figure, times) in figures.iter_mut().zip(&mut later_times) {
        figure.later_ms = median(times);
    }

    let mut url_lists = serde_json::Map::new();
    if args.oracle || args.urls.is_some() {
        eprintln!(
            "search_bench: reading {} result files for the brute-force scan",
            files.docs
        );
        let documents = read_documents(&args.public, files.docs)?;
        for figure in &mut figures {
            if args.oracle {
                let truth = scan(&documents, &figure.query);
                let found: BTreeSet<u32> = figure.docs.iter().copied().collect();
                figure.oracle = Some(truth.len());
                if truth != found {
                    eprintln!(
                        "search_bench: {:?}: the index finds {} documents, the scan {} ({} in only one of them)",
                        figure.query,
                        found.len(),
                        truth.len(),
                        found.symmetric_difference(&truth).count()
                    );
                }
            }
            if figure.results <= args.url_limit {
                let urls: Vec<Value> = figure
                    .docs
                    .iter()
                    .map(|&doc| Value::String(documents[doc as usize].0.clone()))
                    .collect();
                url_lists.insert(figure.query.clone(), Value::Array(urls));
            }
        }
    }

    print_table(&figures, &files, args);
    if let Some(path) = &args.json {
        let report = report_json(&figures, &files, args);
        write_json(path, &report)?;
    }
    if let Some(path) = &args.urls {
        write_json(
            path,
            &json!({ "url_limit": args.url_limit, "queries": url_lists }),
        )?;
    }
    let mismatches = figures
        .iter()
        .filter(|f| f.oracle.is_some_and(|truth| truth != f.results))
        .count();
    if mismatches > 0 {
        return Err(format!(
            "{mismatches} queries differ from the brute-force scan"
        ));
    }
    Ok(())
}

fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).expect("JSON values serialise");
    fs::write(path, text + "\n").map_err(|e| format!("failed to write {}: {e}", path.display()))
}

/// Reads every document's URL path and normalised fields from its result file.
fn read_documents(public: &Path, count: usize) -> Result<Vec<(String, Vec<Vec<char>>)>, String> {
    (0..count)
        .map(|doc| {
            let path = public.join(format!("search/d/{}/{doc}.json", doc / 1000));
            let bytes =
                fs::read(&path).map_err(|e| format!("failed to read {}: {e}", path.display()))?;
            let value: Value = serde_json::from_slice(&bytes)
                .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
            let url = value["u"].as_str().unwrap_or_default().to_string();
            let fields = value["f"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|x| normalize(x.as_str().unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default();
            Ok((url, fields))
        })
        .collect()
}

/// Applies the matching rule by brute force: every term is a substring of a field.
fn scan(documents: &[(String, Vec<Vec<char>>)], query: &str) -> BTreeSet<u32> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return BTreeSet::new();
    }
    let contains = |haystack: &[char], needle: &[char]| {
        needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
    };
    documents
        .iter()
        .enumerate()
        .filter(|(_, (_, fields))| {
            terms
                .iter()
                .all(|term| fields.iter().any(|field| contains(field, term)))
        })
        .map(|(doc, _)| doc as u32)
        .collect()
}

fn kb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

fn print_table(figures: &[QueryFigures], files: &IndexFiles, args: &QueriesArgs) {
    println!(
        "index: {} documents, {} shards; client {}; page size {}; first-query time is the median of {} runs",
        files.docs,
        files.shards,
        files
            .client
            .as_deref()
            .unwrap_or("(none: static/search.js missing)"),
        args.page_size,
        args.runs.max(1)
    );
    println!(
        "KB are KiB. first = fresh session; later = after the queries above it, in one session"
    );
    println!(
        "{:>8} | {:>5} {:>8} {:>8} {:>8} | {:>5} {:>8} {:>8} | {:>8} {:>8} | query",
        "results",
        "files",
        "raw KB",
        "gzip KB",
        "srv KB",
        "files",
        "gzip KB",
        "srv KB",
        "first ms",
        "later ms"
    );
    for figure in figures {
        let first = Bytes::of(&figure.first);
        let later = Bytes::of(&figure.later);
        println!(
            "{:>8} | {:>5} {:>8} {:>8} {:>8} | {:>5} {:>8} {:>8} | {:>8.2} {:>8.2} | {}",
            figure.results,
            first.files,
            kb(first.raw),
            kb(first.gzip6),
            kb(first.served),
            later.files,
            kb(later.gzip6),
            kb(later.served),
            figure.first_ms,
            figure.later_ms,
            figure.query
        );
    }
    let medians = medians(figures);
    println!(
        "{:>8} | {:>5} {:>8} {:>8} {:>8} | {:>5} {:>8} {:>8} | {:>8.2} {:>8.2} | median",
        "",
        medians["first"]["files"],
        kb(medians["first"]["raw"].as_f64().unwrap_or(0.0) as usize),
        kb(medians["first"]["gzip6"].as_f64().unwrap_or(0.0) as usize),
        kb(medians["first"]["served"].as_f64().unwrap_or(0.0) as usize),
        medians["later"]["files"],
        kb(medians["later"]["gzip6"].as_f64().unwrap_or(0.0) as usize),
        kb(medians["later"]["served"].as_f64().unwrap_or(0.0) as usize),
        medians["first_ms"].as_f64().unwrap_or(0.0),
        medians["later_ms"].as_f64().unwrap_or(0.0),
    );
    println!("median first-query bytes by what they are for (gzip KB / served KB):");
    for (_, name) in GROUPS {
        let by_group = &medians["first_by_group"][name];
        println!(
            "  {name:<8} {:>8} {:>8}  ({} files)",
            kb(by_group["gzip6"].as_f64().unwrap_or(0.0) as usize),
            kb(by_group["served"].as_f64().unwrap_or(0.0) as usize),
            by_group["files"]
        );
    }
}

/// Medians over the queries. "later" skips the first query of the list,
/// which is a first query in the shared session.
fn medians(figures: &[QueryFigures]) -> Value {
    let pick = |select: &dyn Fn(&QueryFigures) -> f64, skip_first: bool| {
        let mut values: Vec<f64> = figures
            .iter()
            .skip(usize::from(skip_first))
            .map(select)
            .collect();
        median(&mut values)
    };
    let bytes_median = |fetches: &dyn Fn(&QueryFigures) -> Bytes, skip_first: bool| {
        json!({
            "files": pick(&|f| fetches(f).files as f64, skip_first),
            "raw": pick(&|f| fetches(f).raw as f64, skip_first),
            "gzip6": pick(&|f| fetches(f).gzip6 as f64, skip_first),
            "served": pick(&|f| fetches(f).served as f64, skip_first),
        })
    };
    let mut by_group = serde_json::Map::new();
    for (group, name) in GROUPS {
        let selected = move |f: &QueryFigures| {
            Bytes::of(f.first.iter().filter(|x| group_of(&x.path) == group))
        };
        by_group.insert(name.to_string(), bytes_median(&selected, false));
    }
    json!({
        "first": bytes_median(&|f| Bytes::of(&f.first), false),
        "later": bytes_median(&|f| Bytes::of(&f.later), true),
        "first_ms": pick(&|f| f.first_ms, false),
        "later_ms": pick(&|f| f.later_ms, true),
        "results": pick(&|f| f.results as f64, false),
        "first_by_group": by_group,
    })
}

fn report_json(figures: &[QueryFigures], files: &IndexFiles, args: &QueriesArgs) -> Value {
    let queries: Vec<Value> = figures
        .iter()
        .map(|f| {
            let mut groups = serde_json::Map::new();
            for (group, name) in GROUPS {
                groups.insert(
                    name.to_string(),
                    Bytes::of(f.first.iter().filter(|x| group_of(&x.path) == group)).to_json(),
                );
            }
            json!({
                "query": f.query,
                "results": f.results,
                "oracle": f.oracle,
                "first": Bytes::of(&f.first).to_json(),
                "first_by_group": groups,
                "later": Bytes::of(&f.later).to_json(),
                "first_ms": f.first_ms,
                "later_ms": f.later_ms,
            })
        })
        .collect();
    json!({
        "docs": files.docs,
        "shards": files.shards,
        "client": files.client,
        "page_size": args.page_size,
        "runs": args.runs,
        "queries": queries,
        "median": medians(figures),
    })
}

// ---------------------------------------------------------------------------
// Folder size

fn run_size(dir: &Path) -> Result<(), String> {
    let mut files = 0usize;
    let mut raw = 0usize;
    let mut gzip6 = 0usize;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("failed to list {}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = fs::read(entry.path())
            .map_err(|e| format!("failed to read {}: {e}", entry.path().display()))?;
        files += 1;
        raw += bytes.len();
        gzip6 += gzip_len(&bytes, 6);
    }
    println!(
        "{}",
        json!({ "dir": dir.display().to_string(), "files": files, "raw": raw, "gzip6": gzip6 })
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Build stages

/// (resident now, peak since the last reset) in KiB, from /proc/self/status.
fn memory_kib() -> (u64, u64) {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|value| value.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak resident size (VmHWM) to the current one (Linux 4.0+).
fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

struct Stage {
    started: Instant,
}

impl Stage {
    fn start() -> Stage {
        reset_peak();
        Stage {
            started: Instant::now(),
        }
    }

    fn end(self, name: &str, note: &str) {
        let seconds = self.started.elapsed().as_secs_f64();
        let (now, peak) = memory_kib();
        println!(
            "{name:<10} {seconds:>8.2} s   resident after {:>8.1} MiB   peak during {:>8.1} MiB   {note}",
            now as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
}

fn output_bytes(files: &[gongshi::render::OutputFile]) -> usize {
    files
        .iter()
        .map(|file| match &file.contents {
            gongshi::render::Contents::Bytes(bytes) => bytes.len(),
            gongshi::render::Contents::CopyFrom(_) => 0,
        })
        .sum()
}

fn run_stages(site: &Path, as_of: &str) -> Result<(), String> {
    let as_of = gongshi::validate::fields::parse_date_text(as_of)
        .ok_or_else(|| format!("--as-of {as_of:?} is not a date YYYY-MM-DD"))?;
    println!("stage      time       memory (VmRSS after the stage, VmHWM during it)");

    let stage = Stage::start();
    let (loaded, diagnostics) = gongshi::load::load(site);
    if diagnostics.has_errors() {
        return Err(format!("{} failed to load", site.display()));
    }
    let theme = gongshi::load::theme::load_theme(&loaded.site_dir)
        .map_err(|_| "the theme failed to load".to_string())?;
    stage.end("load", &format!("{} documents", loaded.documents.len()));

    let stage = Stage::start();
    let (site_model, diagnostics) = gongshi::validate::validate(&loaded, None);
    let site_model = site_model
        .filter(|_| !diagnostics.has_errors())
        .ok_or("the site has validation errors; run gongshi check")?;
    stage.end("validate", "");

    let stage = Stage::start();
    let published = gongshi::model::publish::publish(
        &site_model,
        gongshi::model::publish::PublishOptions {
            as_of,
            drafts: false,
        },
    );
    stage.end("publish", "");

    let stage = Stage::start();
    let pages =
        gongshi::render::render(&published, &theme).map_err(|_| "rendering failed".to_string())?;
    stage.end(
        "render",
        &format!(
            "{} files, {:.1} MiB held in memory",
            pages.len(),
            output_bytes(&pages) as f64 / 1048576.0
        ),
    );

    let stage = Stage::start();
    let index = gongshi::index::build(&published);
    stage.end(
        "index",
        &format!(
            "{} files, {:.1} MiB held in memory",
            index.len(),
            output_bytes(&index) as f64 / 1048576.0
        ),
    );
    Ok(())
}
