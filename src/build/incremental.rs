//! Incremental rebuilds for `gongshi serve`: the same pipeline as
//! [`super::generate`], run on a [`Session`] that keeps the previous
//! build, so that a save re-reads only the changed files and re-renders
//! only the pages whose [`Dependency`] lists name a changed input.
//!
//! The result is the same set of files, byte for byte, as a full build
//! of the same folder (tests/incremental.rs checks it after a series of
//! edits). A change the dependency lists cannot express rebuilds
//! everything: site.toml, a theme file, an attachment, a unit added or
//! removed, a new as-of date, or the first build of a session.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::{BuildOptions, BuildOutcome, finish};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::cache::{LoadCache, load_cached};
use crate::load::{Kind, LoadedSite};
use crate::model::publish::{PublishOptions, publish};
use crate::model::{Date, Meta, Site};
use crate::render::{Contents, Dependency, RenderCache, Scope};
use crate::validate::memo::Memo;

/// A site folder rebuilt again and again by `gongshi serve`.
pub struct Session {
    options: BuildOptions,
    cache: LoadCache,
    memo: Memo,
    /// Body texts and open data sets. The texts are about the size of
    /// the content, and grow by the bodies edited.
    cache_render: RenderCache,
    /// Counts the successful builds, so that an index made for an older
    /// build is not installed.
    generation: u64,
    /// The last build that succeeded.
    last: Option<LastBuild>,
    /// Content paths changed since the last successful build. A failed
    /// build keeps them, so the next good one re-renders what they affect.
    pending: BTreeSet<String>,
    /// The documents of the last load, not yet handed back to the load
    /// cache: see [`Session::tidy`].
    loaded: Option<LoadedSite>,
}

/// Output files by path. A persistent map: the snapshot `gongshi serve`
/// serves and the session share it, and a rebuild changes its own copy
/// in time proportional to the files it changes, not to the site.
pub type FileMap = imbl::HashMap<String, Arc<Contents>>;

/// What a rebuild compares with to find what changed, and the files it
/// keeps when they are outside the change.
struct LastBuild {
    as_of: Date,
    config: Option<String>,
    theme: BTreeMap<String, Vec<u8>>,
    assets: Vec<(String, u64)>,
    units: BTreeSet<String>,
    site: Arc<Site>,
    /// Counts the successful builds of the session.
    generation: u64,
    files: Files,
    /// The link warnings of the build, by record id.
    link_warnings: BTreeMap<String, Vec<Diagnostic>>,
}

/// The output files of a build, shared with the snapshot `gongshi serve`
/// serves, and the dependencies of each.
#[derive(Default)]
struct Files {
    files: FileMap,
    deps: HashMap<String, Vec<Dependency>>,
    /// The output paths of the search index.
    index: BTreeSet<String>,
    /// Whether the index is that of the files' build; false between
    /// [`Session::rebuild`] and [`Session::rebuild_index`].
    indexed: bool,
}

impl Files {
    fn insert(&mut self, new: Vec<crate::render::OutputFile>) {
        let contents = &mut self.files;
        for file in new {
            self.deps.insert(file.path.clone(), file.deps);
            contents.insert(file.path, Arc::new(file.contents));
        }
    }
}

/// The inputs of a rebuild that decide how much of the site it makes.
struct Inputs {
    config: Option<String>,
    theme: BTreeMap<String, Vec<u8>>,
    assets: Vec<(String, u64)>,
    units: BTreeSet<String>,
}

