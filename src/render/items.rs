//! Pieces shared by lists and record pages: status badges with their
//! dates, list entries, fields and attachments.
//!
//! Derived states (已逾期, 逾期未整改) are computed here at the as-of date,
//! so every page shows the same state for the same record.

use serde::Serialize;

use super::env::{Env, Link};
use super::format;
use crate::model::derive::{commitment_overdue, criticism_overdue};
use crate::model::{
    Attachment, Commitment, CommitmentStatus, Criticism, Date, Deadline, Disclosure, Evaluation,
    Rectification, Validity,
};

/// A status label. `tone` picks the CSS class; the text always carries
/// the meaning, so colour is never the only signal.
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub text: String,
    /// `ok`, `info`, `warn`, `bad`, `alert` (overdue) or `muted`.
    pub tone: &'static str,
}

impl Badge {
    fn new(text: impl Into<String>, tone: &'static str) -> Self {
        Badge {
            text: text.into(),
            tone,
        }
    }
}

/// A status a list can be filtered by: URL segment (the English alias)
/// and label.
#[derive(Debug, Clone, Copy)]
pub struct StatusDef {
    pub slug: &'static str,
    pub label: &'static str,
}

pub const COMMITMENT_STATUSES: &[StatusDef] = &[
    StatusDef {
        slug: "in_progress",
        label: "推进中",
    },
    StatusDef {
        slug: "fulfilled",
        label: "已兑现",
    },
    StatusDef {
        slug: "partial",
        label: "部分兑现",
    },
    StatusDef {
        slug: "broken",
        label: "未兑现",
    },
    StatusDef {
        slug: "overdue",
        label: "已逾期",
    },
];

pub const CRITICISM_STATUSES: &[StatusDef] = &[
    StatusDef {
        slug: "rectifying",
        label: "整改中",
    },
    StatusDef {
        slug: "rectified",
        label: "已整改",
    },
    StatusDef {
        slug: "overdue",
        label: "逾期未整改",
    },
];

pub const DISCLOSURE_STATUSES: &[StatusDef] = &[
    StatusDef {
        slug: "valid",
        label: "有效",
    },
    StatusDef {
        slug: "expired",
        label: "失效",
    },
    StatusDef {
        slug: "repealed",
        label: "废止",
    },
];

pub fn commitment_badges(commitment: &Commitment, as_of: Date) -> Vec<Badge> {
    let tone = match commitment.status {
        CommitmentStatus::InProgress => "info",
        CommitmentStatus::Fulfilled => "ok",
        CommitmentStatus::Partial => "warn",
        CommitmentStatus::Broken => "bad",
    };
    let mut badges = vec![Badge::new(commitment.status.zh(), tone)];
    if commitment_overdue(commitment, as_of)
        && let Some(Deadline::Date(deadline)) = commitment.deadline
    {
        badges.push(Badge::new(
            format!("已逾期（期限 {}）", format::date(deadline)),
            "alert",
        ));
    }
    badges
}

/// Lists the statuses a commitment is filed under: its own and 已逾期.
pub fn commitment_statuses(commitment: &Commitment, as_of: Date) -> Vec<&'static str> {
    let mut statuses = vec![commitment.status.en()];
    if commitment_overdue(commitment, as_of) {
        statuses.push("overdue");
    }
    statuses
}

pub fn criticism_badges(criticism: &Criticism, as_of: Date) -> Vec<Badge> {
    if criticism_overdue(criticism, as_of)
        && let Some(deadline) = criticism.rectify_by
    {
        return vec![Badge::new(
            format!("逾期未整改（期限 {}）", format::date(deadline)),
            "alert",
        )];
    }
    match criticism.rectification {
        Rectification::Rectified => match criticism.rectified_on {
            Some(date) => vec![Badge::new(
                format!("已整改（{}）", format::date(date)),
                "ok",
            )],
            None => vec![Badge::new("已整改", "ok")],
        },
        Rectification::Rectifying => match criticism.rectify_by {
            Some(deadline) => vec![Badge::new(
                format!("整改中（期限 {}）", format::date(deadline)),
                "warn",
            )],
            None => vec![Badge::new("整改中", "warn")],
        },
    }
}

/// Lists the statuses a criticism is filed under: 整改中 or 已整改, and 逾期未整改.
pub fn criticism_statuses(criticism: &Criticism, as_of: Date) -> Vec<&'static str> {
    let mut statuses = vec![criticism.rectification.en()];
    if criticism_overdue(criticism, as_of) {
        statuses.push("overdue");
    }
    statuses
}

