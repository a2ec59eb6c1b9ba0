//! One page per evaluation: its facts, the ranked table and a bar chart
//! of the scores. The list of evaluations is made by `lists`.

use serde::Serialize;

use super::chart::{self, Bar};
use super::env::{Env, Link, NameRef, PageJob};
use super::format;
use super::items::{self, AttachmentView};
use super::markdown;
use super::records::record_job;
use crate::model::Evaluation;
use crate::model::derive::{RankedResult, rank_results};

#[derive(Serialize)]
struct EvaluationView {
    kind_label: &'static str,
    kind_href: String,
    published_on: String,
    updated_on: Option<String>,
    period: String,
    evaluator: NameRef,
    method_html: Option<String>,
    /// Indicator names, the sub-score columns of the table.
    indicators: Vec<String>,
    rows: Vec<RankRow>,
    /// Shows the 备注 column only when some result has a note.
    has_notes: bool,
    chart_svg: Option<String>,
    /// Summary of the chart in words, for readers who cannot see it.
    chart_summary: Option<String>,
    body_html: String,
    attachments: Vec<AttachmentView>,
}

#[derive(Serialize)]
struct RankRow {
    /// `1`, `2（并列）`, or 未排名 for a result given only as a grade.
    rank: String,
    unit: Link,
    unit_full_name: String,
    score: String,
    grade: String,
    /// One cell per indicator column, empty when the result lacks it.
    sub_scores: Vec<String>,
    note: String,
}

/// A unit's rank in one evaluation, as the unit archive shows it.
pub struct UnitRank {
    pub rank: String,
    pub score: String,
    pub grade: String,
}

pub fn jobs(env: &Env) -> Vec<PageJob> {
    env.published
        .evaluations
        .iter()
        .map(|evaluation| evaluation_job(env, evaluation))
        .collect()
}

/// Formats the rank of a ranked result, marking ties with 并列.
pub fn rank_text(ranked: &RankedResult) -> String {
    match (ranked.rank, ranked.tied) {
        (Some(rank), true) => format!("{rank}（并列）"),
        (Some(rank), false) => rank.to_string(),
        (None, _) => "未排名".to_string(),
    }
}

/// Lists each unit's rank, score and grade in an evaluation.
pub fn unit_ranks<'e>(env: &Env, evaluation: &'e Evaluation) -> Vec<(&'e str, UnitRank)> {
    rank_results(evaluation, &env.published.site.config.grades)
        .iter()
        .map(|ranked| {
            let rank = match ranked.rank {
                Some(_) => format!(
                    "{} / {}",
                    rank_text(ranked),
                    evaluation
                        .results
                        .iter()
                        .filter(|r| r.score.is_some())
                        .count()
                ),
                None => rank_text(ranked),
            };
            let unit_rank = UnitRank {
                rank,
                score: ranked
                    .result
                    .score
                    .map(format::score)
                    .unwrap_or_else(|| "—".to_string()),
                grade: ranked
                    .result
                    .grade
                    .clone()
                    .unwrap_or_else(|| "—".to_string()),
            };
            (ranked.result.unit.as_str(), unit_rank)
        })
        .collect()
}

fn evaluation_job(env: &Env, evaluation: &Evaluation) -> PageJob {
    let ranked = rank_results(evaluation, &env.published.site.config.grades);

    let mut indicators: Vec<String> = Vec::new();
    for result in &evaluation.results {
        for (name, _) in &result.scores {
            if !indicators.contains(name) {
                indicators.push(name.clone());
            }
        }
    }

    let rows: Vec<RankRow> = ranked
        .iter()
        .map(|row| {
            let result = row.result;
            RankRow {
                rank: rank_text(row),
                unit: env.unit_link(&result.unit),
                unit_full_name: env
                    .unit(&result.unit)
                    .map_or_else(|| result.unit.clone(), |unit| unit.name.clone()),
                score: result
                    .score
                    .map(format::score)
                    .unwrap_or_else(|| "—".to_string()),
                grade: result.grade.clone().unwrap_or_else(|| "—".to_string()),
                sub_scores: indicators
                    .iter()
                    .map(|name| {
                        result
                            .scores
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, v)| format::score(*v))
                            .unwrap_or_default()
                    })
                    .collect(),
                note: result.note.clone().unwrap_or_default(),
            }
        })
        .collect();

    let (chart_svg, chart_summary) = score_chart(env, evaluation, &ranked);
    let view = EvaluationView {
        kind_label: "评价结果",
        kind_href: env.href("evaluations/"),
        published_on: format::date(evaluation.meta.date),
        updated_on: evaluation.meta.updated.map(format::date),
        period: evaluation.period.clone(),
        evaluator: env.name_ref(&evaluation.evaluator),
        // The method sits under its own h2, and so does the body.
        method_html: evaluation
            .method
            .as_deref()
            .map(|method| markdown::to_html(method, env.base, 3)),
        indicators,
        has_notes: rows.iter().any(|row| !row.note.is_empty()),
        rows,
        chart_svg,
        chart_summary,
        body_html: markdown::to_html(&evaluation.meta.body, env.base, 3),
        attachments: items::attachment_views(env, &evaluation.attachments),
    };

    let units: Vec<String> = evaluation.results.iter().map(|r| r.unit.clone()).collect();
    let mut job = record_job(
        env,
        "evaluation.html",
        "evaluations",
        "评价结果",
        &evaluation.meta,
        &units,
        &view,
    );
    if let crate::model::UnitOrName::Unit(id) = &evaluation.evaluator {
        job.depend_on_units([id.as_str()]);
    }
    job
}

/// Draws the bar chart of scored results in rank order and sums it up in
/// words. Returns `None` for both when no result has a score.
fn score_chart(
    env: &Env,
    evaluation: &Evaluation,
    ranked: &[RankedResult],
) -> (Option<String>, Option<String>) {
    let scored: Vec<(&RankedResult, f64)> = ranked
        .iter()
        .filter_map(|r| r.result.score.map(|s| (r, s)))
        .collect();
    let (Some((best, best_score)), Some((worst, worst_score))) = (scored.first(), scored.last())
    else {
        return (None, None);
    };

    let bars: Vec<Bar> = scored
        .iter()
        .map(|(row, score)| Bar {
            label: env.unit_link(&row.result.unit).text,
            value: *score,
            value_text: format::score(*score),
        })
        .collect();
    let mean = scored.iter().map(|(_, s)| s).sum::<f64>() / scored.len() as f64;
    let summary = format!(
        "{}得分条形图（满分 100 分）：共 {} 个单位有得分，最高 {} 分（{}），最低 {} 分（{}），平均 {} 分。各单位的具体得分见上表。",
        evaluation.period,
        scored.len(),
        format::score(*best_score),
        env.unit_link(&best.result.unit).text,
        format::score(*worst_score),
        env.unit_link(&worst.result.unit).text,
        format::score(mean),
    );
    let title = format!("{} 各单位得分", evaluation.meta.title);
    (
        Some(chart::bar_chart(
            "score-chart",
            &title,
            &summary,
            &bars,
            100.0,
        )),
        Some(summary),
    )
}