impl Session {
    /// Starts a session; `options.output` and `options.write` are ignored,
    /// since a session only keeps its files in memory.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            cache: LoadCache::default(),
            memo: Memo::default(),
            cache_render: RenderCache::default(),
            generation: 0,
            last: None,
            pending: BTreeSet::new(),
            loaded: None,
        }
    }

    /// The site folder, canonical after the first rebuild.
    pub fn site_dir(&self) -> &Path {
        &self.options.site_dir
    }

    /// Returns whether a content file read by the last rebuild has changed
    /// since, which `gongshi serve` checks when the file system has sent
    /// no event for a while.
    pub fn content_changed(&self) -> bool {
        self.cache.any_changed(&self.options.site_dir)
    }

    /// Returns the number of files of the last successful build that are
    /// not part of the search index, which follows the build separately.
    pub fn page_count(&self) -> usize {
        self.last
            .as_ref()
            .map_or(0, |last| last.files.files.len() - last.files.index.len())
    }

    /// The files of the last successful build, by output path.
    pub fn files(&self) -> Option<&FileMap> {
        self.last.as_ref().map(|last| &last.files.files)
    }

    /// Rebuilds the site as of `as_of`. On success the new files are in
    /// [`Session::files`]; on failure the previous ones stay there.
    pub fn rebuild(&mut self, as_of: Date) -> BuildOutcome {
        self.rebuild_changed(as_of, None)
    }

    /// Rebuilds like [`Session::rebuild`]. `changed_files`, the absolute
    /// paths that file events named since the last rebuild, lets the load
    /// skip the walk of content/ when no file came or went.
    pub fn rebuild_changed(
        &mut self,
        as_of: Date,
        changed_files: Option<&[PathBuf]>,
    ) -> BuildOutcome {
        let started = Instant::now();
        self.tidy();
        let (loaded, load_diagnostics, changed) =
            load_cached(&self.options.site_dir, &mut self.cache, changed_files);
        let outcome = self.rebuild_loaded(&loaded, load_diagnostics, changed, as_of, started);
        self.loaded = Some(loaded);
        outcome
    }

    /// Hands the documents of the last load back to the load cache, for
    /// the next rebuild to reuse. That takes a few milliseconds on a large
    /// site, so `gongshi serve` calls it after reloading the pages; the
    /// next rebuild calls it otherwise.
    pub fn tidy(&mut self) {
        if let Some(loaded) = self.loaded.take() {
            self.cache.put_back(loaded);
        }
    }

    fn rebuild_loaded(
        &mut self,
        loaded: &LoadedSite,
        load_diagnostics: Diagnostics,
        changed: BTreeSet<String>,
        as_of: Date,
        started: Instant,
    ) -> BuildOutcome {
        let mut outcome = BuildOutcome::default();
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(load_diagnostics);
        outcome.records_read = loaded.documents.len() + loaded.unparsed.len();
        self.options.site_dir.clone_from(&loaded.site_dir);

        let theme = match crate::load::theme::load_theme(&loaded.site_dir) {
            Ok(theme) => Some(theme),
            Err(theme_diagnostics) => {
                diagnostics.extend(theme_diagnostics);
                None
            }
        };
        let (site, validate_diagnostics) = crate::validate::validate_incremental(
            loaded,
            self.options.base_url.as_deref(),
            &mut self.memo,
            &changed,
        );
        self.pending.extend(changed);
        diagnostics.extend(validate_diagnostics);
        let (Some(site), Some(theme)) = (site, theme) else {
            return finish(outcome, diagnostics, started);
        };
        if diagnostics.has_errors() {
            return finish(outcome, diagnostics, started);
        }
        outcome.pending_reviews = crate::validate::pending_reviews(&site, as_of);

        let inputs = Inputs {
            config: loaded
                .config
                .as_ref()
                .map(|(file, _)| file.text.to_string()),
            theme: theme
                .files
                .iter()
                .map(|(key, file)| (key.clone(), file.bytes.clone()))
                .collect(),
            assets: loaded
                .assets
                .iter()
                .map(|asset| (asset.content_path.clone(), asset.size))
                .collect(),
            units: site.units.iter().map(|unit| unit.id.clone()).collect(),
        };
        let changed = self.changed_inputs(&inputs, as_of, loaded, &site);

        let published = publish(
            &site,
            PublishOptions {
                as_of,
                drafts: self.options.drafts,
            },
        );
        let empty = HashMap::new();
        let scope = changed.as_ref().map(|changed| Scope {
            previous: self.last.as_ref().map_or(&empty, |last| &last.files.deps),
            changed,
        });
        let rendered = match crate::render::render_scoped(
            &published,
            &theme,
            scope.as_ref(),
            Some(&self.cache_render),
        ) {
            Ok(rendered) => rendered,
            Err(render_diagnostics) => {
                diagnostics.extend(render_diagnostics);
                return finish(outcome, diagnostics, started);
            }
        };

        // Every previous file inside the scope is either rendered again or
        // no longer made; the rest stay, and so does the search index.
        // When no output path can appear or go, every file is still made,
        // so the rendered ones replace theirs and none is dropped.
        let paths_kept = scope.as_ref().is_some_and(Scope::paths_kept);
        let dropped: Option<Vec<String>> = self.last.as_ref().map(|last| {
            if paths_kept {
                return Vec::new();
            }
            last.files
                .deps
                .keys()
                .filter(|path| {
                    !last.files.index.contains(*path)
                        && scope.as_ref().is_none_or(|scope| scope.wants(path))
                })
                .cloned()
                .collect()
        });
        let previous_links = self
            .last
            .as_mut()
            .map(|last| std::mem::take(&mut last.link_warnings))
            .unwrap_or_default();
        let files = self.merge(rendered, dropped);
        // Link checks only warn, so the build has succeeded by now. When
        // no output path came or went, only the changed records' links are
        // checked again.
        let changed_records: Option<BTreeSet<String>> = paths_kept.then(|| {
            changed
                .iter()
                .flatten()
                .filter_map(|dep| match dep {
                    Dependency::Record(id) => Some(id.clone()),
                    _ => None,
                })
                .collect()
        });
        let mut link_warnings = crate::validate::links::check_links_by_record(
            loaded,
            &published,
            &|path| files.files.contains_key(path),
            changed_records.as_ref(),
        );
        if let Some(changed_records) = &changed_records {
            for (id, warnings) in previous_links {
                if !changed_records.contains(&id) {
                    link_warnings.insert(id, warnings);
                }
            }
        }
        for warning in link_warnings.values().flatten() {
            diagnostics.push(warning.clone());
        }
        outcome.files_written = files.files.len();
        let outcome = finish(outcome, diagnostics, started);

        drop(published);
        self.pending.clear();
        self.generation += 1;
        let generation = self.generation;
        self.last = Some(LastBuild {
            as_of,
            config: inputs.config,
            theme: inputs.theme,
            assets: inputs.assets,
            units: inputs.units,
            site: Arc::new(site),
            generation,
            files,
            link_warnings,
        });
        outcome
    }

    /// Makes the files of this build: the previous build's less the
    /// `dropped` paths, with the `rendered` files added. The previous
    /// search index stays until [`Session::install_index`] replaces it.
    fn merge(
        &mut self,
        rendered: Vec<crate::render::OutputFile>,
        dropped: Option<Vec<String>>,
    ) -> Files {
        let (Some(last), Some(dropped)) = (self.last.take(), dropped) else {
            let mut files = Files::default();
            files.insert(rendered);
            return files;
        };
        let LastBuild { files, site, .. } = last;
        let mut files = files;
        drop_in_background(site);
        let contents = &mut files.files;
        for path in &dropped {
            contents.remove(path);
            files.deps.remove(path);
        }
        files.insert(rendered);
        files.indexed = false;
        files
    }

    /// Returns whether the files hold the search index of the last
    /// successful build. A session without a good build has nothing to index.
    pub fn indexed(&self) -> bool {
        self.last.as_ref().is_none_or(|last| last.files.indexed)
    }

    /// Replaces the search index with that of the last successful build.
    pub fn rebuild_index(&mut self) {
        if let Some(job) = self.index_job() {
            self.install_index(job.run());
        }
    }

    /// Returns the work of making the search index of the last successful
    /// build, when its files do not hold it yet.
    ///
    /// The index is made whole from every published record, which takes
    /// seconds on a large site, so `gongshi serve` runs the job on another
    /// thread after reloading the pages.
    pub fn index_job(&self) -> Option<IndexJob> {
        let last = self.last.as_ref().filter(|last| !last.files.indexed)?;
        Some(IndexJob {
            generation: last.generation,
            site: Arc::clone(&last.site),
            as_of: last.as_of,
            drafts: self.options.drafts,
        })
    }

    /// Replaces the search index with the one `result` holds, unless a
    /// later build has replaced the build it was made for. Returns whether
    /// it did.
    pub fn install_index(&mut self, result: IndexResult) -> bool {
        let Some(last) = self
            .last
            .as_mut()
            .filter(|last| last.generation == result.generation && !last.files.indexed)
        else {
            return false;
        };
        let files = &mut last.files;
        let contents = &mut files.files;
        for path in &files.index {
            contents.remove(path);
            files.deps.remove(path);
        }
        files.index = result.files.iter().map(|file| file.path.clone()).collect();
        files.insert(result.files);
        files.indexed = true;
        true
    }

    /// Returns the inputs changed since the last successful build, or
    /// `None` when everything must be made again.
    fn changed_inputs(
        &self,
        inputs: &Inputs,
        as_of: Date,
        loaded: &LoadedSite,
        site: &Site,
    ) -> Option<BTreeSet<Dependency>> {
        let last = self.last.as_ref()?;
        if last.as_of != as_of
            || last.config != inputs.config
            || last.theme != inputs.theme
            || last.assets != inputs.assets
            || last.units != inputs.units
        {
            return None;
        }
        let kinds: BTreeMap<&str, Kind> = loaded
            .documents
            .iter()
            .map(|document| (document.content_path.as_str(), document.kind))
            .collect();
        let mut changed = BTreeSet::new();
        for content_path in &self.pending {
            let folder = content_path.split('/').next().unwrap_or_default();
            let id = crate::validate::record::record_id(content_path);
            let kind = kinds
                .get(content_path.as_str())
                .copied()
                .or_else(|| Kind::ALL.into_iter().find(|kind| kind.folder() == folder));
            match kind {
                Some(Kind::Unit) => {
                    let unit = id.strip_prefix("units/").unwrap_or(&id);
                    changed.insert(Dependency::Unit(unit.to_string()));
                }
                Some(kind) => {
                    // Lists, archives, the home page and the statistics
                    // show no record body, and records are listed by
                    // date, so a change to the body or the title leaves
                    // every list's order and counts as they were. A body
                    // change re-renders only what depends on the record;
                    // a title change also the pages that list it.
                    let old = |clear| record_without(&last.site, kind, &id, clear);
                    let new = |clear| record_without(site, kind, &id, clear);
                    let body_only =
                        old(Clear::Body).is_some_and(|old| new(Clear::Body) == Some(old));
                    let listing_kept = old(Clear::BodyAndTitle)
                        .is_some_and(|old| new(Clear::BodyAndTitle) == Some(old));
                    changed.insert(Dependency::Record(id.clone()));
                    changed.insert(Dependency::Bodies);
                    if !body_only {
                        changed.insert(Dependency::Item(id.clone()));
                    }
                    if !listing_kept {
                        changed.insert(Dependency::Kind(kind.folder()));
                    }
                }
                // Not a record: only an asset, and assets are compared above.
                None => {}
            }
        }
        Some(changed)
    }
}