pub fn disclosure_badges(disclosure: &Disclosure) -> Vec<Badge> {
    let tone = match disclosure.validity {
        Validity::Valid => "ok",
        Validity::Expired | Validity::Repealed => "muted",
    };
    vec![Badge::new(disclosure.validity.zh(), tone)]
}

/// One entry of a record list.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    pub href: String,
    pub title: String,
    pub date_label: &'static str,
    pub date: String,
    pub units: Vec<Link>,
    pub badges: Vec<Badge>,
    /// Short facts shown under the title: 文号, category, 评价期.
    pub details: Vec<String>,
}

pub fn commitment_item(env: &Env, commitment: &Commitment) -> ListItem {
    let mut details = vec![commitment.category.clone()];
    details.push(format!("兑现期限：{}", deadline_text(commitment.deadline)));
    ListItem {
        href: env.href(&commitment.meta.url_path),
        title: commitment.meta.title.clone(),
        date_label: "承诺日期",
        date: format::date(commitment.meta.date),
        units: env.unit_links(&commitment.units),
        badges: commitment_badges(commitment, env.as_of()),
        details,
    }
}

pub fn disclosure_item(env: &Env, disclosure: &Disclosure) -> ListItem {
    let mut details = vec![disclosure.category.clone()];
    if let Some(doc_no) = &disclosure.doc_no {
        details.push(doc_no.clone());
    }
    ListItem {
        href: env.href(&disclosure.meta.url_path),
        title: disclosure.meta.title.clone(),
        date_label: "发布日期",
        date: format::date(disclosure.meta.date),
        units: env.unit_links(&disclosure.units),
        badges: disclosure_badges(disclosure),
        details,
    }
}

pub fn criticism_item(env: &Env, criticism: &Criticism) -> ListItem {
    let mut details = vec![criticism.category.clone()];
    if let Some(doc_no) = &criticism.doc_no {
        details.push(doc_no.clone());
    }
    ListItem {
        href: env.href(&criticism.meta.url_path),
        title: criticism.meta.title.clone(),
        date_label: "通报日期",
        date: format::date(criticism.meta.date),
        units: env.unit_links(&criticism.units),
        badges: criticism_badges(criticism, env.as_of()),
        details,
    }
}

pub fn evaluation_item(env: &Env, evaluation: &Evaluation) -> ListItem {
    ListItem {
        href: env.href(&evaluation.meta.url_path),
        title: evaluation.meta.title.clone(),
        date_label: "发布日期",
        date: format::date(evaluation.meta.date),
        units: Vec::new(),
        badges: Vec::new(),
        details: vec![
            format!("评价期：{}", evaluation.period),
            format!("参评单位 {} 个", evaluation.results.len()),
        ],
    }
}

pub fn deadline_text(deadline: Option<Deadline>) -> String {
    match deadline {
        Some(Deadline::Date(date)) => format::date(date),
        Some(Deadline::Ongoing) => Deadline::ONGOING_TEXT.to_string(),
        None => "未设定".to_string(),
    }
}

/// One row of a record's facts table. Exactly one of `text`, `links` and
/// `badges` is shown; `datetime` wraps the text in a `<time>` element.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Field {
    pub label: &'static str,
    pub text: Option<String>,
    pub datetime: Option<String>,
    pub links: Vec<Link>,
    /// A link that is shown when `text` names something with a page.
    pub href: Option<String>,
    pub badges: Vec<Badge>,
}

impl Field {
    pub fn text(label: &'static str, text: impl Into<String>) -> Self {
        Field {
            label,
            text: Some(text.into()),
            ..Field::default()
        }
    }

    pub fn date(label: &'static str, date: Date) -> Self {
        let text = format::date(date);
        Field {
            label,
            datetime: Some(text.clone()),
            text: Some(text),
            ..Field::default()
        }
    }

    pub fn link(label: &'static str, text: impl Into<String>, href: String) -> Self {
        Field {
            label,
            text: Some(text.into()),
            href: Some(href),
            ..Field::default()
        }
    }

    pub fn links(label: &'static str, links: Vec<Link>) -> Self {
        Field {
            label,
            links,
            ..Field::default()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    pub href: String,
    pub file_name: String,
    pub size: String,
    pub type_label: String,
}

pub fn attachment_view(env: &Env, attachment: &Attachment) -> AttachmentView {
    AttachmentView {
        href: env.href(&attachment.url_path),
        file_name: attachment.file_name.clone(),
        size: format::file_size(attachment.size),
        type_label: attachment.type_label.clone(),
    }
}

pub fn attachment_views(env: &Env, attachments: &[Attachment]) -> Vec<AttachmentView> {
    attachments
        .iter()
        .map(|attachment| attachment_view(env, attachment))
        .collect()
}
