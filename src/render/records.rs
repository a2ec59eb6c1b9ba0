//! One page per commitment, disclosure and criticism, at the record's
//! `url_path`, showing every public field. Review data and the
//! criticism's repair and revocation notes are never shown: a repaired or
//! revoked criticism is not published at all. Status badges head the
//! page rather than sit among the fields, so they are seen first.

use rayon::prelude::*;
use serde::Serialize;

use super::Dependency;
use super::env::{Env, JOB_BATCH, JobBatches, Link, PageJob};
use super::format;
use super::items::{self, AttachmentView, Badge, Field};
use super::markdown;
use crate::model::{Commitment, Criticism, Disclosure, Meta};

#[derive(Serialize)]
struct RecordView {
    kind: &'static str,
    kind_label: &'static str,
    kind_href: String,
    published_on: String,
    updated_on: Option<String>,
    badges: Vec<Badge>,
    fields: Vec<Field>,
    /// Heading of the body section: 承诺内容, 正文, 通报内容.
    body_heading: &'static str,
    body_html: String,
    timeline: Vec<TimelineEntry>,
    attachments: Vec<AttachmentView>,
}

#[derive(Serialize)]
struct TimelineEntry {
    date: String,
    /// The text's lines; the template joins them with line breaks.
    lines: Vec<String>,
    attachment: Option<AttachmentView>,
}

pub fn jobs(env: &Env, out: &mut JobBatches) {
    let published = env.published;
    in_batches(out, &published.commitments, |c| {
        scoped_job(env, &c.meta, || commitment_job(env, c))
    });
    in_batches(out, &published.disclosures, |d| {
        scoped_job(env, &d.meta, || disclosure_job(env, d))
    });
    in_batches(out, &published.criticisms, |c| {
        scoped_job(env, &c.meta, || criticism_job(env, c))
    });
}

/// Makes the jobs of one kind's record pages a batch at a time. Record
/// pages are independent, and turning their Markdown into HTML is most of
/// the work, so each batch is made in parallel. `collect` keeps the input
/// order.
fn in_batches<R: Sync>(
    out: &mut JobBatches,
    records: &[&R],
    make: impl Fn(&R) -> Option<PageJob> + Sync,
) {
    for batch in records.chunks(JOB_BATCH) {
        out.extend(
            batch
                .par_iter()
                .filter_map(|record| make(record))
                .collect::<Vec<_>>(),
        );
    }
}

/// Makes the job of a record page with `make` when the page is to be
/// rendered. Otherwise returns a kept job, which names the page for the
/// sitemap and the check of unique paths, or nothing when no output path
/// can appear or go, since then neither is made again.
pub fn scoped_job(env: &Env, meta: &Meta, make: impl FnOnce() -> PageJob) -> Option<PageJob> {
    if env.wants_page(&meta.url_path) {
        Some(make())
    } else if env.paths_kept() {
        None
    } else {
        Some(kept_record_job(env, meta))
    }
}

/// Makes the job of a record page that an incremental rebuild keeps: it
/// names the path, source and sitemap date, and has no context.
fn kept_record_job(env: &Env, meta: &Meta) -> PageJob {
    let mut job = env.kept_job(format!("{}index.html", meta.url_path));
    job.sitemap = sitemap_date(meta);
    job.shows("记录", &meta.source);
    job
}

/// Returns the sitemap entry of a record page: dated by its last change,
/// and absent for a draft, which only `--drafts` previews publish.
fn sitemap_date(meta: &Meta) -> Option<Option<crate::model::Date>> {
    if meta.draft {
        None
    } else {
        Some(Some(meta.updated.unwrap_or(meta.date)))
    }
}

fn commitment_job(env: &Env, commitment: &Commitment) -> PageJob {
    let fields = vec![
        Field::links("承诺单位", env.unit_links(&commitment.units)),
        category_field(env, "commitments", "承诺类别", &commitment.category),
        Field::date("承诺日期", commitment.meta.date),
        Field::text("兑现期限", items::deadline_text(commitment.deadline)),
    ];
    let timeline = commitment
        .progress
        .iter()
        .map(|progress| TimelineEntry {
            date: format::date(progress.date),
            lines: progress
                .text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_string)
                .collect(),
            attachment: progress
                .attachment
                .as_ref()
                .map(|a| items::attachment_view(env, a)),
        })
        .collect();
    let view = RecordView {
        timeline,
        ..record_view(
            env,
            "commitments",
            "公开承诺",
            &commitment.meta,
            fields,
            items::commitment_badges(commitment, env.as_of()),
            "承诺内容",
            &commitment.attachments,
        )
    };
    record_job(
        env,
        "record.html",
        "commitments",
        "公开承诺",
        &commitment.meta,
        &commitment.units,
        &view,
    )
}

