//! The rebuilds of `gongshi serve`. [`Rebuilder`] runs the incremental
//! [`Session`] on each burst of file changes and publishes the result to
//! the open pages or shows its errors. It makes the search index on a
//! thread of its own, so that the next save does not wait for it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

use super::live::{PreviewState, Snapshot};
use crate::build::incremental::{IndexResult, Session};
use crate::build::{BuildOptions, today_in_china};
use crate::diag::Diagnostic;
use crate::model::Date;

/// A message to the rebuild loop: a file event, or a search index
/// finished on the index thread.
pub enum Message {
    File(notify::Result<notify::Event>),
    Index(IndexResult),
    /// The index thread panicked: a bug, reported and survived.
    IndexFailed,
}

pub struct Rebuilder {
    session: Session,
    state: Arc<PreviewState>,
    /// Fixed as-of date; `None` takes today in China at every rebuild.
    as_of: Option<Date>,
    quiet: bool,
    verbose: bool,
    built_once: bool,
    /// The channel the index thread sends its result to.
    messages: Sender<Message>,
    /// Whether an index is being made. One at a time: a build that
    /// finishes meanwhile gets its index when this one is done.
    indexing: Option<Instant>,
    /// One thread, so that the index leaves the other cores to the next
    /// rebuild. `None` when the pool could not start: the index is then
    /// made on the rebuild loop.
    index_pool: Option<Arc<rayon::ThreadPool>>,
}

impl Rebuilder {
    pub fn new(
        options: BuildOptions,
        state: Arc<PreviewState>,
        as_of: Option<Date>,
        (quiet, verbose): (bool, bool),
        messages: Sender<Message>,
    ) -> Rebuilder {
        let index_pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "gongshi-index".to_string())
            .build()
            .ok()
            .map(Arc::new);
        Rebuilder {
            session: Session::new(options),
            state,
            as_of,
            quiet,
            verbose,
            built_once: false,
            messages,
            indexing: None,
            index_pool,
        }
    }

    pub fn site_dir(&self) -> &Path {
        self.session.site_dir()
    }

    /// Returns whether a content file changed without a file event.
    pub fn content_changed(&self) -> bool {
        self.session.content_changed()
    }

    /// Rebuilds the site, reloads the open pages or shows the errors, and
    /// starts the search index of a good build. `changed_files` are the
    /// paths the file events of the burst named, `None` when unknown.
    pub fn rebuild(&mut self, reason: &str, changed_files: Option<&[PathBuf]>) {
        let started = Instant::now();
        let as_of = self.as_of.unwrap_or_else(today_in_china);
        let outcome = self.session.rebuild_changed(as_of, changed_files);
        for diagnostic in outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error() || !self.quiet)
        {
            eprintln!("{diagnostic}");
        }
        if outcome.failed() {
            self.show_errors(&outcome.diagnostics);
            return;
        }
        if self.session.files().is_none() {
            return;
        }
        // The search index comes later and is not counted.
        let count = self.session.page_count();
        self.state.publish(self.snapshot());
        self.built_once = true;
        if !self.quiet {
            eprintln!(
                "{reason}：{count} 个文件（不含搜索索引），用时 {:.2} 秒",
                started.elapsed().as_secs_f64()
            );
        }
        self.start_index();
        self.session.tidy();
    }

    /// Installs a finished search index, when no later build superseded
    /// it, and starts the index of a later build if there is one.
    pub fn index_done(&mut self, result: IndexResult) {
        let started = self.indexing.take();
        if self.session.install_index(result) {
            self.state.update_quietly(self.snapshot());
            if self.verbose
                && let Some(started) = started
            {
                eprintln!(
                    "搜索索引已更新，用时 {:.2} 秒",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        self.start_index();
    }

    /// Reports an index thread that panicked, and lets the next good
    /// build start a new index.
    pub fn index_failed(&mut self) {
        self.indexing = None;
        eprintln!(
            "错误：生成搜索索引时程序出错，预览中的站内搜索可能不是最新的；请把命令行窗口中的信息报告给 gongshi 的开发者"
        );
    }

    fn start_index(&mut self) {
        if self.indexing.is_some() {
            return;
        }
        let Some(job) = self.session.index_job() else {
            return;
        };
        self.indexing = Some(Instant::now());
        let Some(pool) = self.index_pool.clone() else {
            let result = job.run();
            self.index_done(result);
            return;
        };
        let messages = self.messages.clone();
        pool.spawn(move || {
            // A panic here would abort the whole process from rayon's pool.
            let message = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.run()))
            {
                Ok(result) => Message::Index(result),
                Err(_) => Message::IndexFailed,
            };
            // The receiver is gone only when serve is stopping.
            let _ = messages.send(message);
        });
    }

    fn show_errors(&self, diagnostics: &[Diagnostic]) {
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::to_string)
            .collect();
        if self.built_once {
            eprintln!(
                "有 {} 个错误，浏览器中继续显示上次成功生成的网站，并显示错误说明",
                errors.len()
            );
        } else {
            eprintln!(
                "有 {} 个错误，网站还没有生成成功；浏览器中显示错误说明，改正并保存后自动重新生成",
                errors.len()
            );
        }
        self.state.show_errors(errors);
    }

    /// Makes the snapshot of the session's files, sharing them.
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            files: self.session.files().cloned().unwrap_or_default(),
            site_dir: self.session.site_dir().to_path_buf(),
        }
    }
}
