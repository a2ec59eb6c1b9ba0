//! The CSV tables of the open data and their data dictionary (数据字典).
//! Each column carries its header, the JSON key it comes from and its
//! meaning next to the function that fills it, so the files and the data
//! page cannot drift apart.

mod evaluations;
mod records;
mod units;

pub use evaluations::evaluation_tables;
pub use records::{commitment_tables, criticism_tables, disclosure_tables};
pub use units::unit_tables;

use super::records::{CommitmentData, CriticismData, DisclosureData, EvaluationData};
use super::values::{self, Head, LIST_SEPARATOR, Tail, UnitRef, optional, uscc_cell};

/// One documented field: a CSV column, a key found only in JSON, or both.
#[derive(Debug, Clone)]
pub struct FieldDoc {
    /// CSV header; empty for a key found only in JSON.
    pub header: String,
    /// Path of the JSON key inside one record of the JSON file:
    /// `units[].name` is the `name` of each element of `units`. `None`
    /// for a column made for spreadsheets only.
    pub key: Option<&'static str>,
    pub meaning: String,
}

/// One CSV file with its documentation.
#[derive(Debug, Clone)]
pub struct Table {
    /// File name under data/: `commitments.csv`.
    pub file: String,
    /// The thing one row describes, as the data page words it: 一条公开承诺.
    pub row_meaning: &'static str,
    pub columns: Vec<FieldDoc>,
    /// The CSV file: header row, then one row per item. Empty in a
    /// summary kept between rebuilds.
    pub csv: Vec<u8>,
    /// The size of the CSV file in bytes.
    pub csv_size: usize,
}

struct Column<T> {
    doc: FieldDoc,
    cell: Box<dyn Fn(&T) -> String>,
}

fn column<T>(
    header: impl Into<String>,
    key: Option<&'static str>,
    meaning: impl Into<String>,
    cell: impl Fn(&T) -> String + 'static,
) -> Column<T> {
    Column {
        doc: FieldDoc {
            header: header.into(),
            key,
            meaning: meaning.into(),
        },
        cell: Box::new(cell),
    }
}

/// Documents a key that only the JSON file has.
pub fn json_only(key: &'static str, meaning: &str) -> FieldDoc {
    FieldDoc {
        header: String::new(),
        key: Some(key),
        meaning: meaning.to_string(),
    }
}

fn table<T>(file: &str, row_meaning: &'static str, columns: Vec<Column<T>>, items: &[T]) -> Table {
    let header: Vec<&str> = columns.iter().map(|c| c.doc.header.as_str()).collect();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| columns.iter().map(|c| (c.cell)(item)).collect())
        .collect();
    let csv = super::csv::write(&header, &rows);
    Table {
        file: file.to_string(),
        row_meaning,
        columns: columns.into_iter().map(|c| c.doc).collect(),
        csv_size: csv.len(),
        csv,
    }
}

/// Record data that starts with [`Head`] and ends with [`Tail`].
trait Record {
    fn head(&self) -> &Head;
    fn tail(&self) -> &Tail;
}

macro_rules! record {
    ($($kind:ty),+) => {$(
        impl Record for $kind {
            fn head(&self) -> &Head { &self.head }
            fn tail(&self) -> &Tail { &self.tail }
        }
    )+};
}
record!(
    CommitmentData,
    DisclosureData,
    CriticismData,
    EvaluationData
);

fn id_column<T: Record>() -> Column<T> {
    column(
        "记录编号",
        Some("id"),
        "记录的编号：内容文件在 content/ 中的路径，不含扩展名，如 commitments/2024/first。文件不移动、不改名，编号就不变",
        |r: &T| r.head().id.clone(),
    )
}

fn title_column<T: Record>() -> Column<T> {
    column("标题", Some("title"), "标题", |r: &T| {
        r.head().title.clone()
    })
}

fn date_column<T: Record>(header: &str, meaning: &str) -> Column<T> {
    column(header, Some("date"), meaning, |r: &T| r.head().date.clone())
}

/// 更新日期, the body, attachments and the page URL: the columns every
/// record table ends with.
fn end_columns<T: Record>(body_header: &str) -> Vec<Column<T>> {
    vec![
        column(
            "更新日期",
            Some("updated"),
            "内容最后一次修改的日期；没有修改过的为空",
            |r: &T| optional(&r.head().updated),
        ),
        column(
            body_header,
            Some("body"),
            format!("{body_header}的纯文本，不含格式"),
            |r: &T| r.tail().body.clone(),
        ),
        column(
            "附件",
            Some("attachments[].url"),
            "附件的完整网址，多个附件时每行一个",
            |r: &T| values::attachment_urls(&r.tail().attachments),
        ),
        column(
            "网址",
            Some("url"),
            "记录页面的完整网址",
            |r: &T| r.head().url.clone(),
        ),
    ]
}

/// Makes the name, id and code columns of the units a record names.
fn unit_columns<T: 'static>(label: &str, units: fn(&T) -> &[UnitRef]) -> Vec<Column<T>> {
    vec![
        column(
            label,
            Some("units[].name"),
            format!("{label}的全称，多个单位用“{LIST_SEPARATOR}”分隔"),
            move |r: &T| values::join_units(units(r), |u| u.name.clone()),
        ),
        column(
            format!("{label}编号"),
            Some("units[].id"),
            format!("{label}的单位编号，与 units.csv 的“单位编号”对应，顺序与{label}一致"),
            move |r: &T| values::join_units(units(r), |u| u.id.clone()),
        ),
        column(
            "统一社会信用代码",
            Some("units[].uscc"),
            format!(
                "{label}的统一社会信用代码，顺序与{label}一致；尚未赋码的写“{}”（JSON 中为 null）",
                values::USCC_PENDING
            ),
            move |r: &T| values::join_units(units(r), |u| uscc_cell(&u.uscc)),
        ),
    ]
}

/// Documents the keys of an attachment object other than its URL, which
/// the CSV files show.
fn attachment_keys(prefix: &'static [&'static str; 3]) -> Vec<FieldDoc> {
    vec![
        json_only(prefix[0], "附件的文件名"),
        json_only(prefix[1], "附件的大小，单位为字节"),
        json_only(prefix[2], "附件的类型，如 PDF、Word、图片"),
    ]
}

fn unit_short_name_key() -> FieldDoc {
    json_only("units[].short_name", "单位的简称；没有简称的为 null")
}
