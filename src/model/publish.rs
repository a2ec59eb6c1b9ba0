//! The publication rules (what citizens may see) applied at the as-of date.
//!
//! Everything the render stage reads comes through [`Published`], so a
//! withheld record cannot reach any output file by accident: pages,
//! lists, archives, counts, sitemap and attachments are all made from
//! these lists.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{
    Attachment, Commitment, Criticism, Date, Disclosure, Evaluation, Meta, Page, Review, Site, Unit,
};

/// Options of one build that affect what is published.
#[derive(Debug, Clone, Copy)]
pub struct PublishOptions {
    pub as_of: Date,
    /// Show drafts, for previews only.
    pub drafts: bool,
}

/// The rule that withholds a record. It names only the rule, never the
/// record's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    Draft,
    Future,
    Unreviewed,
    /// A criticism past its 公示截止日期.
    Expired,
    /// A criticism after 信用修复.
    Repaired,
    /// A criticism withdrawn after an objection.
    Revoked,
}

impl Withheld {
    /// True when the record may have been public before, so its old URL
    /// serves a notice rather than a 404.
    pub fn was_public(self) -> bool {
        matches!(
            self,
            Withheld::Expired | Withheld::Repaired | Withheld::Revoked
        )
    }
}

/// The published part of a site at one as-of date. Record lists are
/// ordered newest first (date, then id, both descending), the order of
/// every list page.
#[derive(Debug)]
pub struct Published<'a> {
    pub site: &'a Site,
    pub as_of: Date,
    pub units: Vec<&'a Unit>,
    pub commitments: Vec<&'a Commitment>,
    pub disclosures: Vec<&'a Disclosure>,
    pub criticisms: Vec<&'a Criticism>,
    pub evaluations: Vec<&'a Evaluation>,
    /// Ordered by menu position, then id.
    pub pages: Vec<&'a Page>,
    /// URL paths of criticisms withheld after they were public, sorted.
    pub withdrawn_criticism_urls: Vec<String>,
    /// Attachments of published records, keyed and sorted by output path.
    pub attachments: BTreeMap<String, &'a Attachment>,
}

/// Returns whether a record lacks the approval that `require_review`
/// demands: none given, or one dated after the as-of date.
pub fn review_missing(
    review: &Option<Review>,
    options: PublishOptions,
    require_review: bool,
) -> bool {
    require_review
        && review
            .as_ref()
            .is_none_or(|r| r.approved_on > options.as_of)
}

/// Applies the rules shared by every record kind.
fn common_rule(meta: &Meta, options: PublishOptions, require_review: bool) -> Option<Withheld> {
    if meta.draft && !options.drafts {
        return Some(Withheld::Draft);
    }
    if meta.date > options.as_of {
        return Some(Withheld::Future);
    }
    if review_missing(&meta.review, options, require_review) {
        return Some(Withheld::Unreviewed);
    }
    None
}

/// Returns why a criticism is withheld, or `None` when it is published.
pub fn criticism_rule(
    criticism: &Criticism,
    options: PublishOptions,
    require_review: bool,
) -> Option<Withheld> {
    if let Some(reason) = common_rule(&criticism.meta, options, require_review) {
        return Some(reason);
    }
    if criticism.revoked.is_some() {
        return Some(Withheld::Revoked);
    }
    if criticism
        .repair
        .as_ref()
        .is_some_and(|repair| repair.date <= options.as_of)
    {
        return Some(Withheld::Repaired);
    }
    // publish_until is the last day the criticism is shown.
    if criticism.publish_until < options.as_of {
        return Some(Withheld::Expired);
    }
    None
}

/// Returns why a record is withheld, or `None` when it is published.
pub fn record_rule(meta: &Meta, options: PublishOptions, require_review: bool) -> Option<Withheld> {
    common_rule(meta, options, require_review)
}

/// Returns why a free page is withheld, or `None` when it is published.
pub fn page_rule(page: &Page, options: PublishOptions, require_review: bool) -> Option<Withheld> {
    if page.draft && !options.drafts {
        return Some(Withheld::Draft);
    }
    if page.date.is_some_and(|date| date > options.as_of) {
        return Some(Withheld::Future);
    }
    if review_missing(&page.review, options, require_review) {
        return Some(Withheld::Unreviewed);
    }
    None
}

fn newest_first<T>(records: &mut [&T], meta: impl Fn(&T) -> &Meta) {
    records.sort_by(|a, b| {
        let (a, b) = (meta(a), meta(b));
        (b.date, &b.id).cmp(&(a.date, &a.id))
    });
}

/// Applies the publication rules to a validated site.
pub fn publish(site: &Site, options: PublishOptions) -> Published<'_> {
    let review = site.config.publication.require_review;

    let mut commitments: Vec<&Commitment> = site
        .commitments
        .iter()
        .map(Arc::as_ref)
        .filter(|c| record_rule(&c.meta, options, review).is_none())
        .collect();
    newest_first(&mut commitments, |c| &c.meta);

    let mut disclosures: Vec<&Disclosure> = site
        .disclosures
        .iter()
        .map(Arc::as_ref)
        .filter(|d| record_rule(&d.meta, options, review).is_none())
        .collect();
    newest_first(&mut disclosures, |d| &d.meta);

    let mut criticisms = Vec::new();
    let mut withdrawn_criticism_urls = Vec::new();
    for criticism in site.criticisms.iter().map(Arc::as_ref) {
        match criticism_rule(criticism, options, review) {
            None => criticisms.push(criticism),
            Some(reason) if reason.was_public() => {
                withdrawn_criticism_urls.push(criticism.meta.url_path.clone())
            }
            Some(_) => {}
        }
    }
    newest_first(&mut criticisms, |c| &c.meta);
    withdrawn_criticism_urls.sort();

    let mut evaluations: Vec<&Evaluation> = site
        .evaluations
        .iter()
        .map(Arc::as_ref)
        .filter(|e| record_rule(&e.meta, options, review).is_none())
        .collect();
    newest_first(&mut evaluations, |e| &e.meta);

    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .map(Arc::as_ref)
        .filter(|p| page_rule(p, options, review).is_none())
        .collect();
    pages.sort_by(|a, b| {
        (a.menu.unwrap_or(i64::MAX), &a.id).cmp(&(b.menu.unwrap_or(i64::MAX), &b.id))
    });

    let mut attachments: BTreeMap<String, &Attachment> = BTreeMap::new();
    fn add<'a>(attachments: &mut BTreeMap<String, &'a Attachment>, list: &'a [Attachment]) {
        for attachment in list {
            attachments.insert(attachment.url_path.clone(), attachment);
        }
    }
    for c in &commitments {
        add(&mut attachments, &c.attachments);
        for p in &c.progress {
            add(&mut attachments, p.attachment.as_slice());
        }
    }
    for d in &disclosures {
        add(&mut attachments, &d.attachments);
    }
    for c in &criticisms {
        add(&mut attachments, &c.attachments);
    }
    for e in &evaluations {
        add(&mut attachments, &e.attachments);
    }

    Published {
        site,
        as_of: options.as_of,
        units: site.units.iter().collect(),
        commitments,
        disclosures,
        criticisms,
        evaluations,
        pages,
        withdrawn_criticism_urls,
        attachments,
    }
}
