//! Validate stage: turns loaded documents into the typed model, checking
//! every key, value, reference and publication-safety rule, and reporting
//! all problems of all files in one run.

pub mod config;
pub mod fields;
mod kinds;
pub mod links;
pub mod memo;
mod privacy;
pub mod record;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{Asset, Document, Kind, LoadedSite};
use crate::model::{Commitment, Criticism, Disclosure, Evaluation, Page, Site, Unit};
use fields::Fields;
use record::Context;

/// A record waiting for approval when `require_review` is on.
#[derive(Debug, Clone)]
pub struct PendingReview {
    pub source: PathBuf,
    pub title: String,
}

#[derive(Clone)]
enum Parsed {
    Commitment(Arc<Commitment>),
    Disclosure(Arc<Disclosure>),
    Criticism(Arc<Criticism>),
    Evaluation(Arc<Evaluation>),
    Page(Arc<Page>),
}

/// Validates a loaded site. Returns the model only when there is no error.
pub fn validate(
    loaded: &LoadedSite,
    base_url_override: Option<&str>,
) -> (Option<Site>, Diagnostics) {
    validate_with(loaded, base_url_override, None)
}

/// Validates a loaded site like [`validate`], reusing from `memo` the
/// results of the records whose content paths are not in `changed` (the
/// files added, changed or removed since the memo was last used).
pub fn validate_incremental(
    loaded: &LoadedSite,
    base_url_override: Option<&str>,
    memo: &mut memo::Memo,
    changed: &BTreeSet<String>,
) -> (Option<Site>, Diagnostics) {
    validate_with(loaded, base_url_override, Some((memo, changed)))
}

fn validate_with(
    loaded: &LoadedSite,
    base_url_override: Option<&str>,
    mut memo: Option<(&mut memo::Memo, &BTreeSet<String>)>,
) -> (Option<Site>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();

    for file in &loaded.unparsed {
        privacy::scan_file(file, &mut diagnostics);
    }
    match &mut memo {
        Some((memo, changed)) => diagnostics.extend(memo.scan_names(loaded, changed)),
        None => privacy::scan_names(loaded, &mut diagnostics),
    }
    let config = loaded.config.as_ref().and_then(|(file, node)| {
        privacy::scan_file(file, &mut diagnostics);
        config::read_config(file, node, base_url_override, &mut diagnostics)
    });
    let (config, config_valid) = config.unwrap_or_else(|| (config::fallback_config(), false));

    let assets: BTreeMap<String, &Asset> = loaded
        .assets
        .iter()
        .map(|a| (a.content_path.clone(), a))
        .collect();

    // Units first: every other record refers to them.
    let unit_documents: Vec<&Document> = loaded
        .documents
        .iter()
        .filter(|d| d.kind == Kind::Unit)
        .collect();
    // A unit file with a syntax error still names a unit. References to it
    // are not reported missing, so the only error shown is the syntax
    // error, which is the one to fix.
    let unparsed_units = loaded.unparsed.iter().filter_map(|file| {
        let path = crate::diag::display_path(&file.path);
        let id = path.strip_prefix("content/units/")?.strip_suffix(".toml")?;
        (!id.contains('/')).then(|| id.to_string())
    });
    let unit_ids: BTreeSet<String> = unit_documents
        .iter()
        .map(|d| {
            record::record_id(&d.content_path)
                .trim_start_matches("units/")
                .to_string()
        })
        .chain(unparsed_units)
        .collect();
    let context = Context {
        config: &config,
        unit_ids: &unit_ids,
        assets: &assets,
    };

    let unit_results: Vec<(Option<Unit>, Diagnostics)> = unit_documents
        .par_iter()
        .map(|document| {
            let mut local = Diagnostics::new();
            privacy::scan_file(&document.file, &mut local);
            if document.body.is_some() {
                let stem = record::record_id(&crate::diag::display_path(&document.file.path));
                local.push(Diagnostic::error(
                    Some(document.file.location(document.table.span.start)),
                    "单位文件应为 .toml 文件，不能是 Markdown",
                    format!("把文件改名为 {stem}.toml，并删除两行 +++ 和其后的正文"),
                ));
                return (None, local);
            }
            let unit = Fields::new(&document.file, &document.table, String::new(), &mut local)
                .and_then(|mut fields| {
                    let unit = kinds::read_unit(&mut fields, document, &context);
                    fields.finish();
                    unit
                });
            (unit, local)
        })
        .collect();
    let mut units = Vec::new();
    for (unit, local) in unit_results {
        diagnostics.extend(local);
        units.extend(unit);
    }

    let record_results: Vec<(Option<Parsed>, Diagnostics)> = match memo {
        None => loaded
            .documents
            .par_iter()
            .filter(|d| d.kind != Kind::Unit)
            .map(|document| validate_record(document, &context))
            .collect(),
        Some((memo, changed)) => memo.validate(
            loaded,
            &context,
            unit_context_key(loaded, base_url_override, &unit_ids),
            changed,
        ),
    };

    let mut site = Site {
        config,
        units,
        commitments: Vec::new(),
        disclosures: Vec::new(),
        criticisms: Vec::new(),
        evaluations: Vec::new(),
        pages: Vec::new(),
    };
    for (parsed, local) in record_results {
        diagnostics.extend(local);
        match parsed {
            Some(Parsed::Commitment(r)) => site.commitments.push(r),
            Some(Parsed::Disclosure(r)) => site.disclosures.push(r),
            Some(Parsed::Criticism(r)) => site.criticisms.push(r),
            Some(Parsed::Evaluation(r)) => site.evaluations.push(r),
            Some(Parsed::Page(r)) => site.pages.push(r),
            None => {}
        }
    }

    check_unique_urls(&site, &mut diagnostics);
    check_unique_uscc(&site, &mut diagnostics);
    check_unlisted_assets(&site, loaded, &mut diagnostics);

    if diagnostics.has_errors() || !config_valid {
        (None, diagnostics)
    } else {
        (Some(site), diagnostics)
    }
}

