//! Atom feeds (RFC 4287) of the published records: the whole portal at
//! `feed.atom`, each kind at `<kind>/feed.atom` and each unit at
//! `units/<id>/feed.atom`, with the records its credit archive lists.
//!
//! Records have dates without a time, so every timestamp is midnight in
//! China Standard Time (`2024-07-29T00:00:00+08:00`). Ids and links are
//! absolute URLs under `base_url`, since feed readers resolve nothing
//! against the page a feed was found on.

use std::cell::OnceCell;

use super::env::{Env, KINDS, Link};
use super::format::{self, xml_escape};
use super::items;
use super::markdown;
use super::{Contents, Dependency, OutputFile};
use crate::model::{Date, Meta, UnitOrName};

/// Entries per feed, newest first. A reader that polls daily misses
/// nothing unless more records than this appear in one day, and the whole
/// portal's feed stays small enough to fetch often.
pub const ENTRY_LIMIT: usize = 100;

/// Characters of the body text a summary shows after the record's facts.
const EXCERPT_CHARS: usize = 120;

pub const SITE_FEED: &str = "feed.atom";

pub fn kind_feed_path(kind: &str) -> String {
    format!("{kind}/feed.atom")
}

pub fn unit_feed_path(id: &str) -> String {
    format!("units/{id}/feed.atom")
}

/// Lists the feeds a page at `relative` links in its head: the whole portal,
/// then the kind of the section the page belongs to, or the unit whose
/// archive it is. `text` is the feed's title.
pub fn page_feeds(env: &Env, relative: &str) -> Vec<Link> {
    let site_title = &env.published.site.config.title;
    let mut feeds = vec![Link {
        href: env.href(SITE_FEED),
        text: site_title.clone(),
    }];
    for (kind, label) in KINDS {
        if relative.starts_with(&format!("{kind}/")) {
            feeds.push(Link {
                href: env.href(&kind_feed_path(kind)),
                text: kind_feed_title(label, site_title),
            });
        }
    }
    let unit = relative
        .strip_prefix("units/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| env.unit(id));
    if let Some(unit) = unit {
        feeds.push(Link {
            href: env.href(&unit_feed_path(&unit.id)),
            text: unit_feed_title(&unit.name, site_title),
        });
    }
    feeds
}

fn kind_feed_title(label: &str, site_title: &str) -> String {
    format!("{label} - {site_title}")
}

fn unit_feed_title(unit_name: &str, site_title: &str) -> String {
    format!("{unit_name}信用档案 - {site_title}")
}

/// One published record as a feed entry.
struct Entry<'a> {
    meta: &'a Meta,
    kind: &'static str,
    kind_label: &'static str,
    /// Names and archive URLs of the bodies that made the record: the
    /// committing or publishing units, a criticism's issuer, the evaluator.
    authors: Vec<(String, Option<String>)>,
    category: Option<&'a str>,
    /// The record's facts, which start its summary.
    facts: Vec<String>,
    /// Made on first use: a feed shows only its newest entries, and the
    /// plain text of every other record's body would be wasted work.
    summary: OnceCell<String>,
    /// Units whose feed lists the record, as their archives do.
    units: Vec<&'a str>,
}

impl Entry<'_> {
    fn updated(&self) -> Date {
        self.meta.updated.unwrap_or(self.meta.date)
    }

    fn summary(&self) -> &str {
        self.summary
            .get_or_init(|| summary(self.facts.clone(), &self.meta.body))
    }
}

/// Writes every feed, or in an incremental rebuild every feed that shows
/// a changed record.
pub fn files(env: &Env) -> Vec<OutputFile> {
    // When no path can appear or go, a feed changes only if it shows a
    // changed record, which its dependencies name: when none does, the
    // entries of every record need not be made at all.
    let paths = std::iter::once(SITE_FEED.to_string())
        .chain(KINDS.iter().map(|(kind, _)| kind_feed_path(kind)))
        .chain(
            env.published
                .units
                .iter()
                .map(|unit| unit_feed_path(&unit.id)),
        );
    if env.paths_kept() && !paths.into_iter().any(|path| env.wants(&path)) {
        return Vec::new();
    }
    let entries = entries(env);
    let site_title = env.published.site.config.title.as_str();

    let mut feeds = vec![feed(
        env,
        SITE_FEED.to_string(),
        site_title.to_string(),
        "",
        entries.iter().collect(),
    )];
    for (kind, label) in KINDS {
        let of_kind = entries.iter().filter(|e| e.kind == kind).collect();
        feeds.push(feed(
            env,
            kind_feed_path(kind),
            kind_feed_title(label, site_title),
            &format!("{kind}/"),
            of_kind,
        ));
    }
    for unit in &env.published.units {
        let of_unit = entries
            .iter()
            .filter(|e| e.units.contains(&unit.id.as_str()))
            .collect();
        feeds.push(feed(
            env,
            unit_feed_path(&unit.id),
            unit_feed_title(&unit.name, site_title),
            &format!("units/{}/", unit.id),
            of_unit,
        ));
    }
    feeds.into_iter().flatten().collect()
}

