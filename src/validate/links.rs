//! Links between pages: a Markdown link in a published record or page that
//! points to a page of the site which is not generated gets a warning, so
//! deleting or renaming a record does not leave broken links unnoticed.
//!
//! The links are found before rendering and checked after it, because
//! only then are the output paths known; `build` does both.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::{Document, LoadedSite};
use crate::model::publish::Published;

/// Warns about every link of `links` that points to no output file, in
/// one list. `outputs` returns whether an output path
/// (`commitments/index.html`) is made.
pub fn link_warnings(links: &[InternalLink], outputs: &dyn Fn(&str) -> bool) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for warning in broken_links(links, outputs).into_values().flatten() {
        diagnostics.push(warning);
    }
    diagnostics
}

/// Checks the links of the records and free pages whose ids are in
/// `only`, or of all of them when it is `None`, and returns the warnings
/// by record id. Records without a warning are left out.
pub fn check_links_by_record(
    loaded: &LoadedSite,
    published: &Published<'_>,
    outputs: &dyn Fn(&str) -> bool,
    only: Option<&BTreeSet<String>>,
) -> BTreeMap<String, Vec<Diagnostic>> {
    broken_links(&internal_links(loaded, published, only), outputs)
}

/// A link from a published body to a page of the site, with where it is
/// written, found before rendering so that a build can free the parsed
/// files while it renders.
pub struct InternalLink {
    /// The id of the record or free page whose body contains the link.
    id: String,
    location: Location,
    /// The link as written.
    destination: String,
    /// The output path it resolves to.
    target: String,
}

/// Lists the internal links of the published records and free pages
/// whose ids are in `only`, or of all of them when it is `None`.
pub fn internal_links(
    loaded: &LoadedSite,
    published: &Published<'_>,
    only: Option<&BTreeSet<String>>,
) -> Vec<InternalLink> {
    let bodies = published
        .commitments
        .iter()
        .map(|r| &r.meta)
        .chain(published.disclosures.iter().map(|r| &r.meta))
        .chain(published.criticisms.iter().map(|r| &r.meta))
        .chain(published.evaluations.iter().map(|r| &r.meta))
        .map(|meta| (&meta.id, &meta.source, &meta.url_path, &meta.body))
        .chain(
            published
                .pages
                .iter()
                .map(|page| (&page.id, &page.source, &page.url_path, &page.body)),
        )
        .filter(|(id, ..)| only.is_none_or(|only| only.contains(*id)));

    let documents: HashMap<&Path, &Document> = loaded
        .documents
        .iter()
        .map(|document| (document.file.path.as_path(), document))
        .collect();
    let mut links = Vec::new();
    for (id, source, url_path, body) in bodies {
        for destination in link_destinations(body) {
            let Some(target) = resolve(url_path, &destination) else {
                continue;
            };
            links.push(InternalLink {
                id: id.clone(),
                location: locate(
                    documents.get(source.as_path()).copied(),
                    source,
                    &destination,
                ),
                destination,
                target,
            });
        }
    }
    links
}

/// Returns a warning for each link whose target `outputs` does not make,
/// by record id.
pub fn broken_links(
    links: &[InternalLink],
    outputs: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut warnings: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for link in links.iter().filter(|link| !exists(outputs, &link.target)) {
        warnings
            .entry(link.id.clone())
            .or_default()
            .push(Diagnostic::warning(
                Some(link.location.clone()),
                format!("链接“{}”指向的页面不存在", link.destination),
                "改正链接；如果目标记录已删除或改名，请同时修改指向它的链接",
            ));
    }
    warnings
}

fn link_destinations(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// Resolves a link against the page's URL path to an output path, or
/// `None` for links that leave the site (schemes, protocol-relative
/// links) or only point within the page.
fn resolve(page_url: &str, destination: &str) -> Option<String> {
    let destination = destination.split(['#', '?']).next().unwrap_or("");
    if destination.is_empty() || destination.contains(':') || destination.starts_with("//") {
        return None;
    }
    let mut parts: Vec<&str> = if destination.starts_with('/') {
        Vec::new()
    } else {
        page_url.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in destination.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    Some(if destination.ends_with('/') || joined.is_empty() {
        format!("{joined}/")
    } else {
        joined
    })
}

fn exists(outputs: &dyn Fn(&str) -> bool, target: &str) -> bool {
    let target = target.trim_start_matches('/');
    if target.is_empty() {
        return outputs("index.html");
    }
    if let Some(folder) = target.strip_suffix('/') {
        return outputs(&format!("{folder}/index.html"));
    }
    outputs(target) || outputs(&format!("{target}/index.html"))
}

/// The place of a link in its file: where its destination text first
/// appears, or the start of the file.
fn locate(document: Option<&Document>, source: &Path, destination: &str) -> Location {
    match document {
        Some(document) => match document.file.text.find(destination) {
            Some(offset) => document.file.location(offset),
            None => document.file.start(),
        },
        None => Location {
            file: source.to_path_buf(),
            line: 1,
            column: 1,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_root_links() {
        assert_eq!(
            resolve("commitments/2024/a/", "../../../disclosures/2024/b/"),
            Some("disclosures/2024/b/".into())
        );
        assert_eq!(
            resolve("commitments/2024/a/", "/units/fgj/"),
            Some("units/fgj/".into())
        );
        assert_eq!(resolve("pages/about/", "../../"), Some("/".into()));
        assert_eq!(resolve("pages/about/", "https://www.gov.cn/"), None);
        assert_eq!(resolve("pages/about/", "#top"), None);
        assert_eq!(resolve("pages/about/", "mailto:x@example.gov.cn"), None);
    }
}
