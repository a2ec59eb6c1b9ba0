//! The searchable documents: one per published record and one per unit,
//! with the four indexed fields as written and the facet values.

use serde::Serialize;

use crate::model::publish::Published;
use crate::model::{Date, Meta, Unit, UnitOrName};
use crate::render::items::{
    Badge, commitment_badges, commitment_statuses, criticism_badges, criticism_statuses,
    disclosure_badges,
};

/// Field order in the index: the bit of each in an entry's field mask.
pub const FIELD_TITLE: usize = 0;
pub const FIELD_UNITS: usize = 1;
pub const FIELD_META: usize = 2;
pub const FIELD_BODY: usize = 3;

/// Kinds in facet order: key (URL segment) and label.
pub const KINDS: [(&str, &str); 5] = [
    ("commitments", "公开承诺"),
    ("disclosures", "政务公开"),
    ("criticisms", "通报批评"),
    ("evaluations", "评价结果"),
    ("units", "信用档案"),
];

/// Statuses in facet order: key and label. Overdue criticisms have their
/// own key because their label differs from overdue commitments'.
pub const STATUSES: [(&str, &str); 11] = [
    ("in_progress", "推进中"),
    ("fulfilled", "已兑现"),
    ("partial", "部分兑现"),
    ("broken", "未兑现"),
    ("overdue", "已逾期"),
    ("valid", "有效"),
    ("expired", "失效"),
    ("repealed", "废止"),
    ("rectifying", "整改中"),
    ("rectified", "已整改"),
    ("rectify_overdue", "逾期未整改"),
];

/// One searchable document.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub kind: usize,
    pub date: Option<Date>,
    pub badges: Vec<Badge>,
    /// Display names of the units, joined with 、.
    pub unit_names: String,
    /// Title, units, meta and body, as written.
    pub fields: [String; 4],
    /// Index into the category list, if the record has one.
    pub category: Option<String>,
    pub statuses: Vec<&'static str>,
    /// Unit ids, for the unit facet.
    pub units: Vec<String>,
}

/// The data the client shows for a result, written to `search/d/…`.
#[derive(Debug, Serialize)]
pub struct DocFile<'a> {
    pub u: &'a str,
    pub t: &'a str,
    pub k: usize,
    pub d: String,
    pub b: Vec<(&'a str, &'a str)>,
    pub n: &'a str,
    pub f: &'a [String; 4],
    /// The traditional → simplified pairs for the characters of `f` that
    /// the table maps, so the client can normalise `f` without the table.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub x: String,
}

impl SearchDoc {
    pub fn file(&self) -> DocFile<'_> {
        DocFile {
            u: &self.url,
            t: &self.title,
            k: self.kind,
            d: self.date.map(|d| d.to_string()).unwrap_or_default(),
            b: self
                .badges
                .iter()
                .map(|b| (b.text.as_str(), b.tone))
                .collect(),
            n: &self.unit_names,
            f: &self.fields,
            x: super::normalize::t2s_pairs_in(self.fields.iter().map(String::as_str)),
        }
    }
}

/// Collects the documents in index order: records newest first (date
/// descending, then URL), then units by id.
pub fn collect(published: &Published<'_>) -> Vec<SearchDoc> {
    let as_of = published.as_of;
    let units_by_id = |id: &str| published.units.iter().find(|u| u.id == id).copied();
    let mut docs = Vec::new();

    for c in &published.commitments {
        let meta = meta_text(&c.meta, published, &c.units, &[&c.category]);
        let statuses = commitment_statuses(c, as_of)
            .into_iter()
            .map(status_key("commitments"))
            .collect();
        let mut doc = record_doc(
            &c.meta,
            0,
            published,
            &c.units,
            meta,
            commitment_badges(c, as_of),
            Some(&c.category),
            statuses,
        );
        for progress in &c.progress {
            doc.fields[FIELD_BODY].push('\n');
            doc.fields[FIELD_BODY].push_str(&progress.text);
        }
        docs.push(finished(doc));
    }
    for d in &published.disclosures {
        let mut extra = vec![d.category.as_str()];
        extra.extend(d.doc_no.as_deref());
        extra.extend(d.index_no.as_deref());
        let meta = meta_text(&d.meta, published, &d.units, &extra);
        docs.push(finished(record_doc(
            &d.meta,
            1,
            published,
            &d.units,
            meta,
            disclosure_badges(d),
            Some(&d.category),
            vec![d.validity.en()],
        )));
    }
    for c in &published.criticisms {
        let issuer = unit_or_name(&c.issuer, &units_by_id);
        let mut extra = vec![c.category.as_str(), issuer.as_str()];
        extra.extend(c.doc_no.as_deref());
        let meta = meta_text(&c.meta, published, &c.units, &extra);
        let statuses = criticism_statuses(c, as_of)
            .into_iter()
            .map(status_key("criticisms"))
            .collect();
        let mut doc = record_doc(
            &c.meta,
            2,
            published,
            &c.units,
            meta,
            criticism_badges(c, as_of),
            Some(&c.category),
            statuses,
        );
        if let Some(note) = &c.rectification_note {
            doc.fields[FIELD_BODY].push('\n');
            doc.fields[FIELD_BODY].push_str(note);
        }
        docs.push(finished(doc));
    }
    for e in &published.evaluations {
        let evaluator = unit_or_name(&e.evaluator, &units_by_id);
        let units: Vec<String> = e.results.iter().map(|r| r.unit.clone()).collect();
        let meta = meta_text(
            &e.meta,
            published,
            &units,
            &[e.period.as_str(), evaluator.as_str()],
        );
        let mut doc = record_doc(
            &e.meta,
            3,
            published,
            &units,
            meta,
            Vec::new(),
            None,
            Vec::new(),
        );
        if let Some(method) = &e.method {
            doc.fields[FIELD_BODY] =
                format!("{}\n{}", doc.fields[FIELD_BODY], markdown_text(method));
        }
        for note in e.results.iter().filter_map(|r| r.note.as_ref()) {
            doc.fields[FIELD_BODY].push('\n');
            doc.fields[FIELD_BODY].push_str(note);
        }
        docs.push(finished(doc));
    }
    docs.sort_by(|a, b| (b.date, &a.url).cmp(&(a.date, &b.url)));

    for unit in &published.units {
        docs.push(unit_doc(unit));
    }
    docs
}

