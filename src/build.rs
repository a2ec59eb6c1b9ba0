//! The pipeline of one build or check: load → validate → model (publish)
//! → render and index → write. Each stage's diagnostics are collected; the next
//! stage runs only when the previous one had no error, and nothing is
//! written unless every stage succeeded.

use std::path::PathBuf;
use std::time::{Duration, Instant};

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

/// What a build did, for the command layer to report.
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
    let offset = jiff::tz::Offset::constant(8);
    offset.to_datetime(jiff::Timestamp::now()).date()
}

/// Runs the pipeline.
pub fn run(options: &BuildOptions) -> BuildOutcome {
    let started = Instant::now();
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
    let (site, validate_diagnostics) = crate::validate::validate(&loaded, options.base_url.as_deref());
    diagnostics.extend(validate_diagnostics);

    let (Some(site), Some(theme)) = (site, theme) else {
        return finish(outcome, diagnostics, started);
    };
    if diagnostics.has_errors() {
        return finish(outcome, diagnostics, started);
    }
    outcome.pending_reviews = crate::validate::pending_reviews(&site, options.as_of);

    let published = publish(&site, PublishOptions { as_of: options.as_of, drafts: options.drafts });
    let mut files = match crate::render::render(&published, &theme) {
        Ok(files) => files,
        Err(render_diagnostics) => {
            diagnostics.extend(render_diagnostics);
            return finish(outcome, diagnostics, started);
        }
    };
    files.extend(crate::index::build(&published));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    outcome.files_written = files.len();

    if options.write {
        let output = options.output.clone().unwrap_or_else(|| loaded.site_dir.join("public"));
        match crate::write::write_site(&loaded.site_dir, &output, &files) {
            Ok(report) => {
                outcome.bytes_written = report.bytes;
                outcome.output = Some(output);
            }
            Err(error) => diagnostics.push(Diagnostic::error(None, error.message, error.fix)),
        }
    }
    finish(outcome, diagnostics, started)
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
