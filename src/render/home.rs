//! The home page: what the portal is, headline figures linking to the
//! lists they count, the latest records of each kind, the search box and
//! the complaint channels.

use serde::Serialize;

use super::Dependency;
use super::env::{Env, Link, PageJob};
use super::format::{self, TextPart};
use super::items::{self, ListItem};
use crate::model::CommitmentStatus;
use crate::model::Rectification;
use crate::model::derive::commitment_overdue;

/// How many of the latest records of each kind the home page lists.
const LATEST: usize = 5;

#[derive(Serialize)]
struct HomeView {
    figures: Vec<Figure>,
    latest_evaluation: Option<LatestEvaluation>,
    sections: Vec<Section>,
    complaints: Vec<Complaint>,
    /// Free pages in the menu (complaint, objection and repair guides).
    guides: Vec<Link>,
}

#[derive(Serialize)]
struct Figure {
    label: &'static str,
    value: usize,
    unit: &'static str,
    href: String,
    /// The total the figure is part of: 共 12 项承诺.
    note: String,
    /// The section of the statistics page with the figure's chart.
    stats: Link,
}

#[derive(Serialize)]
struct LatestEvaluation {
    title: String,
    period: String,
    href: String,
    date: String,
    stats: Link,
}

#[derive(Serialize)]
struct Section {
    kind: &'static str,
    heading: &'static str,
    href: String,
    total: usize,
    items: Vec<ListItem>,
}

#[derive(Serialize)]
struct Complaint {
    name: String,
    contact: Vec<TextPart>,
}

pub fn jobs(env: &Env) -> Vec<PageJob> {
    let published = env.published;
    let as_of = env.as_of();

    let fulfilled = published
        .commitments
        .iter()
        .filter(|c| c.status == CommitmentStatus::Fulfilled)
        .count();
    let overdue = published
        .commitments
        .iter()
        .filter(|c| commitment_overdue(c, as_of))
        .count();
    let rectifying = published
        .criticisms
        .iter()
        .filter(|c| c.rectification == Rectification::Rectifying)
        .count();
    let commitments_total = format!("共 {} 项公开承诺", published.commitments.len());
    let stats_link = |section: &str, text: &str| Link {
        href: env.href(&format!("{}#{section}", super::stats::PATH)),
        text: text.to_string(),
    };
    let figures = vec![
        Figure {
            label: "已兑现的承诺",
            value: fulfilled,
            unit: "项",
            href: env.href("commitments/status/fulfilled/"),
            note: commitments_total.clone(),
            stats: stats_link("commitments", "兑现情况统计"),
        },
        Figure {
            label: "已逾期的承诺",
            value: overdue,
            unit: "项",
            href: env.href("commitments/status/overdue/"),
            note: commitments_total,
            stats: stats_link("commitments", "兑现情况统计"),
        },
        Figure {
            label: "整改中的通报批评",
            value: rectifying,
            unit: "项",
            href: env.href("criticisms/status/rectifying/"),
            note: format!("共 {} 项在公示期内的通报批评", published.criticisms.len()),
            stats: stats_link("criticisms", "整改情况统计"),
        },
    ];
    let latest_evaluation = published
        .evaluations
        .first()
        .map(|evaluation| LatestEvaluation {
            title: evaluation.meta.title.clone(),
            period: evaluation.period.clone(),
            href: env.href(&evaluation.meta.url_path),
            date: format::date(evaluation.meta.date),
            stats: stats_link("evaluations", "等次分布统计"),
        });

    let sections = vec![
        section(
            env,
            "commitments",
            "最新公开承诺",
            published.commitments.len(),
            published
                .commitments
                .iter()
                .take(LATEST)
                .map(|c| items::commitment_item(env, c))
                .collect(),
        ),
        section(
            env,
            "disclosures",
            "最新政务公开",
            published.disclosures.len(),
            published
                .disclosures
                .iter()
                .take(LATEST)
                .map(|d| items::disclosure_item(env, d))
                .collect(),
        ),
        section(
            env,
            "criticisms",
            "最新通报批评",
            published.criticisms.len(),
            published
                .criticisms
                .iter()
                .take(LATEST)
                .map(|c| items::criticism_item(env, c))
                .collect(),
        ),
        section(
            env,
            "evaluations",
            "最新评价结果",
            published.evaluations.len(),
            published
                .evaluations
                .iter()
                .take(LATEST)
                .map(|e| items::evaluation_item(env, e))
                .collect(),
        ),
    ];

    let complaints = published
        .site
        .config
        .complaints
        .iter()
        .map(|channel| Complaint {
            name: channel.name.clone(),
            contact: format::telephone_parts(&channel.contact),
        })
        .collect();
    let guides = published
        .pages
        .iter()
        .filter(|page| page.menu.is_some())
        .map(|page| Link {
            href: env.href(&page.url_path),
            text: page.title.clone(),
        })
        .collect();

    let view = HomeView {
        figures,
        latest_evaluation,
        sections,
        complaints,
        guides,
    };
    let page = env.page_view("", published.site.config.title.clone(), Vec::new());
    let mut job = env.job("", "home.html", page, "home", &view);
    for kind in ["commitments", "disclosures", "criticisms", "evaluations"] {
        job.depend(Dependency::Kind(kind));
    }
    let shown_units = published
        .commitments
        .iter()
        .take(LATEST)
        .flat_map(|c| c.units.iter())
        .chain(
            published
                .disclosures
                .iter()
                .take(LATEST)
                .flat_map(|d| d.units.iter()),
        )
        .chain(
            published
                .criticisms
                .iter()
                .take(LATEST)
                .flat_map(|c| c.units.iter()),
        );
    job.depend_on_units(shown_units.map(String::as_str));
    let shown_items = published
        .commitments
        .iter()
        .take(LATEST)
        .map(|c| &c.meta.id)
        .chain(
            published
                .disclosures
                .iter()
                .take(LATEST)
                .map(|d| &d.meta.id),
        )
        .chain(published.criticisms.iter().take(LATEST).map(|c| &c.meta.id))
        .chain(
            published
                .evaluations
                .iter()
                .take(LATEST)
                .map(|e| &e.meta.id),
        );
    job.deps
        .extend(shown_items.map(|id| Dependency::Item(id.clone())));
    vec![job]
}

fn section(
    env: &Env,
    kind: &'static str,
    heading: &'static str,
    total: usize,
    items: Vec<ListItem>,
) -> Section {
    Section {
        kind,
        heading,
        href: env.href(&format!("{kind}/")),
        total,
        items,
    }
}
