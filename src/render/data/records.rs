//! The open data of each record kind: one serializable value per
//! published record, with the states derived at the as-of date (已逾期,
//! 逾期未整改, grades and ranks) beside the fields editors write. Review
//! data, repair notes and revocations are not fields here: a record that
//! carries them is either unpublished or must not show them yet.

use serde::Serialize;

use super::values::{self, AttachmentData, BodyRef, Head, Tail, UnitRef};
use crate::model::derive::{commitment_overdue, criticism_overdue, rank_results};
use crate::model::{Commitment, Criticism, Deadline, Disclosure, Evaluation};
use crate::render::env::Env;
use crate::render::format;
use crate::render::markdown;

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentData {
    #[serde(flatten)]
    pub head: Head,
    pub units: Vec<UnitRef>,
    pub category: String,
    /// A date, 持续实施, or `None` when no deadline is set.
    pub deadline: Option<String>,
    pub status: &'static str,
    /// 已逾期 at the as-of date.
    pub overdue: bool,
    pub progress: Vec<ProgressData>,
    #[serde(flatten)]
    pub tail: Tail,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressData {
    pub date: String,
    pub text: String,
    pub attachment: Option<AttachmentData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisclosureData {
    #[serde(flatten)]
    pub head: Head,
    pub units: Vec<UnitRef>,
    pub category: String,
    pub doc_no: Option<String>,
    pub index_no: Option<String>,
    pub written_date: Option<String>,
    pub stage: Option<&'static str>,
    pub validity: &'static str,
    #[serde(flatten)]
    pub tail: Tail,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriticismData {
    #[serde(flatten)]
    pub head: Head,
    pub units: Vec<UnitRef>,
    pub issuer: BodyRef,
    pub category: String,
    pub doc_no: Option<String>,
    pub rectify_by: Option<String>,
    pub rectification: &'static str,
    pub rectified_on: Option<String>,
    pub rectification_note: Option<String>,
    /// 逾期未整改 at the as-of date.
    pub overdue: bool,
    pub publish_until: String,
    #[serde(flatten)]
    pub tail: Tail,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationData {
    #[serde(flatten)]
    pub head: Head,
    pub period: String,
    pub evaluator: BodyRef,
    /// The evaluation method as plain text.
    pub method: Option<String>,
    /// In rank order, as the evaluation page lists them.
    pub results: Vec<ResultData>,
    #[serde(flatten)]
    pub tail: Tail,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultData {
    pub unit: UnitRef,
    /// Competition rank; `None` for a result given only as a grade.
    pub rank: Option<usize>,
    /// True when another result has the same rank.
    pub tied: bool,
    pub score: Option<f64>,
    /// As given, or from the grade bands.
    pub grade: Option<String>,
    pub scores: Vec<SubScore>,
    pub note: Option<String>,
}

/// An indicator sub-score (分项得分).
#[derive(Debug, Clone, Serialize)]
pub struct SubScore {
    pub name: String,
    pub score: f64,
}

pub fn commitment(env: &Env, commitment: &Commitment) -> CommitmentData {
    let deadline = match commitment.deadline {
        Some(Deadline::Date(date)) => Some(format::date(date)),
        Some(Deadline::Ongoing) => Some(Deadline::ONGOING_TEXT.to_string()),
        None => None,
    };
    let progress = commitment
        .progress
        .iter()
        .map(|entry| ProgressData {
            date: format::date(entry.date),
            text: entry.text.trim().to_string(),
            attachment: entry
                .attachment
                .as_ref()
                .map(|a| values::attachment(env, a)),
        })
        .collect();
    CommitmentData {
        head: values::head(env, &commitment.meta),
        units: values::unit_refs(env, &commitment.units),
        category: commitment.category.clone(),
        deadline,
        status: commitment.status.zh(),
        overdue: commitment_overdue(commitment, env.as_of()),
        progress,
        tail: values::tail(env, &commitment.meta, &commitment.attachments),
    }
}

pub fn disclosure(env: &Env, disclosure: &Disclosure) -> DisclosureData {
    DisclosureData {
        head: values::head(env, &disclosure.meta),
        units: values::unit_refs(env, &disclosure.units),
        category: disclosure.category.clone(),
        doc_no: disclosure.doc_no.clone(),
        index_no: disclosure.index_no.clone(),
        written_date: disclosure.written_date.map(format::date),
        stage: disclosure.stage.map(|stage| stage.zh()),
        validity: disclosure.validity.zh(),
        tail: values::tail(env, &disclosure.meta, &disclosure.attachments),
    }
}

pub fn criticism(env: &Env, criticism: &Criticism) -> CriticismData {
    CriticismData {
        head: values::head(env, &criticism.meta),
        units: values::unit_refs(env, &criticism.units),
        issuer: values::body_ref(env, &criticism.issuer),
        category: criticism.category.clone(),
        doc_no: criticism.doc_no.clone(),
        rectify_by: criticism.rectify_by.map(format::date),
        rectification: criticism.rectification.zh(),
        rectified_on: criticism.rectified_on.map(format::date),
        rectification_note: criticism.rectification_note.clone(),
        overdue: criticism_overdue(criticism, env.as_of()),
        publish_until: format::date(criticism.publish_until),
        tail: values::tail(env, &criticism.meta, &criticism.attachments),
    }
}

pub fn evaluation(env: &Env, evaluation: &Evaluation) -> EvaluationData {
    let results = rank_results(evaluation, &env.published.site.config.grades)
        .into_iter()
        .map(|ranked| {
            let result = ranked.result;
            ResultData {
                unit: values::unit_ref(env, &result.unit),
                rank: ranked.rank,
                tied: ranked.tied,
                score: result.score,
                grade: result.grade.clone(),
                scores: result
                    .scores
                    .iter()
                    .map(|(name, score)| SubScore {
                        name: name.clone(),
                        score: *score,
                    })
                    .collect(),
                note: result.note.clone(),
            }
        })
        .collect();
    EvaluationData {
        head: values::head(env, &evaluation.meta),
        period: evaluation.period.clone(),
        evaluator: values::body_ref(env, &evaluation.evaluator),
        method: evaluation.method.as_deref().map(markdown::to_text),
        results,
        tail: values::tail(env, &evaluation.meta, &evaluation.attachments),
    }
}
