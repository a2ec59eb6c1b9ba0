//! The unit index (`units/`, grouped by kind of body) and one credit
//! archive (信用档案) per unit at `units/<id>/`: identity, summary figures
//! and every published record that names the unit.
//!
//! A merged or abolished unit keeps its archive, linked to its successor,
//! because its obligations pass to the successor (新官要理旧账).

use rayon::prelude::*;
use serde::Serialize;

use super::Dependency;
use super::env::{Env, Link, PageJob};
use super::evaluations::{UnitScoreChart, unit_rank, unit_score_chart};
use super::format;
use super::items::{self, Field, ListItem};
use super::slugs::pinyin_sort_key;
use crate::model::derive::{commitment_overdue, criticism_overdue};
use crate::model::{CommitmentStatus, Rectification, Unit, UnitKind};

/// How many records of each kind an archive lists before linking to the
/// full, paginated list of that unit's records.
const SECTION_LIMIT: usize = 10;

#[derive(Serialize)]
struct UnitsIndexView {
    total: usize,
    groups: Vec<UnitGroup>,
}

#[derive(Serialize)]
struct UnitGroup {
    kind: &'static str,
    units: Vec<UnitRow>,
}

#[derive(Serialize)]
struct UnitRow {
    link: Link,
    full_name: String,
    uscc: String,
    /// 已撤并 note with the date, for dissolved units.
    dissolved: Option<String>,
    records: usize,
}

#[derive(Serialize)]
struct UnitView {
    fields: Vec<Field>,
    dissolved_on: Option<String>,
    successor: Option<Link>,
    predecessors: Vec<Link>,
    subordinates: Vec<Link>,
    figures: Vec<Figure>,
    sections: Vec<Section>,
    evaluations: Vec<EvaluationRow>,
    /// The unit's scores over time, when an evaluation scored it.
    score_chart: Option<UnitScoreChart>,
    /// The unit's Atom feed.
    feed_href: String,
}

#[derive(Serialize)]
struct Figure {
    label: &'static str,
    value: usize,
    href: Option<String>,
}

#[derive(Serialize)]
struct Section {
    heading: &'static str,
    total: usize,
    items: Vec<ListItem>,
    /// The unit's paginated list of this kind, when the section is cut short.
    more_href: Option<String>,
}

#[derive(Serialize)]
struct EvaluationRow {
    evaluation: Link,
    period: String,
    score: String,
    grade: String,
    rank: String,
}

pub fn jobs(env: &Env) -> Vec<PageJob> {
    let mut jobs = vec![index_job(env)];
    jobs.par_extend(
        env.published
            .units
            .par_iter()
            .map(|unit| archive_job(env, unit)),
    );
    jobs
}

fn names(ids: &[String], id: &str) -> bool {
    ids.iter().any(|unit| unit == id)
}

/// Number of published records naming the unit, of every kind.
fn record_count(env: &Env, id: &str) -> usize {
    let published = env.published;
    published
        .commitments
        .iter()
        .filter(|c| names(&c.units, id))
        .count()
        + published
            .disclosures
            .iter()
            .filter(|d| names(&d.units, id))
            .count()
        + published
            .criticisms
            .iter()
            .filter(|c| names(&c.units, id))
            .count()
        + published
            .evaluations
            .iter()
            .filter(|e| e.results.iter().any(|r| r.unit == id))
            .count()
}

fn index_job(env: &Env) -> PageJob {
    if !env.wants_page("units/") {
        return env.kept_job("units/index.html".to_string());
    }
    let mut groups = Vec::new();
    for kind in UnitKind::ALL {
        let mut units: Vec<&Unit> = env
            .published
            .units
            .iter()
            .copied()
            .filter(|unit| unit.kind == *kind)
            .collect();
        if units.is_empty() {
            continue;
        }
        units.sort_by_key(|unit| pinyin_sort_key(&unit.name));
        let rows = units
            .iter()
            .map(|unit| UnitRow {
                link: env.unit_link(&unit.id),
                full_name: unit.name.clone(),
                uscc: uscc_text(unit),
                dissolved: unit
                    .dissolved_on
                    .map(|date| format!("已于 {} 撤并", format::date(date))),
                records: record_count(env, &unit.id),
            })
            .collect();
        groups.push(UnitGroup {
            kind: kind.zh(),
            units: rows,
        });
    }

    let view = UnitsIndexView {
        total: env.published.units.len(),
        groups,
    };
    let page = env.page_view("units/", "信用档案", vec![env.home_crumb()]);
    let mut job = env.job("units/", "units.html", page, "units", &view);
    job.depend_on_units(env.published.units.iter().map(|unit| unit.id.as_str()));
    for kind in ["commitments", "disclosures", "criticisms", "evaluations"] {
        job.depend(Dependency::Kind(kind));
    }
    job
}