/// Validates one record that is not a unit, on its own.
fn validate_record(document: &Document, context: &Context) -> (Option<Parsed>, Diagnostics) {
    let mut local = Diagnostics::new();
    privacy::scan_file(&document.file, &mut local);
    // Records nested too deep are left out before anything renders them.
    if !record::check_nesting(document, &mut local) {
        return (None, local);
    }
    let parsed = Fields::new(&document.file, &document.table, String::new(), &mut local).and_then(
        |mut fields| {
            let parsed = match document.kind {
                Kind::Commitment => kinds::read_commitment(&mut fields, document, context)
                    .map(|r| Parsed::Commitment(Arc::new(r))),
                Kind::Disclosure => kinds::read_disclosure(&mut fields, document, context)
                    .map(|r| Parsed::Disclosure(Arc::new(r))),
                Kind::Criticism => kinds::read_criticism(&mut fields, document, context)
                    .map(|r| Parsed::Criticism(Arc::new(r))),
                Kind::Evaluation => kinds::read_evaluation(&mut fields, document, context)
                    .map(|r| Parsed::Evaluation(Arc::new(r))),
                Kind::Page => {
                    kinds::read_page(&mut fields, document).map(|r| Parsed::Page(Arc::new(r)))
                }
                Kind::Unit => None,
            };
            fields.finish();
            parsed
        },
    );
    (parsed, local)
}

/// Identifies what a record's validation reads besides its own file:
/// site.toml, the `--base-url` override, the unit ids and the assets.
fn unit_context_key(
    loaded: &LoadedSite,
    base_url_override: Option<&str>,
    unit_ids: &BTreeSet<String>,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    loaded
        .config
        .as_ref()
        .map(|(file, _)| &file.text)
        .hash(&mut hasher);
    base_url_override.hash(&mut hasher);
    unit_ids.hash(&mut hasher);
    for asset in &loaded.assets {
        (&asset.content_path, asset.size).hash(&mut hasher);
    }
    hasher.finish()
}

/// Lists the records withheld because they have no approval, for `check`.
pub fn pending_reviews(site: &Site, as_of: crate::model::Date) -> Vec<PendingReview> {
    if !site.config.publication.require_review {
        return Vec::new();
    }
    // The same rule that withholds the records from the site.
    let options = crate::model::publish::PublishOptions {
        as_of,
        drafts: false,
    };
    let unapproved = |review: &Option<crate::model::Review>| {
        crate::model::publish::review_missing(review, options, true)
    };
    let mut pending: Vec<PendingReview> = all_metas(site)
        .filter(|meta| unapproved(&meta.review))
        .map(|meta| PendingReview {
            source: meta.source.clone(),
            title: meta.title.clone(),
        })
        .chain(
            site.pages
                .iter()
                .filter(|p| unapproved(&p.review))
                .map(|p| PendingReview {
                    source: p.source.clone(),
                    title: p.title.clone(),
                }),
        )
        .collect();
    pending.sort_by(|a, b| a.source.cmp(&b.source));
    pending
}

