//! The tables of evaluation results and their indicator sub-scores.

use super::{Column, FieldDoc, Table, attachment_keys, column, json_only, table};
use crate::render::data::records::{EvaluationData, ResultData, SubScore};
use crate::render::data::values::{self, optional, uscc_cell, yes_no};
use crate::render::format;

type ResultRow<'a> = (&'a EvaluationData, &'a ResultData);
type ScoreRow<'a> = (&'a EvaluationData, &'a ResultData, &'a SubScore);

pub fn evaluation_tables(records: &[EvaluationData]) -> (Vec<Table>, Vec<FieldDoc>) {
    let result_rows: Vec<ResultRow> = records
        .iter()
        .flat_map(|e| e.results.iter().map(move |r| (e, r)))
        .collect();
    let result_columns: Vec<Column<ResultRow>> = vec![
        column(
            "记录编号",
            Some("id"),
            "评价结果的记录编号",
            |(e, _): &ResultRow| e.head.id.clone(),
        ),
        column(
            "标题",
            Some("title"),
            "评价结果的标题",
            |(e, _): &ResultRow| e.head.title.clone(),
        ),
        column(
            "评价期",
            Some("period"),
            "评价覆盖的时期，如 2024年度",
            |(e, _): &ResultRow| e.period.clone(),
        ),
        column(
            "评价机构",
            Some("evaluator.name"),
            "组织评价的单位或第三方机构的全称",
            |(e, _): &ResultRow| e.evaluator.name.clone(),
        ),
        column(
            "评价机构编号",
            Some("evaluator.id"),
            "评价机构是本平台的单位时为其单位编号，否则为空",
            |(e, _): &ResultRow| optional(&e.evaluator.id),
        ),
        column(
            "发布日期",
            Some("date"),
            "公布评价结果的日期",
            |(e, _): &ResultRow| e.head.date.clone(),
        ),
        column(
            "单位名称",
            Some("results[].unit.name"),
            "参评单位的全称",
            |(_, r): &ResultRow| r.unit.name.clone(),
        ),
        column(
            "单位编号",
            Some("results[].unit.id"),
            "参评单位的单位编号，与 units.csv 对应",
            |(_, r): &ResultRow| r.unit.id.clone(),
        ),
        column(
            "统一社会信用代码",
            Some("results[].unit.uscc"),
            format!(
                "参评单位的统一社会信用代码；尚未赋码的写“{}”（JSON 中为 null）",
                values::USCC_PENDING
            ),
            |(_, r): &ResultRow| uscc_cell(&r.unit.uscc),
        ),
        column(
            "名次",
            Some("results[].rank"),
            "按得分从高到低的名次，得分相同的名次相同，下一个名次跳过（如 1、2、2、4）；只公布等次、没有得分的为空",
            |(_, r): &ResultRow| r.rank.map(|rank| rank.to_string()).unwrap_or_default(),
        ),
        column(
            "是否并列",
            Some("results[].tied"),
            "“是”表示还有其他单位与本单位名次相同（JSON 中为 true 或 false）",
            |(_, r): &ResultRow| yes_no(r.tied),
        ),
        column(
            "得分",
            Some("results[].score"),
            "总分，0 到 100，保留至多两位小数；只公布等次的为空",
            |(_, r): &ResultRow| r.score.map(format::score).unwrap_or_default(),
        ),
        column(
            "等次",
            Some("results[].grade"),
            "评价等次，如优秀、良好；没有写明等次的按分数线评定",
            |(_, r): &ResultRow| optional(&r.grade),
        ),
        column(
            "备注",
            Some("results[].note"),
            "对这一结果的说明；没有的为空",
            |(_, r): &ResultRow| optional(&r.note),
        ),
        column(
            "网址",
            Some("url"),
            "评价结果页面的完整网址",
            |(e, _): &ResultRow| e.head.url.clone(),
        ),
    ];
    let results = table(
        "evaluations.csv",
        "一个单位在一次评价中的结果，按名次排列",
        result_columns,
        &result_rows,
    );

    let score_rows: Vec<ScoreRow> = result_rows
        .iter()
        .flat_map(|(e, r)| r.scores.iter().map(move |s| (*e, *r, s)))
        .collect();
    let score_columns: Vec<Column<ScoreRow>> = vec![
        column(
            "记录编号",
            Some("id"),
            "评价结果的记录编号",
            |(e, _, _): &ScoreRow| e.head.id.clone(),
        ),
        column(
            "单位名称",
            Some("results[].unit.name"),
            "参评单位的全称",
            |(_, r, _): &ScoreRow| r.unit.name.clone(),
        ),
        column(
            "单位编号",
            Some("results[].unit.id"),
            "参评单位的单位编号",
            |(_, r, _): &ScoreRow| r.unit.id.clone(),
        ),
        column(
            "指标",
            Some("results[].scores[].name"),
            "评价指标的名称",
            |(_, _, s): &ScoreRow| s.name.clone(),
        ),
        column(
            "分项得分",
            Some("results[].scores[].score"),
            "这一指标的得分",
            |(_, _, s): &ScoreRow| format::score(s.score),
        ),
    ];
    let scores = table(
        "evaluation-scores.csv",
        "一个单位在一次评价中一项指标的得分",
        score_columns,
        &score_rows,
    );

    let mut json_keys = vec![
        json_only("updated", "内容最后一次修改的日期；没有修改过的为 null"),
        json_only("method", "评价办法的纯文本；没有的为 null"),
        json_only("body", "说明的纯文本，不含格式"),
        json_only(
            "results[].unit.short_name",
            "参评单位的简称；没有简称的为 null",
        ),
        json_only("attachments[].url", "附件的完整网址"),
    ];
    json_keys.extend(attachment_keys(&[
        "attachments[].name",
        "attachments[].size",
        "attachments[].type",
    ]));
    (vec![results, scores], json_keys)
}
