//! Links between pages: a Markdown link in a published record or page that
//! points to a page of the site which is not generated gets a warning, so
//! deleting or renaming a record does not leave broken links unnoticed.
//!
//! This check runs after rendering, because only then are the output paths
//! known; `build` calls it.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{Event, Parser, Tag};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::LoadedSite;
use crate::model::publish::Published;

/// Warns about every internal link of a published body that points to no
/// output file. `outputs` returns whether an output path
/// (`commitments/index.html`) is made.
pub fn check_links(
    loaded: &LoadedSite,
    published: &Published<'_>,
    outputs: &dyn Fn(&str) -> bool,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for warning in check_links_by_record(loaded, published, outputs, None)
        .into_values()
        .flatten()
    {
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

    let mut warnings: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for (id, source, url_path, body) in bodies {
        for destination in link_destinations(body) {
            let Some(target) = resolve(url_path, &destination) else {
                continue;
            };
            if exists(outputs, &target) {
                continue;
            }
            let location = locate(loaded, source, &destination);
            warnings
                .entry(id.clone())
                .or_default()
                .push(Diagnostic::warning(
                    Some(location),
                    format!("链接“{destination}”指向的页面不存在"),
                    "改正链接；如果目标记录已删除或改名，请同时修改指向它的链接",
                ));
        }
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
fn locate(loaded: &LoadedSite, source: &std::path::Path, destination: &str) -> Location {
    let document = loaded.documents.iter().find(|d| d.file.path == source);
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