fn all_metas(site: &Site) -> impl Iterator<Item = &crate::model::Meta> {
    site.commitments
        .iter()
        .map(|r| &r.meta)
        .chain(site.disclosures.iter().map(|r| &r.meta))
        .chain(site.criticisms.iter().map(|r| &r.meta))
        .chain(site.evaluations.iter().map(|r| &r.meta))
}

/// Two records may never be published at one URL. Units own `units/<id>/`
/// and the site's own pages own the list folders, so records can only
/// collide with each other and with free pages. URLs that differ only in
/// letter case collide too: Windows and macOS file systems, where the site
/// may be copied, would store them as one folder.
fn check_unique_urls(site: &Site, diagnostics: &mut Diagnostics) {
    let mut by_url: BTreeMap<String, Vec<&PathBuf>> = BTreeMap::new();
    for meta in all_metas(site) {
        by_url
            .entry(meta.url_path.to_lowercase())
            .or_default()
            .push(&meta.source);
    }
    for page in &site.pages {
        by_url
            .entry(page.url_path.to_lowercase())
            .or_default()
            .push(&page.source);
    }
    for (url, sources) in by_url {
        if sources.len() < 2 {
            continue;
        }
        let names: Vec<String> = sources
            .iter()
            .map(|p| crate::diag::display_path(p))
            .collect();
        for source in &sources {
            diagnostics.push(Diagnostic::error(
                Some(crate::diag::Location {
                    file: (*source).clone(),
                    line: 1,
                    column: 1,
                }),
                format!(
                    "多条记录的网址相同（不区分大小写）：{url}（{}）",
                    names.join("、")
                ),
                "给其中一条加 slug = \"另一个名称\"，或改文件名",
            ));
        }
    }
}

fn check_unique_uscc(site: &Site, diagnostics: &mut Diagnostics) {
    let mut by_code: BTreeMap<&str, Vec<&Unit>> = BTreeMap::new();
    for unit in &site.units {
        if let Some(code) = &unit.uscc {
            by_code.entry(code.as_str()).or_default().push(unit);
        }
    }
    for (code, units) in by_code.into_iter().filter(|(_, units)| units.len() > 1) {
        let names: Vec<String> = units
            .iter()
            .map(|u| crate::diag::display_path(&u.source))
            .collect();
        for unit in &units {
            diagnostics.push(Diagnostic::error(
                Some(crate::diag::Location {
                    file: unit.source.clone(),
                    line: 1,
                    column: 1,
                }),
                format!(
                    "多个单位使用同一个统一社会信用代码 {code}（{}）",
                    names.join("、")
                ),
                "每个单位的代码唯一；核对后改正，合并撤销的单位请用 successor 和 dissolved_on",
            ));
        }
    }
}

fn unlisted_fix(content_path: &str) -> &'static str {
    let lower = content_path.to_ascii_lowercase();
    if lower.contains(".md.") || lower.contains(".toml.") || lower.ends_with(".txt") {
        "如果这是一条记录，把文件扩展名改为 .md 或 .toml（记事本有时会自动加上 .txt）；如果是附件，在相应记录的 attachments 中列出它"
    } else {
        "在相应记录的 attachments 中列出它；不需要发布的文件可以移出 content/ 文件夹"
    }
}

/// Warns about files in content/ that no record lists. They are never
/// published, and the warning catches a record that forgot to list one.
fn check_unlisted_assets(site: &Site, loaded: &LoadedSite, diagnostics: &mut Diagnostics) {
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    for c in &site.commitments {
        listed.extend(c.attachments.iter().map(|a| a.url_path.as_str()));
        listed.extend(
            c.progress
                .iter()
                .filter_map(|p| p.attachment.as_ref())
                .map(|a| a.url_path.as_str()),
        );
    }
    for list in site
        .disclosures
        .iter()
        .map(|r| &r.attachments)
        .chain(site.criticisms.iter().map(|r| &r.attachments))
        .chain(site.evaluations.iter().map(|r| &r.attachments))
    {
        listed.extend(list.iter().map(|a| a.url_path.as_str()));
    }
    for asset in &loaded.assets {
        if !listed.contains(asset.content_path.as_str()) {
            diagnostics.push(Diagnostic::warning(
                Some(crate::diag::Location {
                    file: asset.source.clone(),
                    line: 1,
                    column: 1,
                }),
                "这个文件没有被任何记录列为附件，不会发布",
                unlisted_fix(&asset.content_path),
            ));
        }
    }
}
