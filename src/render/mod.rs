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
mod templates;
mod units;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::PathBuf;

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
}

/// Renders every page of the site, in parallel, sorted by path.
///
/// Template syntax and rendering errors become diagnostics located in the
/// template file, so that a theme author gets the file, line and column.
pub fn render(published: &Published, theme: &ThemeFiles) -> Result<Vec<OutputFile>, Diagnostics> {
    let templates = templates::Templates::compile(theme)?;
    let env = env::Env::new(published, asset_versions(theme));

    // The page families are independent, so their jobs are made in
    // parallel and then joined in this order.
    let families: [fn(&env::Env) -> Vec<env::PageJob>; 7] = [
        home::jobs,
        lists::jobs,
        records::jobs,
        evaluations::jobs,
        units::jobs,
        pages::jobs,
        stats::jobs,
    ];
    let (family_jobs, open_data) = rayon::join(
        || {
            families
                .par_iter()
                .map(|family| family(&env))
                .collect::<Vec<_>>()
        },
        || data::collect(&env),
    );
    let mut jobs: Vec<env::PageJob> = family_jobs.into_iter().flatten().collect();
    jobs.push(data::page_job(&env, &open_data));

    // Each page's context is freed once the page is rendered rather than
    // at the end of the stage, so that fewer contexts stay in memory
    // beside the HTML made so far.
    let rendered: Vec<Result<OutputFile, templates::RenderFailure>> = jobs
        .par_iter_mut()
        .map(|job| {
            let file = templates.render_job(job);
            job.context = tera::Context::new();
            file
        })
        .collect();

    let mut files = Vec::with_capacity(rendered.len() + published.attachments.len() + 8);
    let mut failures = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(failure) => failures.push(failure),
        }
    }
    if !failures.is_empty() {
        return Err(templates::failures_to_diagnostics(failures, theme));
    }

    let mut origins: Origins = BTreeMap::new();
    for job in &jobs {
        origins
            .entry(job.path.clone())
            .or_default()
            .push((job.origin.clone(), job.source.clone()));
    }

    files.extend(sitemap::files(&env, &jobs));
    files.extend(claim(
        data::files(&open_data, &env),
        "开放数据文件",
        &mut origins,
    ));
    files.extend(claim(feeds::files(&env), "订阅文件", &mut origins));
    files.extend(static_files(theme, &mut origins));
    files.extend(attachment_files(&env, &mut origins));

    check_unique_paths(&origins)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// For each output path, who claims it: a description and the content
/// file behind it, if any.
type Origins = BTreeMap<String, Vec<(String, Option<PathBuf>)>>;

/// Records the paths of files the site makes beside its pages, so that
/// an attachment or a theme file at the same path is reported.
fn claim(files: Vec<OutputFile>, description: &str, origins: &mut Origins) -> Vec<OutputFile> {
    for file in &files {
        origins
            .entry(file.path.clone())
            .or_default()
            .push((format!("{description} {}", file.path), None));
    }
    files
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
