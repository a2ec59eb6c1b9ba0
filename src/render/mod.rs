//! Render stage: turns the published part of a site and the theme into
//! output files, held in memory for the write stage.
//!
//! Invariants:
//! - Everything shown comes from [`Published`]. This module reads
//!   `published.site` only for its config, so a withheld record cannot
//!   leak into a page, list, count, sitemap, feed, open data file or
//!   attachment. The test `withheld_records_in_no_file` checks every
//!   output file for that.
//! - No IO: attachments are returned as [`Contents::CopyFrom`] for the
//!   write stage to copy.
//! - Same input, same bytes: pages are rendered in parallel but returned
//!   sorted by path, and no context holds a hash map.
//!
//! Each page family builds plain serializable context structs from
//! `Published` (one module each), formatting dates, sizes and states in
//! Rust; templates only lay them out.

mod chart;
mod data;
mod env;
mod evaluations;
mod feeds;
mod format;
mod home;
pub(crate) mod items;
mod lists;
pub mod markdown;
mod pages;
mod paginate;
mod records;
mod sitemap;
mod slugs;
mod stats;
mod template_messages;
mod templates;
mod units;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::theme::ThemeFiles;
use crate::model::publish::Published;

/// One file of the generated site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output root, `/`-separated:
    /// `commitments/2024/task-01/index.html`.
    pub path: String,
    pub contents: Contents,
    /// Inputs the file was made from, so that an incremental rebuild can
    /// re-render only the files whose inputs changed.
    pub deps: Vec<Dependency>,
}

#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file to copy, relative to the site folder (attachments).
    CopyFrom(PathBuf),
}

/// An input an output file was made from.
///
/// The build's as-of date is not listed: every page shows it, so a new
/// as-of date means a full rebuild.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dependency {
    /// A record or free page, by `Meta.id` or `Page.id`.
    Record(String),
    /// A unit, by id.
    Unit(String),
    /// A theme file, by its path in the theme (`templates/base.html`).
    Template(String),
    /// site.toml.
    Config,
    /// Any record of a kind: `commitments`, `disclosures`, `criticisms`,
    /// `evaluations`, `pages`. Lists, counts and menus depend on these.
    Kind(&'static str),
    /// The body of any record. The data page depends on it, because it
    /// shows the size of data files that contain every body.
    Bodies,
    /// The list item of a record, by `Meta.id`: its title and the facts
    /// beside it. List, archive, home and statistics pages depend on the
    /// items they show.
    Item(String),
}

/// The part of a site an incremental rebuild makes again: every output
/// file whose dependencies include a changed input, and every file the
/// previous build did not make. The rest is kept from the previous build.
pub struct Scope<'a> {
    /// The dependencies of each file of the previous build, by output path.
    pub previous: &'a HashMap<String, Vec<Dependency>>,
    /// The inputs that changed since the previous build.
    pub changed: &'a BTreeSet<Dependency>,
}

/// Compiled templates, body texts and open data sets that `gongshi serve`
/// keeps between rebuilds, so that a small change costs little.
#[derive(Default)]
pub struct RenderCache {
    pub texts: TextCache,
    pub data: data::DataCache,
    /// The compiled templates, and the hash of the theme files they were
    /// compiled from.
    templates: std::sync::Mutex<Option<(u64, Arc<templates::Templates>)>>,
}

impl RenderCache {
    /// Returns the templates of `theme`, compiled again only when a theme
    /// file changed.
    fn templates(&self, theme: &ThemeFiles) -> Result<Arc<templates::Templates>, Diagnostics> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (key, file) in &theme.files {
            key.hash(&mut hasher);
            file.bytes.hash(&mut hasher);
            file.source.hash(&mut hasher);
        }
        let key = hasher.finish();
        let mut kept = self
            .templates
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((kept_key, templates)) = kept.as_ref()
            && *kept_key == key
        {
            return Ok(Arc::clone(templates));
        }
        let templates = Arc::new(templates::Templates::compile(theme)?);
        *kept = Some((key, Arc::clone(&templates)));
        Ok(templates)
    }
}

/// The plain text of Markdown bodies, by the body's hash, kept between
/// the rebuilds of `gongshi serve`. Every open data file of a kind
/// contains the text of every body, and turning them all into text again
/// was most of the cost of a small change.
#[derive(Default)]
pub struct TextCache {
    texts: std::sync::Mutex<HashMap<u64, String>>,
}

impl TextCache {
    /// Returns `markdown::to_text(body)`, from the cache when it has it.
    pub fn text(&self, body: &str) -> String {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut hasher);
        let key = hasher.finish();
        let lock = || {
            self.texts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(text) = lock().get(&key) {
            return text.clone();
        }
        let text = markdown::to_text(body);
        lock().insert(key, text.clone());
        text
    }
}

