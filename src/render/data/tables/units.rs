//! The table of units with the counts of their published records.

use super::{Column, FieldDoc, Table, column, json_only, table};
use crate::render::data::units::{UnitCounts, UnitData};
use crate::render::data::values::{self, LIST_SEPARATOR, optional, uscc_cell};

/// The columns of a unit's record counts: header, JSON key, meaning, value.
type CountColumn = (
    &'static str,
    &'static str,
    &'static str,
    fn(&UnitCounts) -> usize,
);

const COUNT_COLUMNS: &[CountColumn] = &[
    (
        "公开承诺",
        "counts.commitments",
        "本单位作出的已公示公开承诺条数",
        |c| c.commitments,
    ),
    (
        "已兑现承诺",
        "counts.commitments_fulfilled",
        "其中已兑现的条数",
        |c| c.commitments_fulfilled,
    ),
    (
        "已逾期承诺",
        "counts.commitments_overdue",
        "其中已逾期的条数",
        |c| c.commitments_overdue,
    ),
    (
        "政务公开",
        "counts.disclosures",
        "本单位发布的已公示政务公开信息条数",
        |c| c.disclosures,
    ),
    (
        "通报批评",
        "counts.criticisms",
        "本单位被通报、仍在公示的通报批评条数",
        |c| c.criticisms,
    ),
    (
        "整改中通报",
        "counts.criticisms_rectifying",
        "其中尚未整改的条数（含逾期未整改）",
        |c| c.criticisms_rectifying,
    ),
    (
        "逾期未整改通报",
        "counts.criticisms_overdue",
        "其中逾期未整改的条数",
        |c| c.criticisms_overdue,
    ),
    (
        "参加评价",
        "counts.evaluations",
        "本单位有结果的评价次数",
        |c| c.evaluations,
    ),
];

pub fn unit_tables(units: &[UnitData]) -> (Vec<Table>, Vec<FieldDoc>) {
    let mut columns: Vec<Column<UnitData>> = vec![
        column(
            "单位编号",
            Some("id"),
            "单位文件的文件名，其他表用它指明单位",
            |u: &UnitData| u.id.clone(),
        ),
        column(
            "单位全称",
            Some("name"),
            "单位的法定全称",
            |u: &UnitData| u.name.clone(),
        ),
        column(
            "简称",
            Some("short_name"),
            "简称；没有的为空",
            |u: &UnitData| optional(&u.short_name),
        ),
        column(
            "单位类型",
            Some("kind"),
            "党政机关、事业单位、乡镇人民政府、人民团体或其他",
            |u: &UnitData| u.kind.to_string(),
        ),
        column(
            "统一社会信用代码",
            Some("uscc"),
            format!(
                "18 位统一社会信用代码；尚未赋码的写“{}”（JSON 中为 null，uscc_pending 为 true）",
                values::USCC_PENDING
            ),
            |u: &UnitData| uscc_cell(&u.uscc),
        ),
        column(
            "上级单位",
            Some("parent.name"),
            "上级单位的全称；没有的为空",
            |u: &UnitData| {
                u.parent
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default()
            },
        ),
        column(
            "上级单位编号",
            Some("parent.id"),
            "上级单位的单位编号；没有的为空",
            |u: &UnitData| {
                u.parent
                    .as_ref()
                    .and_then(|p| p.id.clone())
                    .unwrap_or_default()
            },
        ),
        column(
            "其他名称",
            Some("aliases"),
            format!("群众常用的旧称、俗称，多个用“{LIST_SEPARATOR}”分隔"),
            |u: &UnitData| u.aliases.join(LIST_SEPARATOR),
        ),
        column(
            "地址",
            Some("address"),
            "办公地址；没有的为空",
            |u: &UnitData| optional(&u.address),
        ),
        column(
            "办公电话",
            Some("phone"),
            "办公电话；没有的为空",
            |u: &UnitData| optional(&u.phone),
        ),
        column(
            "网站",
            Some("website"),
            "单位网站的网址；没有的为空",
            |u: &UnitData| optional(&u.website),
        ),
        column(
            "承继单位",
            Some("successor.name"),
            "单位被合并或撤销后承接其职责的单位的全称；没有的为空",
            |u: &UnitData| {
                u.successor
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
            },
        ),
        column(
            "承继单位编号",
            Some("successor.id"),
            "承继单位的单位编号；没有的为空",
            |u: &UnitData| {
                u.successor
                    .as_ref()
                    .and_then(|s| s.id.clone())
                    .unwrap_or_default()
            },
        ),
        column(
            "撤并日期",
            Some("dissolved_on"),
            "单位被合并或撤销的日期；没有的为空",
            |u: &UnitData| optional(&u.dissolved_on),
        ),
    ];
    columns.extend(COUNT_COLUMNS.iter().map(|&(header, key, meaning, count)| {
        column(header, Some(key), meaning, move |u: &UnitData| {
            count(&u.counts).to_string()
        })
    }));
    columns.push(column(
        "信用档案网址",
        Some("url"),
        "本单位信用档案页面的完整网址",
        |u: &UnitData| u.url.clone(),
    ));
    let main = table("units.csv", "一个单位", columns, units);
    let json_keys = vec![json_only(
        "uscc_pending",
        "true 表示单位尚未取得统一社会信用代码",
    )];
    (vec![main], json_keys)
}