/// Drops a large value on another thread, so that freeing the previous
/// build's records does not delay the reload. Where no thread can be
/// started, the value is dropped here.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("gongshi-drop".to_string())
        .spawn(move || drop(value));
}

/// The search index of one successful build, to be made on any thread.
pub struct IndexJob {
    generation: u64,
    site: Arc<Site>,
    as_of: Date,
    drafts: bool,
}

/// The files of an [`IndexJob`], for [`Session::install_index`].
pub struct IndexResult {
    generation: u64,
    files: Vec<crate::render::OutputFile>,
}

impl IndexJob {
    pub fn run(self) -> IndexResult {
        let published = publish(
            &self.site,
            PublishOptions {
                as_of: self.as_of,
                drafts: self.drafts,
            },
        );
        IndexResult {
            generation: self.generation,
            files: crate::index::build(&published),
        }
    }
}

/// The fields [`record_without`] leaves out.
#[derive(Clone, Copy)]
enum Clear {
    Body,
    BodyAndTitle,
}

/// Returns the debug form of a record with its body, or its body and
/// title, left out, to tell what kind of change an edit made. The form
/// covers every other field, the approval that decides publication
/// included.
fn record_without(site: &Site, kind: Kind, id: &str, clear: Clear) -> Option<String> {
    fn find<T: Clone + std::fmt::Debug>(
        records: &[Arc<T>],
        meta: impl Fn(&T) -> &Meta,
        meta_mut: impl Fn(&mut T) -> &mut Meta,
        id: &str,
        clear: Clear,
    ) -> Option<String> {
        let mut record = T::clone(records.iter().find(|r| meta(r).id == id)?);
        let meta = meta_mut(&mut record);
        meta.body = crate::model::SharedText::default();
        if matches!(clear, Clear::BodyAndTitle) {
            meta.title.clear();
        }
        Some(format!("{record:?}"))
    }
    match kind {
        Kind::Commitment => find(&site.commitments, |r| &r.meta, |r| &mut r.meta, id, clear),
        Kind::Disclosure => find(&site.disclosures, |r| &r.meta, |r| &mut r.meta, id, clear),
        Kind::Criticism => find(&site.criticisms, |r| &r.meta, |r| &mut r.meta, id, clear),
        Kind::Evaluation => find(&site.evaluations, |r| &r.meta, |r| &mut r.meta, id, clear),
        Kind::Unit | Kind::Page => None,
    }
}
