//! The tables of commitments (with their progress entries), disclosures
//! and criticisms.

use super::{
    Column, FieldDoc, Table, attachment_keys, column, date_column, end_columns, id_column, table,
    title_column, unit_columns, unit_short_name_key,
};
use crate::render::data::records::{CommitmentData, CriticismData, DisclosureData, ProgressData};
use crate::render::data::values::{AttachmentData, optional, yes_no};

pub fn commitment_tables(records: &[CommitmentData]) -> (Vec<Table>, Vec<FieldDoc>) {
    let mut columns = vec![id_column(), title_column()];
    columns.extend(unit_columns("承诺单位", |r: &CommitmentData| &r.units));
    columns.extend([
        column(
            "承诺类别",
            Some("category"),
            "承诺的类别",
            |r: &CommitmentData| r.category.clone(),
        ),
        date_column("承诺日期", "作出承诺的日期"),
        column(
            "兑现期限",
            Some("deadline"),
            "应当兑现的日期；长期执行的写“持续实施”；没有设定的为空",
            |r: &CommitmentData| optional(&r.deadline),
        ),
        column(
            "兑现状态",
            Some("status"),
            "推进中、已兑现、部分兑现或未兑现",
            |r: &CommitmentData| r.status.to_string(),
        ),
        column(
            "是否逾期",
            Some("overdue"),
            "“是”表示已逾期：兑现期限早于数据截至日期，而兑现状态不是“已兑现”。按数据截至日期计算（JSON 中为 true 或 false）",
            |r: &CommitmentData| yes_no(r.overdue),
        ),
        column(
            "最新进展日期",
            None,
            "最近一条进展情况的日期；没有进展情况的为空",
            |r: &CommitmentData| r.progress.last().map(|p| p.date.clone()).unwrap_or_default(),
        ),
        column(
            "最新进展",
            None,
            "最近一条进展情况的内容；全部进展见 commitment-progress.csv",
            |r: &CommitmentData| r.progress.last().map(|p| p.text.clone()).unwrap_or_default(),
        ),
    ]);
    columns.extend(end_columns("承诺内容"));
    let main = table("commitments.csv", "一条公开承诺", columns, records);

    let progress_rows: Vec<(&CommitmentData, &ProgressData)> = records
        .iter()
        .flat_map(|r| r.progress.iter().map(move |p| (r, p)))
        .collect();
    let progress_columns: Vec<Column<(&CommitmentData, &ProgressData)>> = vec![
        column(
            "记录编号",
            Some("id"),
            "所属公开承诺的记录编号，与 commitments.csv 对应",
            |(r, _): &(&CommitmentData, &ProgressData)| r.head.id.clone(),
        ),
        column(
            "承诺标题",
            Some("title"),
            "所属公开承诺的标题",
            |(r, _): &(&CommitmentData, &ProgressData)| r.head.title.clone(),
        ),
        column(
            "进展日期",
            Some("progress[].date"),
            "这条进展的日期",
            |(_, p): &(&CommitmentData, &ProgressData)| p.date.clone(),
        ),
        column(
            "进展情况",
            Some("progress[].text"),
            "这条进展的内容",
            |(_, p): &(&CommitmentData, &ProgressData)| p.text.clone(),
        ),
        column(
            "附件",
            Some("progress[].attachment.url"),
            "这条进展所附文件的完整网址；没有的为空",
            |(_, p): &(&CommitmentData, &ProgressData)| {
                p.attachment
                    .as_ref()
                    .map(|a: &AttachmentData| a.url.clone())
                    .unwrap_or_default()
            },
        ),
    ];
    let progress = table(
        "commitment-progress.csv",
        "一条公开承诺的一条进展情况，同一承诺的进展按日期从早到晚排列",
        progress_columns,
        &progress_rows,
    );

    let mut json_keys = vec![unit_short_name_key()];
    json_keys.extend(attachment_keys(&[
        "attachments[].name",
        "attachments[].size",
        "attachments[].type",
    ]));
    json_keys.extend(attachment_keys(&[
        "progress[].attachment.name",
        "progress[].attachment.size",
        "progress[].attachment.type",
    ]));
    (vec![main, progress], json_keys)
}

