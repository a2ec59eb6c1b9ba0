//! States derived from the records at the as-of date: overdue flags,
//! grades from bands and ranks with ties.

use super::{
    Commitment, CommitmentStatus, Criticism, Date, Deadline, Evaluation, EvaluationResult,
    GradeBand, Rectification,
};

/// 已逾期: the deadline has passed and the commitment is not fulfilled.
/// A deadline on the as-of date itself is not yet passed.
pub fn commitment_overdue(commitment: &Commitment, as_of: Date) -> bool {
    match commitment.deadline {
        Some(Deadline::Date(deadline)) => {
            deadline < as_of && commitment.status != CommitmentStatus::Fulfilled
        }
        Some(Deadline::Ongoing) | None => false,
    }
}

/// 逾期未整改: the rectification deadline has passed and the criticism is
/// not rectified.
pub fn criticism_overdue(criticism: &Criticism, as_of: Date) -> bool {
    match criticism.rectify_by {
        Some(deadline) => deadline < as_of && criticism.rectification != Rectification::Rectified,
        None => false,
    }
}

/// Returns the band a score falls in: the first band, highest first, whose
/// lowest score the score reaches. `None` when it is below every band.
pub fn grade_for_score(score: f64, bands: &[GradeBand]) -> Option<&str> {
    bands
        .iter()
        .find(|band| score >= band.min_score)
        .map(|band| band.name.as_str())
}

/// One row of an evaluation's ranked table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RankedResult<'a> {
    pub result: &'a EvaluationResult,
    /// Competition rank ("1, 2, 2, 4"): results with equal scores share a
    /// rank and the next rank skips. `None` for results with no score.
    pub rank: Option<usize>,
    /// True when another result has the same rank.
    pub tied: bool,
}

/// Orders results by score, highest first, and assigns competition ranks.
/// Results with only a grade follow, in the order of the grade bands and
/// then of the file, unranked.
pub fn rank_results<'a>(evaluation: &'a Evaluation, bands: &[GradeBand]) -> Vec<RankedResult<'a>> {
    let mut scored: Vec<&EvaluationResult> = evaluation
        .results
        .iter()
        .filter(|r| r.score.is_some())
        .collect();
    // A stable sort keeps file order among equal scores, so output is deterministic.
    scored.sort_by(|a, b| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)));

    let mut ranked = Vec::with_capacity(evaluation.results.len());
    for (index, result) in scored.iter().enumerate() {
        let score = result.score.unwrap_or(0.0);
        let first_equal = scored
            .iter()
            .position(|r| r.score.unwrap_or(0.0) == score)
            .unwrap_or(index);
        let equal_count = scored
            .iter()
            .filter(|r| r.score.unwrap_or(0.0) == score)
            .count();
        ranked.push(RankedResult {
            result,
            rank: Some(first_equal + 1),
            tied: equal_count > 1,
        });
    }

    let band_position = |grade: &Option<String>| {
        grade
            .as_deref()
            .and_then(|g| bands.iter().position(|band| band.name == g))
            .unwrap_or(bands.len())
    };
    let mut unscored: Vec<&EvaluationResult> = evaluation
        .results
        .iter()
        .filter(|r| r.score.is_none())
        .collect();
    unscored.sort_by_key(|r| band_position(&r.grade));
    ranked.extend(unscored.into_iter().map(|result| RankedResult {
        result,
        rank: None,
        tied: false,
    }));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;

    fn bands() -> Vec<GradeBand> {
        vec![
            GradeBand {
                name: "优秀".into(),
                min_score: 90.0,
            },
            GradeBand {
                name: "良好".into(),
                min_score: 80.0,
            },
            GradeBand {
                name: "合格".into(),
                min_score: 60.0,
            },
            GradeBand {
                name: "不合格".into(),
                min_score: f64::NEG_INFINITY,
            },
        ]
    }

    fn result(unit: &str, score: Option<f64>, grade: Option<&str>) -> EvaluationResult {
        EvaluationResult {
            unit: unit.into(),
            score,
            grade: grade.map(Into::into),
            scores: vec![],
            note: None,
        }
    }

    fn evaluation(results: Vec<EvaluationResult>) -> Evaluation {
        let date = Date::constant(2024, 12, 1);
        Evaluation {
            meta: Meta {
                id: "evaluations/e".into(),
                url_path: "evaluations/e/".into(),
                source: "content/evaluations/e.toml".into(),
                title: "t".into(),
                date,
                updated: None,
                draft: false,
                review: None,
                body: String::new().into(),
            },
            period: "2024年度".into(),
            evaluator: crate::model::UnitOrName::Name("x".into()),
            method: None,
            results,
            attachments: vec![],
        }
    }

    #[test]
    fn grade_bands_boundaries() {
        assert_eq!(grade_for_score(90.0, &bands()), Some("优秀"));
        assert_eq!(grade_for_score(89.99, &bands()), Some("良好"));
        assert_eq!(grade_for_score(0.0, &bands()), Some("不合格"));
    }

    #[test]
    fn ties_share_rank_and_skip() {
        let e = evaluation(vec![
            result("a", Some(88.0), None),
            result("b", Some(95.0), None),
            result("c", Some(88.0), None),
            result("d", Some(70.0), None),
            result("e", None, Some("良好")),
        ]);
        let ranked = rank_results(&e, &bands());
        let rows: Vec<(&str, Option<usize>, bool)> = ranked
            .iter()
            .map(|r| (r.result.unit.as_str(), r.rank, r.tied))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("b", Some(1), false),
                ("a", Some(2), true),
                ("c", Some(2), true),
                ("d", Some(4), false),
                ("e", None, false)
            ]
        );
    }
}