impl Scope<'_> {
    /// Returns whether the only inputs changed are records, each in its
    /// body alone: no list, count or output path can have changed.
    pub fn only_records_changed(&self) -> bool {
        self.changed
            .iter()
            .all(|dep| matches!(dep, Dependency::Record(_) | Dependency::Bodies))
    }

    /// Returns whether no output path can appear or go, nor a sitemap
    /// date change: the only inputs changed are records, each in its body
    /// or title alone.
    pub fn paths_kept(&self) -> bool {
        self.changed.iter().all(|dep| {
            matches!(
                dep,
                Dependency::Record(_) | Dependency::Bodies | Dependency::Item(_)
            )
        })
    }

    /// Returns whether the file at `path` is to be made again.
    pub fn wants(&self, path: &str) -> bool {
        self.previous
            .get(path)
            .is_none_or(|deps| deps.iter().any(|dep| self.changed.contains(dep)))
    }
}

/// Renders every page of the site, in parallel, sorted by path.
///
/// Template syntax and rendering errors become diagnostics located in the
/// template file, so that a theme author gets the file, line and column.
pub fn render(published: &Published, theme: &ThemeFiles) -> Result<Vec<OutputFile>, Diagnostics> {
    render_scoped(published, theme, None, None)
}

/// Receives each page as soon as it is rendered, on any thread.
pub type PageSink<'s> = &'s (dyn Fn(OutputFile) + Sync);

/// Renders every file like [`render`], but hands each page to `sink` as
/// soon as it is rendered instead of returning it, so that a build need
/// not hold every page in memory. Returns the other files: open data,
/// feeds, the sitemap, theme files and attachments.
pub fn render_streamed(
    published: &Published,
    theme: &ThemeFiles,
    sink: PageSink,
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_with(published, theme, None, None, Some(sink))
}

/// Renders the files inside `scope`, or all of them when it is `None`,
/// sorted by path, keeping body texts and datasets in `cache` when given.
/// Files outside the scope are not returned: they are the previous
/// build's.
pub fn render_scoped(
    published: &Published,
    theme: &ThemeFiles,
    scope: Option<&Scope>,
    cache: Option<&RenderCache>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_with(published, theme, scope, cache, None)
}