/// Collects every published record as an entry, most recently changed first.
fn entries<'a>(env: &Env<'a>) -> Vec<Entry<'a>> {
    let published = env.published;
    let as_of = env.as_of();
    let mut entries = Vec::new();

    for c in &published.commitments {
        let facts = vec![
            format!("承诺单位：{}", unit_names(env, &c.units)),
            format!("承诺类别：{}", c.category),
            format!("兑现期限：{}", items::deadline_text(c.deadline)),
            format!("状态：{}", badge_texts(&items::commitment_badges(c, as_of))),
        ];
        entries.push(Entry {
            meta: &c.meta,
            kind: "commitments",
            kind_label: "公开承诺",
            authors: unit_authors(env, &c.units),
            category: Some(&c.category),
            facts,
            summary: OnceCell::new(),
            units: c.units.iter().map(String::as_str).collect(),
        });
    }
    for d in &published.disclosures {
        let mut facts = vec![
            format!("发布机构：{}", unit_names(env, &d.units)),
            format!("主题分类：{}", d.category),
        ];
        if let Some(doc_no) = &d.doc_no {
            facts.push(format!("文号：{doc_no}"));
        }
        facts.push(format!("有效性：{}", d.validity.zh()));
        entries.push(Entry {
            meta: &d.meta,
            kind: "disclosures",
            kind_label: "政务公开",
            authors: unit_authors(env, &d.units),
            category: Some(&d.category),
            facts,
            summary: OnceCell::new(),
            units: d.units.iter().map(String::as_str).collect(),
        });
    }
    for c in &published.criticisms {
        let issuer = env.name_ref(&c.issuer);
        let mut facts = vec![
            format!("被通报单位：{}", unit_names(env, &c.units)),
            format!("通报机关：{}", issuer.text),
            format!("失信类型：{}", c.category),
        ];
        if let Some(doc_no) = &c.doc_no {
            facts.push(format!("文号：{doc_no}"));
        }
        facts.push(format!(
            "整改：{}",
            badge_texts(&items::criticism_badges(c, as_of))
        ));
        entries.push(Entry {
            meta: &c.meta,
            kind: "criticisms",
            kind_label: "通报批评",
            authors: vec![body_author(env, &c.issuer)],
            category: Some(&c.category),
            facts,
            summary: OnceCell::new(),
            units: c.units.iter().map(String::as_str).collect(),
        });
    }
    for e in &published.evaluations {
        let facts = vec![
            format!("评价期：{}", e.period),
            format!("评价机构：{}", env.name_ref(&e.evaluator).text),
            format!("参评单位 {} 个", e.results.len()),
        ];
        entries.push(Entry {
            meta: &e.meta,
            kind: "evaluations",
            kind_label: "评价结果",
            authors: vec![body_author(env, &e.evaluator)],
            category: None,
            facts,
            summary: OnceCell::new(),
            units: e.results.iter().map(|r| r.unit.as_str()).collect(),
        });
    }

    entries.sort_by(|a, b| {
        (b.updated(), b.meta.date, &b.meta.id).cmp(&(a.updated(), a.meta.date, &a.meta.id))
    });
    entries
}

fn unit_names(env: &Env, ids: &[String]) -> String {
    ids.iter()
        .map(|id| env.unit_link(id).text)
        .collect::<Vec<_>>()
        .join("、")
}