fn disclosure_job(env: &Env, disclosure: &Disclosure) -> PageJob {
    let mut fields = vec![Field::links("发布机构", env.unit_links(&disclosure.units))];
    if let Some(index_no) = &disclosure.index_no {
        fields.push(Field::text("索引号", index_no));
    }
    fields.push(category_field(
        env,
        "disclosures",
        "主题分类",
        &disclosure.category,
    ));
    if let Some(doc_no) = &disclosure.doc_no {
        fields.push(Field::text("文号", doc_no));
    }
    if let Some(written) = disclosure.written_date {
        fields.push(Field::date("成文日期", written));
    }
    fields.push(Field::date("发布日期", disclosure.meta.date));
    if let Some(stage) = disclosure.stage {
        fields.push(Field::text("五公开类别", format!("{}公开", stage.zh())));
    }

    let view = record_view(
        env,
        "disclosures",
        "政务公开",
        &disclosure.meta,
        fields,
        items::disclosure_badges(disclosure),
        "正文",
        &disclosure.attachments,
    );
    record_job(
        env,
        "record.html",
        "disclosures",
        "政务公开",
        &disclosure.meta,
        &disclosure.units,
        &view,
    )
}

fn criticism_job(env: &Env, criticism: &Criticism) -> PageJob {
    let mut fields = vec![
        Field::links("被通报单位", env.unit_links(&criticism.units)),
        issuer_field(env, criticism),
        category_field(env, "criticisms", "失信类型", &criticism.category),
    ];
    if let Some(doc_no) = &criticism.doc_no {
        fields.push(Field::text("文号", doc_no));
    }
    fields.push(Field::date("通报日期", criticism.meta.date));
    if let Some(deadline) = criticism.rectify_by {
        fields.push(Field::date("整改期限", deadline));
    }
    if let Some(note) = &criticism.rectification_note {
        fields.push(Field::text("整改情况", note));
    }
    fields.push(Field::date("公示截止日期", criticism.publish_until));

    let view = record_view(
        env,
        "criticisms",
        "通报批评",
        &criticism.meta,
        fields,
        items::criticism_badges(criticism, env.as_of()),
        "通报内容",
        &criticism.attachments,
    );
    let mut job = record_job(
        env,
        "record.html",
        "criticisms",
        "通报批评",
        &criticism.meta,
        &criticism.units,
        &view,
    );
    if let crate::model::UnitOrName::Unit(id) = &criticism.issuer {
        job.depend_on_units([id.as_str()]);
    }
    job
}

fn issuer_field(env: &Env, criticism: &Criticism) -> Field {
    let issuer = env.name_ref(&criticism.issuer);
    match issuer.href {
        Some(href) => Field::link("通报机关", issuer.text, href),
        None => Field::text("通报机关", issuer.text),
    }
}

fn category_field(env: &Env, kind: &str, label: &'static str, category: &str) -> Field {
    let href = env.href(&format!(
        "{kind}/category/{}/",
        env.category_slug(kind, category)
    ));
    Field::link(label, category, href)
}

#[allow(clippy::too_many_arguments)]
fn record_view(
    env: &Env,
    kind: &'static str,
    kind_label: &'static str,
    meta: &Meta,
    fields: Vec<Field>,
    badges: Vec<Badge>,
    body_heading: &'static str,
    attachments: &[crate::model::Attachment],
) -> RecordView {
    RecordView {
        kind,
        kind_label,
        kind_href: env.href(&format!("{kind}/")),
        published_on: format::date(meta.date),
        updated_on: meta.updated.map(format::date),
        badges,
        fields,
        body_heading,
        // The body sits under an h2 section heading, so its own headings start at h3.
        body_html: markdown::to_html(&meta.body, env.base, 3),
        timeline: Vec::new(),
        attachments: items::attachment_views(env, attachments),
    }
}

/// Makes the page job of a record at its URL. The page depends on the
/// record and the units it names, and the sitemap dates it by its last change.
pub fn record_job<T: Serialize>(
    env: &Env,
    template: &'static str,
    kind: &str,
    kind_label: &str,
    meta: &Meta,
    units: &[String],
    view: &T,
) -> PageJob {
    let crumbs = vec![
        env.home_crumb(),
        Link {
            href: env.href(&format!("{kind}/")),
            text: kind_label.to_string(),
        },
    ];
    let mut page = env.page_view(&meta.url_path, meta.title.clone(), crumbs);
    // A draft is only published by `--drafts`, for previews: search
    // engines must not index it and the sitemap must not announce it.
    page.noindex = meta.draft;
    page.data_href = Some(env.href(&super::data::record_json_path(&meta.url_path)));
    let mut job = env.job(&meta.url_path, template, page, "record", view);
    job.depend(Dependency::Record(meta.id.clone()));
    job.depend_on_units(units.iter().map(String::as_str));
    job.sitemap = sitemap_date(meta);
    job.shows("记录", &meta.source);
    job
}