fn render_with(
    published: &Published,
    theme: &ThemeFiles,
    scope: Option<&Scope>,
    cache: Option<&RenderCache>,
    sink: Option<PageSink>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let templates = match cache {
        Some(cache) => cache.templates(theme)?,
        None => Arc::new(templates::Templates::compile(theme)?),
    };
    let env = env::Env::new(published, asset_versions(theme), scope, cache);

    // The page families are independent, so their jobs are made in
    // parallel and then joined in this order. When only record bodies
    // changed, no list, archive, home, statistics or free page can change:
    // those families are not even listed, and the previous build's files
    // stay.
    let records_only = env.only_records_changed();
    let families: [(Family, bool); 7] = [
        (|env, out| out.extend(home::jobs(env)), false),
        (lists::jobs, false),
        (records::jobs, true),
        (|env, out| out.extend(evaluations::jobs(env)), true),
        (|env, out| out.extend(units::jobs(env)), false),
        (|env, out| out.extend(pages::jobs(env)), false),
        (|env, out| out.extend(stats::jobs(env)), false),
    ];
    // Each page's context is freed once the page is rendered rather than
    // at the end of the stage, so that fewer contexts stay in memory
    // beside the HTML made so far.
    let render_jobs = |jobs: &mut [env::PageJob]| -> Vec<Result<Option<OutputFile>, _>> {
        jobs.par_iter_mut()
            .filter(|job| !job.reused)
            .map(|job| {
                let file = templates.render_job(job);
                job.context = tera::Context::new();
                // The rendered file carries the dependencies from here on.
                job.deps = BTreeSet::new();
                match sink {
                    Some(sink) => file.map(|file| {
                        sink(file);
                        None
                    }),
                    None => file.map(Some),
                }
            })
            .collect()
    };
    // The open data comes first, then the families one at a time, each
    // rendered batch by batch as it is made, so that only one batch of
    // page contexts is in memory at once. Within a batch, the work is
    // parallel. Making the data beside the families took as long and
    // needed more memory.
    let open_data = data::collect(&env, sink);
    let mut jobs = Vec::new();
    let mut rendered = Vec::new();
    let mut render_batch = |mut batch: Vec<env::PageJob>| {
        rendered.extend(render_jobs(&mut batch));
        jobs.extend(batch);
    };
    let listed = families
        .iter()
        .filter(|(_, shows_bodies)| *shows_bodies || !records_only);
    for (family, _) in listed {
        let mut out = env::JobBatches::new(&mut render_batch);
        family(&env, &mut out);
        out.flush();
    }
    render_batch(vec![data::page_job(&env, &open_data)]);

    let mut files = Vec::with_capacity(rendered.len() + published.attachments.len() + 8);
    let mut failures = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.extend(file),
            Err(failure) => failures.push(failure),
        }
    }
    if !failures.is_empty() {
        return Err(templates::failures_to_diagnostics(failures, theme));
    }

    // When no path can appear or go, the sitemap and the paths stay as
    // the previous build checked them.
    let paths_kept = scope.is_some_and(Scope::paths_kept);
    let mut origins: Origins = BTreeMap::new();
    if !paths_kept {
        for job in &jobs {
            origins
                .entry(job.path.clone())
                .or_default()
                .push((job.origin.clone(), job.source.clone()));
        }
        files.extend(sitemap::files(&env, &jobs));
    }
    claim_paths(&open_data.sent, "开放数据文件", &mut origins);
    files.extend(claim(
        data::files(open_data, &env),
        "开放数据文件",
        &mut origins,
    ));
    files.extend(claim(feeds::files(&env), "订阅文件", &mut origins));
    // Theme files and attachments outside the scope are the previous
    // build's, like the pages; they are still claimed above.
    let inside = |file: &OutputFile| env.wants(&file.path);
    files.extend(static_files(theme, &mut origins).into_iter().filter(inside));
    files.extend(
        attachment_files(&env, &mut origins)
            .into_iter()
            .filter(inside),
    );

    if !paths_kept {
        check_unique_paths(&origins)?;
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Makes the page jobs of one page family and hands them on in batches.
type Family = fn(&env::Env, &mut env::JobBatches);

/// For each output path, who claims it: a description and the content
/// file behind it, if any.
type Origins = BTreeMap<String, Vec<(String, Option<PathBuf>)>>;

/// Records the paths of files the site makes beside its pages, so that
/// an attachment or a theme file at the same path is reported.
fn claim(files: Vec<OutputFile>, description: &str, origins: &mut Origins) -> Vec<OutputFile> {
    for file in &files {
        claim_paths(std::slice::from_ref(&file.path), description, origins);
    }
    files
}

/// Records the paths of files already handed to the page sink, like
/// [`claim`].
fn claim_paths(paths: &[String], description: &str, origins: &mut Origins) {
    for path in paths {
        origins
            .entry(path.clone())
            .or_default()
            .push((format!("{description} {path}"), None));
    }
}

/// Returns the URL, relative to the base path, of each theme file under `static/`
/// (keyed by its name there), with a query naming its content. nginx lets
/// browsers cache these files for 30 days (docs/nginx/gongshi.conf), so a
/// changed file must get a new URL, or returning readers would keep an old
/// style sheet or an old search client that cannot read the new index.
fn asset_versions(theme: &ThemeFiles) -> std::collections::BTreeMap<String, String> {
    theme
        .files
        .iter()
        .filter_map(|(key, file)| {
            let name = key.strip_prefix("static/")?;
            let hash = crate::index::encode::content_hash(&file.bytes);
            Some((name.to_string(), format!("{key}?v={}", &hash[..10])))
        })
        .collect()
}

/// Theme files under `static/`, published at the same path.
fn static_files(theme: &ThemeFiles, origins: &mut Origins) -> Vec<OutputFile> {
    theme
        .files
        .iter()
        .filter(|(key, _)| key.starts_with("static/"))
        .map(|(key, file)| {
            let origin = format!(
                "主题文件 {}",
                crate::diag::display_path(&theme.display_path(key))
            );
            origins.entry(key.clone()).or_default().push((origin, None));
            OutputFile {
                path: key.clone(),
                contents: Contents::Bytes(file.bytes.clone()),
                deps: vec![Dependency::Template(key.clone())],
            }
        })
        .collect()
}

/// Attachments of published records, to be copied by the write stage.
/// Each depends on the records that list it, since the file must go when
/// the last of them is withheld.
fn attachment_files(env: &env::Env, origins: &mut Origins) -> Vec<OutputFile> {
    let listed_by = env.attachment_records();
    env.published
        .attachments
        .iter()
        .map(|(path, attachment)| {
            let origin = format!("附件 {}", crate::diag::display_path(&attachment.source));
            origins
                .entry(path.clone())
                .or_default()
                .push((origin, Some(attachment.source.clone())));
            let deps = listed_by
                .get(path.as_str())
                .map(|ids| {
                    ids.iter()
                        .map(|id| Dependency::Record(id.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            OutputFile {
                path: path.clone(),
                contents: Contents::CopyFrom(attachment.source.clone()),
                deps,
            }
        })
        .collect()
}

/// Reports output paths claimed twice, such as a record whose URL is
/// `commitments/page/2/`, the second page of the commitment list.
fn check_unique_paths(origins: &Origins) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    for (path, claimants) in origins {
        if claimants.len() < 2 {
            continue;
        }
        let file = claimants.iter().find_map(|(_, source)| source.clone());
        let names: Vec<&str> = claimants
            .iter()
            .map(|(description, _)| description.as_str())
            .collect();
        diagnostics.push(Diagnostic::error(
            file.map(|file| Location { file, line: 1, column: 1 }),
            format!("输出文件 {path} 被多处同时使用：{}", names.join("；")),
            "给记录另设 slug，或把它移到别的子文件夹；列表分页（page/）、按单位（unit/）、按年份（year/）、按类别（category/）、按状态（status/）这些网址由网站自动生成",
        ));
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(diagnostics)
    }
}