pub fn disclosure_tables(records: &[DisclosureData]) -> (Vec<Table>, Vec<FieldDoc>) {
    let mut columns = vec![id_column(), title_column()];
    columns.extend(unit_columns("发布机构", |r: &DisclosureData| &r.units));
    columns.extend([
        column(
            "索引号",
            Some("index_no"),
            "政府信息公开目录中的索引号；没有的为空",
            |r: &DisclosureData| optional(&r.index_no),
        ),
        column(
            "主题分类",
            Some("category"),
            "政府信息的主题分类",
            |r: &DisclosureData| r.category.clone(),
        ),
        column(
            "文号",
            Some("doc_no"),
            "发文字号；没有的为空",
            |r: &DisclosureData| optional(&r.doc_no),
        ),
        column(
            "成文日期",
            Some("written_date"),
            "公文落款的日期；没有的为空",
            |r: &DisclosureData| optional(&r.written_date),
        ),
        date_column("发布日期", "在本平台公开的日期"),
        column(
            "五公开类别",
            Some("stage"),
            "决策、执行、管理、服务或结果（公开）；没有标注的为空",
            |r: &DisclosureData| r.stage.unwrap_or_default().to_string(),
        ),
        column(
            "有效性",
            Some("validity"),
            "有效、失效或废止",
            |r: &DisclosureData| r.validity.to_string(),
        ),
    ]);
    columns.extend(end_columns("正文"));
    let main = table("disclosures.csv", "一条政务公开信息", columns, records);

    let mut json_keys = vec![unit_short_name_key()];
    json_keys.extend(attachment_keys(&[
        "attachments[].name",
        "attachments[].size",
        "attachments[].type",
    ]));
    (vec![main], json_keys)
}

pub fn criticism_tables(records: &[CriticismData]) -> (Vec<Table>, Vec<FieldDoc>) {
    let mut columns = vec![id_column(), title_column()];
    columns.extend(unit_columns("被通报单位", |r: &CriticismData| {
        &r.units
    }));
    columns.extend([
        column(
            "通报机关",
            Some("issuer.name"),
            "作出通报的机关的全称",
            |r: &CriticismData| r.issuer.name.clone(),
        ),
        column(
            "通报机关编号",
            Some("issuer.id"),
            "通报机关是本平台的单位时为其单位编号，否则为空",
            |r: &CriticismData| optional(&r.issuer.id),
        ),
        column(
            "失信类型",
            Some("category"),
            "失信行为的类型",
            |r: &CriticismData| r.category.clone(),
        ),
        column(
            "文号",
            Some("doc_no"),
            "通报的发文字号；没有的为空",
            |r: &CriticismData| optional(&r.doc_no),
        ),
        date_column("通报日期", "作出通报的日期"),
        column(
            "整改期限",
            Some("rectify_by"),
            "要求完成整改的日期；没有的为空",
            |r: &CriticismData| optional(&r.rectify_by),
        ),
        column(
            "整改状态",
            Some("rectification"),
            "整改中或已整改",
            |r: &CriticismData| r.rectification.to_string(),
        ),
        column(
            "整改完成日期",
            Some("rectified_on"),
            "实际完成整改的日期；没有的为空",
            |r: &CriticismData| optional(&r.rectified_on),
        ),
        column(
            "整改情况",
            Some("rectification_note"),
            "整改措施和结果的说明；没有的为空",
            |r: &CriticismData| optional(&r.rectification_note),
        ),
        column(
            "是否逾期未整改",
            Some("overdue"),
            "“是”表示逾期未整改：整改期限早于数据截至日期，而尚未整改。按数据截至日期计算（JSON 中为 true 或 false）",
            |r: &CriticismData| yes_no(r.overdue),
        ),
        column(
            "公示截止日期",
            Some("publish_until"),
            "公示的最后一天，之后不再公示",
            |r: &CriticismData| r.publish_until.clone(),
        ),
    ]);
    columns.extend(end_columns("通报内容"));
    let main = table("criticisms.csv", "一条通报批评", columns, records);

    let mut json_keys = vec![unit_short_name_key()];
    json_keys.extend(attachment_keys(&[
        "attachments[].name",
        "attachments[].size",
        "attachments[].type",
    ]));
    (vec![main], json_keys)
}