fn badge_texts(badges: &[items::Badge]) -> String {
    badges
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

fn unit_authors(env: &Env, ids: &[String]) -> Vec<(String, Option<String>)> {
    ids.iter()
        .map(|id| body_author(env, &UnitOrName::Unit(id.clone())))
        .collect()
}

/// Names a body by its full name, with its archive URL when it is a unit.
fn body_author(env: &Env, body: &UnitOrName) -> (String, Option<String>) {
    match body {
        UnitOrName::Unit(id) => {
            let name = env.unit(id).map_or(id.as_str(), |unit| unit.name.as_str());
            (
                name.to_string(),
                Some(env.absolute_url(&format!("units/{id}/"))),
            )
        }
        UnitOrName::Name(name) => (name.clone(), None),
    }
}

/// Joins the record's facts, then adds the start of its body as plain text.
fn summary(facts: Vec<String>, body: &str) -> String {
    let mut text = facts.join("；");
    text.push('。');
    let body = one_line(&markdown::to_text(body));
    if !body.is_empty() {
        text.push('\n');
        let mut chars = body.chars();
        text.extend(chars.by_ref().take(EXCERPT_CHARS));
        if chars.next().is_some() {
            text.push('…');
        }
    }
    text
}

/// Joins lines into one: directly after Chinese text, which needs no
/// space, and with a space after anything else.
fn one_line(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let after_ascii = joined.chars().next_back().is_some_and(|c| c.is_ascii());
        if after_ascii {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    joined
}

/// Formats a date as the start of that day in China Standard Time.
pub fn timestamp(date: Date) -> String {
    format!("{}T00:00:00+08:00", format::date(date))
}

/// Escapes text for XML and drops the control characters XML 1.0 does
/// not allow, which would make a feed reader reject the whole feed.
fn xml_text(text: &str) -> String {
    let allowed: String = text.chars().filter(|&c| allowed_in_xml(c)).collect();
    xml_escape(&allowed)
}

/// Returns whether XML 1.0 allows `c` in a document (its `Char`
/// production, less the surrogates a Rust `char` cannot hold).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Writes the feed at `path` of the newest [`ENTRY_LIMIT`] of `entries`.
/// Returns `None` when an incremental rebuild keeps the previous file.
fn feed(
    env: &Env,
    path: String,
    title: String,
    page: &str,
    entries: Vec<&Entry>,
) -> Option<OutputFile> {
    let entries: Vec<&Entry> = entries.into_iter().take(ENTRY_LIMIT).collect();
    // Which records a feed shows depends on every record of every kind;
    // what it shows of each, the summary included, on that record.
    let mut deps = vec![Dependency::Config];
    deps.extend(KINDS.iter().map(|(kind, _)| Dependency::Kind(kind)));
    deps.extend(
        env.published
            .units
            .iter()
            .map(|unit| Dependency::Unit(unit.id.clone())),
    );
    deps.extend(
        entries
            .iter()
            .map(|e| Dependency::Record(e.meta.id.clone())),
    );
    if !env.wants(&path) {
        return None;
    }

    let config = &env.published.site.config;
    let feed_url = env.absolute_url(&path);
    // The feed changes when one of its entries does, so its updated is the
    // newest entry's. An empty feed takes the as-of date.
    let updated = entries
        .iter()
        .map(|e| e.updated())
        .max()
        .unwrap_or(env.as_of());
    let publisher = if config.footer.sponsor.is_empty() {
        &config.title
    } else {
        &config.footer.sponsor
    };

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_text(&config.language)
    ));
    xml.push_str(&format!("<id>{}</id>\n", xml_text(&feed_url)));
    xml.push_str(&format!("<title>{}</title>\n", xml_text(&title)));
    xml.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_text(&feed_url)
    ));
    xml.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_text(&env.absolute_url(page))
    ));
    xml.push_str(&format!("<updated>{}</updated>\n", timestamp(updated)));
    xml.push_str(&format!(
        "<author><name>{}</name><uri>{}</uri></author>\n",
        xml_text(publisher),
        xml_text(&config.base_url)
    ));
    for entry in &entries {
        push_entry(&mut xml, env, entry);
    }
    xml.push_str("</feed>\n");

    Some(OutputFile {
        path,
        contents: Contents::Bytes(xml.into_bytes()),
        deps,
    })
}

fn push_entry(xml: &mut String, env: &Env, entry: &Entry) {
    let url = env.absolute_url(&entry.meta.url_path);
    xml.push_str("<entry>\n");
    xml.push_str(&format!("<id>{}</id>\n", xml_text(&url)));
    xml.push_str(&format!("<title>{}</title>\n", xml_text(&entry.meta.title)));
    xml.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_text(&url)
    ));

    xml.push_str(&format!(
        "<published>{}</published>\n",
        timestamp(entry.meta.date)
    ));
    xml.push_str(&format!(
        "<updated>{}</updated>\n",
        timestamp(entry.updated())
    ));

    for (name, uri) in &entry.authors {
        xml.push_str(&format!("<author><name>{}</name>", xml_text(name)));
        if let Some(uri) = uri {
            xml.push_str(&format!("<uri>{}</uri>", xml_text(uri)));
        }
        xml.push_str("</author>\n");
    }

    xml.push_str(&format!(
        "<category term=\"{}\"/>\n",
        xml_text(entry.kind_label)
    ));
    if let Some(category) = entry.category {
        xml.push_str(&format!("<category term=\"{}\"/>\n", xml_text(category)));
    }

    xml.push_str(&format!(
        "<summary type=\"text\">{}</summary>\n",
        xml_text(entry.summary())
    ));
    xml.push_str("</entry>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_carry_china_offset() {
        assert_eq!(
            timestamp(Date::constant(2024, 7, 9)),
            "2024-07-09T00:00:00+08:00"
        );
    }

    #[test]
    fn control_characters_dropped() {
        assert_eq!(xml_text("甲\u{1}乙\t<丙>"), "甲乙\t&lt;丙&gt;");
    }

    #[test]
    fn summary_cuts_long_bodies() {
        let body = "字".repeat(EXCERPT_CHARS + 5);
        let text = summary(vec!["状态：推进中".into()], &body);
        assert_eq!(
            text,
            format!("状态：推进中。\n{}…", "字".repeat(EXCERPT_CHARS))
        );
        assert_eq!(summary(vec!["甲".into(), "乙".into()], ""), "甲；乙。");
        assert_eq!(
            summary(vec!["甲".into()], "第一段。\n\nFirst\nline\n\n第二段"),
            "甲。\n第一段。First line 第二段"
        );
    }
}