/// Adds the status labels (推进中, 已逾期 …) to the meta field, where they
/// are searchable words, and returns the fields' unused capacity. The
/// fields grew by appending, and a large site's documents are all in
/// memory beside the site until the posting lists are made.
fn finished(mut doc: SearchDoc) -> SearchDoc {
    for status in &doc.statuses {
        if let Some((_, label)) = STATUSES.iter().find(|(key, _)| key == status) {
            doc.fields[FIELD_META].push_str(VALUE_SEPARATOR);
            doc.fields[FIELD_META].push_str(label);
        }
    }
    for field in &mut doc.fields {
        field.shrink_to_fit();
    }
    doc
}

fn status_key(kind: &'static str) -> impl Fn(&'static str) -> &'static str {
    move |slug| {
        if kind == "criticisms" && slug == "overdue" {
            "rectify_overdue"
        } else {
            slug
        }
    }
}

fn unit_or_name<'a>(value: &UnitOrName, find: &impl Fn(&str) -> Option<&'a Unit>) -> String {
    match value {
        UnitOrName::Unit(id) => find(id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| id.clone()),
        UnitOrName::Name(name) => name.clone(),
    }
}

/// Joins the values of one field. Normalisation removes the spaces but
/// keeps U+2063 (invisible separator), which no query contains, so a match
/// never spans two values: 局县 does not match 县发改局 followed by 县财政局.
pub const VALUE_SEPARATOR: &str = " \u{2063} ";

/// Builds the units field: every name a citizen may search a unit by.
fn unit_names_text(published: &Published<'_>, ids: &[String]) -> String {
    let mut names = Vec::new();
    for id in ids {
        if let Some(unit) = published.units.iter().find(|u| &u.id == id) {
            names.push(unit.name.clone());
            names.extend(unit.short_name.clone());
            names.extend(unit.aliases.iter().cloned());
        }
    }
    names.join(VALUE_SEPARATOR)
}

/// Builds the meta field: facts about the record, the date written three
/// ways, and the credit codes of its units.
fn meta_text(meta: &Meta, published: &Published<'_>, units: &[String], extra: &[&str]) -> String {
    let mut parts: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    let date = meta.date;
    parts.push(date.to_string());
    parts.push(format!(
        "{}年{}月{}日",
        date.year(),
        date.month(),
        date.day()
    ));
    parts.push(format!(
        "{}年{:02}月{:02}日",
        date.year(),
        date.month(),
        date.day()
    ));
    for id in units {
        if let Some(code) = published
            .units
            .iter()
            .find(|u| &u.id == id)
            .and_then(|u| u.uscc.clone())
        {
            parts.push(code);
        }
    }
    parts.join(VALUE_SEPARATOR)
}

#[allow(clippy::too_many_arguments)]
fn record_doc(
    meta: &Meta,
    kind: usize,
    published: &Published<'_>,
    units: &[String],
    meta_field: String,
    badges: Vec<Badge>,
    category: Option<&String>,
    statuses: Vec<&'static str>,
) -> SearchDoc {
    let unit_names = units
        .iter()
        .filter_map(|id| published.units.iter().find(|u| &u.id == id))
        .map(|u| u.display_name().to_string())
        .collect::<Vec<_>>()
        .join("、");
    SearchDoc {
        url: meta.url_path.clone(),
        title: meta.title.clone(),
        kind,
        date: Some(meta.date),
        badges,
        unit_names,
        fields: [
            meta.title.clone(),
            unit_names_text(published, units),
            meta_field,
            markdown_text(&meta.body),
        ],
        category: category.cloned(),
        statuses,
        units: units.to_vec(),
    }
}

fn unit_doc(unit: &Unit) -> SearchDoc {
    let mut names = vec![unit.name.clone()];
    names.extend(unit.short_name.clone());
    names.extend(unit.aliases.iter().cloned());
    let mut meta = vec![unit.kind.zh().to_string()];
    meta.extend(unit.uscc.clone());
    meta.extend(unit.address.clone());
    meta.extend(unit.phone.clone());
    SearchDoc {
        url: format!("units/{}/", unit.id),
        title: unit.name.clone(),
        kind: 4,
        date: None,
        badges: Vec::new(),
        unit_names: unit.display_name().to_string(),
        fields: [
            unit.name.clone(),
            names.join(VALUE_SEPARATOR),
            meta.join(VALUE_SEPARATOR),
            String::new(),
        ],
        category: None,
        statuses: Vec::new(),
        units: vec![unit.id.clone()],
    }
}

/// Converts Markdown to plain text: the words a reader gets, without markup or
/// raw HTML, blocks separated by line breaks.
pub fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_string()
}
