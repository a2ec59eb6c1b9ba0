//! One page per evaluation: its facts, the ranked table and a bar chart
//! of the scores. The list of evaluations is made by `lists`.

use serde::Serialize;

use super::chart::{self, Row};
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
        .filter_map(|evaluation| {
            super::records::scoped_job(env, &evaluation.meta, || evaluation_job(env, evaluation))
        })
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

/// Returns the rank, score and grade of `unit` in an evaluation, when
/// the evaluation rates it.
pub fn unit_rank(env: &Env, evaluation: &Evaluation, unit: &str) -> Option<UnitRank> {
    if !evaluation.results.iter().any(|result| result.unit == unit) {
        return None;
    }
    let ranked = rank_results(evaluation, &env.published.site.config.grades);
    let ranked = ranked.iter().find(|ranked| ranked.result.unit == unit)?;
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
    Some(UnitRank {
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
    })
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

    let rows: Vec<Row> = scored
        .iter()
        .map(|(row, score)| Row {
            label: env.unit_link(&row.result.unit).text,
            values: vec![*score],
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
        Some(chart::score_bars("score-chart", &title, &summary, &rows)),
        Some(summary),
    )
}

/// A unit's scores over time, as its archive shows them: the chart and
/// its summary in words.
#[derive(Serialize)]
pub struct UnitScoreChart {
    pub svg: String,
    pub summary: String,
}

/// Draws a unit's score in every published evaluation that scored it,
/// oldest first. Returns `None` when no evaluation gave it a score.
pub fn unit_score_chart(env: &Env, unit: &str, unit_name: &str) -> Option<UnitScoreChart> {
    let mut scored: Vec<(&Evaluation, f64)> = env
        .published
        .evaluations
        .iter()
        .filter_map(|evaluation| {
            let result = evaluation.results.iter().find(|r| r.unit == unit)?;
            Some((*evaluation, result.score?))
        })
        .collect();
    if scored.is_empty() {
        return None;
    }
    // Published evaluations are newest first; the chart reads in time order.
    scored.reverse();

    // The period names a bar unless two evaluations share it; then the
    // titles tell them apart.
    let label = |evaluation: &Evaluation| {
        let shared = scored
            .iter()
            .filter(|(other, _)| other.period == evaluation.period)
            .count()
            > 1;
        if shared {
            evaluation.meta.title.clone()
        } else {
            evaluation.period.clone()
        }
    };
    let rows: Vec<Row> = scored
        .iter()
        .map(|(evaluation, score)| Row {
            label: label(evaluation),
            values: vec![*score],
            value_text: format::score(*score),
        })
        .collect();
    let scores: Vec<String> = scored
        .iter()
        .map(|(evaluation, score)| format!("{} {} 分", label(evaluation), format::score(*score)))
        .collect();
    let summary = format!(
        "{unit_name}历次评价得分条形图（满分 100 分），按发布时间从早到晚：{}。名次和等次见上表。",
        scores.join("；")
    );
    let title = format!("{unit_name}历次评价得分");
    let svg = chart::score_bars("unit-score-chart", &title, &summary, &rows);
    Some(UnitScoreChart { svg, summary })
}
