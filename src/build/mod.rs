//! The pipeline of one build or check: load → validate → model (publish)
//! → render and index → write. Each stage's diagnostics are collected; the next
//! stage runs only when the previous one had no error, and nothing is
//! written unless every stage succeeded.

pub mod incremental;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Date;
use crate::model::publish::{PublishOptions, publish};
use crate::validate::PendingReview;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Output folder; `<site>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces site.toml's `base_url` (`--base-url`).
    pub base_url: Option<String>,
    pub as_of: Date,
    pub drafts: bool,
    /// False for `gongshi check`: validate and render, write nothing.
    pub write: bool,
}

/// The result of a build, for the command layer to report.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// Sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Records, units and pages read.
    pub records_read: usize,
    /// Files written, or that would be written by `check`.
    pub files_written: usize,
    pub bytes_written: u64,
    pub pending_reviews: Vec<PendingReview>,
    pub output: Option<PathBuf>,
    pub elapsed: Duration,
}

impl BuildOutcome {
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Today's date in the county's time zone. China Standard Time has been
/// UTC+8 without daylight saving since 1991, so a fixed offset is exact
/// and independent of the machine's zone and time-zone database.
pub fn today_in_china() -> Date {
    date_in_china(jiff::Timestamp::now())
}

/// The date in China Standard Time at an instant.
pub fn date_in_china(instant: jiff::Timestamp) -> Date {
    let offset = jiff::tz::Offset::constant(8);
    offset.to_datetime(instant).date()
}

/// A stage of the pipeline, reported as it starts so that the command
/// layer can show progress; library code itself prints nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    Validate,
    Render,
    Index,
    Write,
}

impl Stage {
    pub const COUNT: u64 = 5;

    /// The Chinese description shown while the stage runs.
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Load => "读取文件",
            Stage::Validate => "检查内容",
            Stage::Render => "生成页面",
            Stage::Index => "建立搜索索引",
            Stage::Write => "写出文件",
        }
    }

    pub fn position(self) -> u64 {
        self as u64
    }
}

/// Runs the pipeline.
pub fn run(options: &BuildOptions) -> BuildOutcome {
    run_with_progress(options, &|_| {})
}

/// Runs the pipeline, calling `progress` as each stage starts.
pub fn run_with_progress(
    options: &BuildOptions,
    progress: &(dyn Fn(Stage) + Sync),
) -> BuildOutcome {
    let mode = if options.write {
        Files::Write
    } else {
        Files::Count
    };
    generate_with_progress(options, progress, mode).0
}

/// What becomes of the files a run makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Files {
    /// Written into the output's staging folder as they are made, which
    /// is swapped in when every stage has succeeded.
    Write,
    /// Counted and dropped as they are made, as `gongshi check` does.
    Count,
    /// Kept in memory and returned, for [`generate`].
    Return,
}

/// The files of a site, made in memory and not yet written.
#[derive(Debug)]
pub struct Generated {
    /// Canonical site folder, which `Contents::CopyFrom` paths are relative to.
    pub site_dir: PathBuf,
    /// Sorted by path.
    pub files: Vec<crate::render::OutputFile>,
}

/// Runs every stage but write. Returns the files only when no stage
/// reported an error.
pub fn generate(options: &BuildOptions) -> (BuildOutcome, Option<Generated>) {
    generate_with_progress(options, &progress_none, Files::Return)
}

fn progress_none(_: Stage) {}

/// Runs the stages, doing with the files what `mode` says. The files are
/// returned only with [`Files::Return`].
fn generate_with_progress(
    options: &BuildOptions,
    progress: &(dyn Fn(Stage) + Sync),
    mode: Files,
) -> (BuildOutcome, Option<Generated>) {
    let write = mode == Files::Write;
    let streamed = mode != Files::Return;
    let started = Instant::now();
    progress(Stage::Load);
    let mut outcome = BuildOutcome::default();
    let mut diagnostics = Diagnostics::new();

    let (loaded, load_diagnostics) = crate::load::load(&options.site_dir);
    diagnostics.extend(load_diagnostics);
    outcome.records_read = loaded.documents.len() + loaded.unparsed.len();

    let theme = crate::load::theme::load_theme(&loaded.site_dir);
    let theme = match theme {
        Ok(theme) => Some(theme),
        Err(theme_diagnostics) => {
            diagnostics.extend(theme_diagnostics);
            None
        }
    };

    // Validation runs even when some files failed to load, so that one
    // run reports the problems of every file.
    progress(Stage::Validate);
    let (site, validate_diagnostics) =
        crate::validate::validate(&loaded, options.base_url.as_deref());
    diagnostics.extend(validate_diagnostics);

    let (Some(site), Some(theme)) = (site, theme) else {
        return (finish(outcome, diagnostics, started), None);
    };
    if diagnostics.has_errors() {
        return (finish(outcome, diagnostics, started), None);
    }
    outcome.pending_reviews = crate::validate::pending_reviews(&site, options.as_of);

    let published = publish(
        &site,
        PublishOptions {
            as_of: options.as_of,
            drafts: options.drafts,
        },
    );
    // The links are found now, so that the parsed files, which only
    // locate them, are freed before rendering and indexing need memory.
    let links = crate::validate::links::internal_links(&loaded, &published, None);
    let site_dir = loaded.site_dir.clone();
    drop(loaded);

    // The output folder is locked only now, because loading and checking
    // never touch it: two builds at once fail here, not later.
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| site_dir.join("public"));
    let lock = match write.then(|| crate::write::BuildLock::acquire(&output)) {
        Some(Err(error)) => return (write_failed(outcome, diagnostics, error, started), None),
        Some(Ok(lock)) => Some(lock),
        None => None,
    };
    let staging = match lock
        .as_ref()
        .map(|lock| crate::write::Staging::begin(&site_dir, &output, lock))
    {
        Some(Err(error)) => return (write_failed(outcome, diagnostics, error, started), None),
        Some(Ok(staging)) => Some(staging),
        None => None,
    };

    // Streamed files are dropped at once; only their paths stay, for the
    // link check. The first write error stops the build.
    let written: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let write_error: Mutex<Option<crate::write::WriteError>> = Mutex::new(None);
    let put = |file: crate::render::OutputFile| {
        let Some(staging) = &staging else {
            lock_ignoring_poison(&written).push(file.path);
            return;
        };
        match staging.put(&file) {
            Ok(()) => lock_ignoring_poison(&written).push(file.path),
            Err(error) => {
                lock_ignoring_poison(&write_error).get_or_insert(error);
            }
        }
    };

    progress(Stage::Render);
    let rendered = if streamed {
        crate::render::render_streamed(&published, &theme, &put)
    } else {
        crate::render::render(&published, &theme)
    };
    let mut files = match rendered {
        Ok(files) => files,
        Err(render_diagnostics) => {
            diagnostics.extend(render_diagnostics);
            return (finish(outcome, diagnostics, started), None);
        }
    };
    // Streamed files leave memory before the index takes its share.
    if streamed {
        std::mem::take(&mut files).into_par_iter().for_each(put);
    }
    progress(Stage::Index);
    if streamed {
        // Nothing after the index reads the site, so it is freed before
        // the posting lists take their memory.
        let prepared = crate::index::prepare(&published);
        drop(published);
        drop(site);
        crate::index::write_streamed(prepared, &put);
    } else {
        files.extend(crate::index::build(&published));
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }

    if !write {
        let written = written.into_inner().unwrap_or_else(PoisonError::into_inner);
        let outputs: BTreeSet<&str> = if streamed {
            written.iter().map(String::as_str).collect()
        } else {
            files.iter().map(|f| f.path.as_str()).collect()
        };
        diagnostics.extend(crate::validate::links::link_warnings(&links, &|path| {
            outputs.contains(path)
        }));
        outcome.files_written = outputs.len();
        let outcome = finish(outcome, diagnostics, started);
        let generated = (!streamed).then_some(Generated { site_dir, files });
        return (outcome, generated);
    }

    progress(Stage::Write);
    if let Some(error) = write_error
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        return (write_failed(outcome, diagnostics, error, started), None);
    }
    let written = written.into_inner().unwrap_or_else(PoisonError::into_inner);
    let outputs: BTreeSet<&str> = written.iter().map(String::as_str).collect();
    diagnostics.extend(crate::validate::links::link_warnings(&links, &|path| {
        outputs.contains(path)
    }));
    if let Some(staging) = staging {
        match staging.finish() {
            Ok(report) => {
                outcome.files_written = report.files;
                outcome.bytes_written = report.bytes;
                outcome.output = Some(output);
            }
            Err(error) => return (write_failed(outcome, diagnostics, error, started), None),
        }
    }
    (finish(outcome, diagnostics, started), None)
}

/// Ends a build whose output could not be written.
fn write_failed(
    outcome: BuildOutcome,
    mut diagnostics: Diagnostics,
    error: crate::write::WriteError,
    started: Instant,
) -> BuildOutcome {
    diagnostics.push(Diagnostic::error(None, error.message, error.fix));
    finish(outcome, diagnostics, started)
}

fn lock_ignoring_poison<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn finish(mut outcome: BuildOutcome, diagnostics: Diagnostics, started: Instant) -> BuildOutcome {
    outcome.diagnostics = diagnostics.sorted();
    if outcome.failed() {
        outcome.files_written = 0;
        outcome.bytes_written = 0;
        outcome.output = None;
    }
    outcome.elapsed = started.elapsed();
    outcome
}