fn uscc_text(unit: &Unit) -> String {
    match &unit.uscc {
        Some(code) => code.clone(),
        None => "待赋码".to_string(),
    }
}

fn archive_job(env: &Env, unit: &Unit) -> PageJob {
    let id = unit.id.as_str();
    let published = env.published;
    let as_of = env.as_of();
    if !env.wants_page(&format!("units/{id}/")) {
        let mut job = env.kept_job(format!("units/{id}/index.html"));
        job.shows("单位", &unit.source);
        return job;
    }

    let mut fields = vec![Field::text("单位全称", &unit.name)];
    if let Some(short) = &unit.short_name {
        fields.push(Field::text("简称", short));
    }
    fields.push(Field::text("统一社会信用代码", uscc_text(unit)));
    fields.push(Field::text("单位类型", unit.kind.zh()));
    if let Some(parent) = &unit.parent {
        let link = env.unit_link(parent);
        fields.push(Field::link("上级单位", link.text, link.href));
    }
    if !unit.aliases.is_empty() {
        fields.push(Field::text("其他名称", unit.aliases.join("、")));
    }
    if let Some(address) = &unit.address {
        fields.push(Field::text("地址", address));
    }
    if let Some(phone) = &unit.phone {
        fields.push(Field::link(
            "办公电话",
            phone,
            format!(
                "tel:{}",
                phone
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            ),
        ));
    }
    if let Some(website) = &unit.website {
        fields.push(Field::link("网站", website, website.clone()));
    }

    let commitments: Vec<_> = published
        .commitments
        .iter()
        .filter(|c| names(&c.units, id))
        .collect();
    let disclosures: Vec<_> = published
        .disclosures
        .iter()
        .filter(|d| names(&d.units, id))
        .collect();
    let criticisms: Vec<_> = published
        .criticisms
        .iter()
        .filter(|c| names(&c.units, id))
        .collect();

    // Counts of whole kinds link to the unit's browse page of that kind.
    let browse =
        |kind: &str, count: usize| (count > 0).then(|| env.href(&format!("{kind}/unit/{id}/")));
    let figures = vec![
        Figure {
            label: "公开承诺",
            value: commitments.len(),
            href: browse("commitments", commitments.len()),
        },
        Figure {
            label: "已兑现",
            value: commitments
                .iter()
                .filter(|c| c.status == CommitmentStatus::Fulfilled)
                .count(),
            href: None,
        },
        Figure {
            label: "已逾期",
            value: commitments
                .iter()
                .filter(|c| commitment_overdue(c, as_of))
                .count(),
            href: None,
        },
        Figure {
            label: "政务公开",
            value: disclosures.len(),
            href: browse("disclosures", disclosures.len()),
        },
        Figure {
            label: "通报批评",
            value: criticisms.len(),
            href: browse("criticisms", criticisms.len()),
        },
        Figure {
            label: "整改中",
            value: criticisms
                .iter()
                .filter(|c| c.rectification == Rectification::Rectifying)
                .count(),
            href: None,
        },
        Figure {
            label: "逾期未整改",
            value: criticisms
                .iter()
                .filter(|c| criticism_overdue(c, as_of))
                .count(),
            href: None,
        },
    ];

    let sections = vec![
        section(
            env,
            id,
            "commitments",
            "公开承诺",
            commitments
                .iter()
                .map(|c| items::commitment_item(env, c))
                .collect(),
        ),
        section(
            env,
            id,
            "disclosures",
            "发布的政务公开信息",
            disclosures
                .iter()
                .map(|d| items::disclosure_item(env, d))
                .collect(),
        ),
        section(
            env,
            id,
            "criticisms",
            "通报批评",
            criticisms
                .iter()
                .map(|c| items::criticism_item(env, c))
                .collect(),
        ),
    ];

    let mut evaluations = Vec::new();
    for evaluation in &published.evaluations {
        // Validation allows one result per unit in an evaluation.
        if let Some(rank) = unit_rank(env, evaluation, id) {
            evaluations.push(EvaluationRow {
                evaluation: Link {
                    href: env.href(&evaluation.meta.url_path),
                    text: evaluation.meta.title.clone(),
                },
                period: evaluation.period.clone(),
                score: rank.score,
                grade: rank.grade,
                rank: rank.rank,
            });
        }
    }

    let predecessors: Vec<&Unit> = published
        .units
        .iter()
        .copied()
        .filter(|u| u.successor.as_deref() == Some(id))
        .collect();
    let subordinates: Vec<&Unit> = published
        .units
        .iter()
        .copied()
        .filter(|u| u.parent.as_deref() == Some(id))
        .collect();
    let view = UnitView {
        fields,
        dissolved_on: unit.dissolved_on.map(format::date),
        successor: unit
            .successor
            .as_deref()
            .map(|successor| env.unit_link(successor)),
        predecessors: predecessors.iter().map(|u| env.unit_link(&u.id)).collect(),
        subordinates: subordinates.iter().map(|u| env.unit_link(&u.id)).collect(),
        figures,
        sections,
        evaluations,
        score_chart: unit_score_chart(env, id, unit.display_name()),
        feed_href: env.href(&super::feeds::unit_feed_path(id)),
    };

    let path = format!("units/{id}/");
    let crumbs = vec![
        env.home_crumb(),
        Link {
            href: env.href("units/"),
            text: "信用档案".to_string(),
        },
    ];
    let mut page = env.page_view(&path, format!("{}信用档案", unit.name), crumbs);
    page.data_href = Some(env.href(&super::data::unit_json_path(id)));
    let mut job = env.job(&path, "unit.html", page, "unit", &view);
    job.depend(Dependency::Unit(id.to_string()));
    job.depend_on_units(
        unit.parent
            .iter()
            .chain(unit.successor.iter())
            .map(String::as_str),
    );
    job.depend_on_units(
        predecessors
            .iter()
            .chain(subordinates.iter())
            .map(|u| u.id.as_str()),
    );
    for kind in ["commitments", "disclosures", "criticisms", "evaluations"] {
        job.depend(Dependency::Kind(kind));
    }
    // Records list the other units they name, so their names are inputs too.
    let named = commitments
        .iter()
        .flat_map(|c| c.units.iter())
        .chain(disclosures.iter().flat_map(|d| d.units.iter()))
        .chain(criticisms.iter().flat_map(|c| c.units.iter()));
    job.depend_on_units(named.map(String::as_str));
    // The sections show some of these records, and the evaluation rows
    // the titles of the evaluations that rank the unit.
    let shown = commitments
        .iter()
        .map(|c| &c.meta.id)
        .chain(disclosures.iter().map(|d| &d.meta.id))
        .chain(criticisms.iter().map(|c| &c.meta.id))
        .chain(
            published
                .evaluations
                .iter()
                .filter(|e| e.results.iter().any(|r| r.unit == id))
                .map(|e| &e.meta.id),
        );
    job.deps
        .extend(shown.map(|id| Dependency::Item(id.clone())));
    job.shows("单位", &unit.source);
    job
}

fn section(
    env: &Env,
    id: &str,
    kind: &str,
    heading: &'static str,
    mut items: Vec<ListItem>,
) -> Section {
    let total = items.len();
    let more_href = (total > SECTION_LIMIT).then(|| env.href(&format!("{kind}/unit/{id}/")));
    items.truncate(SECTION_LIMIT);
    Section {
        heading,
        total,
        items,
        more_href,
    }
}
