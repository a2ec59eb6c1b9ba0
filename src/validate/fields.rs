//! Typed reading of a TOML table with located, Chinese diagnostics.
//!
//! A [`Fields`] reader hands out the values of a table key by key,
//! reporting a wrong type, a missing required key or an impossible date
//! where it sits. [`Fields::finish`] then reports every key that no reader
//! requested as unknown, with the closest known key as the fix.

use std::ops::Range;

use jiff::civil::Date;

use super::rules::suggest::closest;
use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::load::tree::{Entry, Node, NodeValue};

/// Reads the keys of one table.
pub struct Fields<'a> {
    pub file: &'a SourceFile,
    entries: &'a [Entry],
    /// Byte span of the table itself: its header, or the front matter.
    span: Range<usize>,
    /// Dotted path of the table, `""` for the root, e.g. `repair` or `progress[2]`.
    path: String,
    known: Vec<&'static str>,
    pub diagnostics: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// A reader for `node`, which must be a table; `None` after reporting
    /// a wrong type otherwise.
    pub fn new(
        file: &'a SourceFile,
        node: &'a Node,
        path: String,
        diagnostics: &'a mut Diagnostics,
    ) -> Option<Fields<'a>> {
        match &node.value {
            NodeValue::Table(entries) => Some(Fields {
                file,
                entries,
                span: node.span.clone(),
                path,
                known: Vec::new(),
                diagnostics,
            }),
            other => {
                diagnostics.push(Diagnostic::error(
                    Some(file.location(node.span.start)),
                    format!("{} 应为表，实为{}", display_key(&path), other.type_name()),
                    format!("改写为 [{path}] 表，在其下逐行写 键 = 值"),
                ));
                None
            }
        }
    }

    /// Returns the full key name as shown in messages: `repair.date`, `progress[2].text`.
    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub fn error_at(&mut self, offset: usize, message: impl Into<String>, fix: impl Into<String>) {
        let location = self.file.location(offset);
        self.diagnostics
            .push(Diagnostic::error(Some(location), message, fix));
    }

    pub fn warning_at(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let location = self.file.location(offset);
        self.diagnostics
            .push(Diagnostic::warning(Some(location), message, fix));
    }

    /// Returns the byte offset where the table starts, for problems of the table as a whole.
    pub fn table_offset(&self) -> usize {
        self.span.start
    }

    /// Marks `key` as known and returns its node when present.
    pub fn node(&mut self, key: &'static str) -> Option<&'a Node> {
        self.known.push(key);
        self.entries
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| &entry.node)
    }

    /// Reports a missing required key at the start of the table.
    pub fn missing(&mut self, key: &'static str, example: &str) {
        let message = format!("缺少必填项 {}", self.key_path(key));
        let fix = format!("添加一行：{key} = {example}");
        self.error_at(self.span.start, message, fix);
    }

    fn wrong_type(&mut self, key: &str, node: &Node, expected: &str, example: &str) {
        let message = format!(
            "{} 应为{expected}，实为{}",
            self.key_path(key),
            node.value.type_name()
        );
        let fix = format!("改为 {key} = {example}");
        self.error_at(node.span.start, message, fix);
    }

    /// Reads a text value. Empty or blank text counts as a value, so callers
    /// that need content use [`Fields::required_string`].
    pub fn string(&mut self, key: &'static str) -> Option<(String, &'a Node)> {
        let node = self.node(key)?;
        match &node.value {
            NodeValue::String(text) => Some((text.clone(), node)),
            _ => {
                self.wrong_type(key, node, "文本", "\"…\"");
                None
            }
        }
    }

    /// A text value that must be present and not blank.
    pub fn required_string(&mut self, key: &'static str, example: &str) -> Option<String> {
        if !self.entries.iter().any(|entry| entry.key == key) {
            self.node(key);
            self.missing(key, example);
            return None;
        }
        let (text, node) = self.string(key)?;
        if text.trim().is_empty() {
            let message = format!("{} 不能为空", self.key_path(key));
            self.error_at(
                node.span.start,
                message,
                format!("填写内容，例如 {key} = {example}"),
            );
            return None;
        }
        Some(text.trim().to_string())
    }

    /// Reads an optional text value, trimmed. Blank text counts as absent.
    pub fn optional_string(&mut self, key: &'static str) -> Option<String> {
        let (text, _) = self.string(key)?;
        let text = text.trim();
        if text.is_empty() {
            None
        } else {
            Some(text.to_string())
        }
    }

    pub fn bool(&mut self, key: &'static str) -> Option<bool> {
        let node = self.node(key)?;
        match &node.value {
            NodeValue::Bool(value) => Some(*value),
            NodeValue::String(text) if text == "true" || text == "false" => {
                let message = format!("{} 应为布尔值，不要加引号", self.key_path(key));
                self.error_at(node.span.start, message, format!("改为 {key} = {text}"));
                None
            }
            _ => {
                self.wrong_type(key, node, "布尔值", "true 或 false");
                None
            }
        }
    }

    /// Reads a number, integer or decimal.
    pub fn number(&mut self, key: &'static str) -> Option<(f64, &'a Node)> {
        let node = self.node(key)?;
        match &node.value {
            NodeValue::Integer(value) => Some((*value as f64, node)),
            NodeValue::Float(value) if value.is_finite() => Some((*value, node)),
            _ => {
                self.wrong_type(key, node, "数字", "95.5");
                None
            }
        }
    }

    pub fn integer(&mut self, key: &'static str) -> Option<(i64, &'a Node)> {
        let node = self.node(key)?;
        match &node.value {
            NodeValue::Integer(value) => Some((*value, node)),
            _ => {
                self.wrong_type(key, node, "整数", "1");
                None
            }
        }
    }

    /// Reads a date: a bare TOML date or a `"YYYY-MM-DD"` string.
    pub fn date(&mut self, key: &'static str) -> Option<Date> {
        let node = self.node(key)?;
        let path = self.key_path(key);

        node_date(node, &path, self.file, self.diagnostics)
    }

    pub fn required_date(&mut self, key: &'static str) -> Option<Date> {
        if !self.entries.iter().any(|entry| entry.key == key) {
            self.node(key);
            self.missing(key, "2024-07-29");
            return None;
        }
        self.date(key)
    }

    /// Reads an array of texts. A single text is accepted as a one-element array.
    pub fn string_list(&mut self, key: &'static str) -> Option<Vec<(String, &'a Node)>> {
        let node = self.node(key)?;
        match &node.value {
            NodeValue::String(text) => Some(vec![(text.trim().to_string(), node)]),
            NodeValue::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    match &item.value {
                        NodeValue::String(text) => values.push((text.trim().to_string(), item)),
                        other => {
                            let message = format!(
                                "{}[{}] 应为文本，实为{}",
                                self.key_path(key),
                                index + 1,
                                other.type_name()
                            );
                            self.error_at(
                                item.span.start,
                                message,
                                "数组中的每一项都用英文双引号括起来：[\"a\", \"b\"]",
                            );
                        }
                    }
                }
                Some(values)
            }
            _ => {
                self.wrong_type(key, node, "文本数组", "[\"…\", \"…\"]");
                None
            }
        }
    }

    /// Returns a reader for a sub-table such as `[repair]`.
    pub fn table(&mut self, key: &'static str) -> Option<Fields<'_>> {
        let node = self.node(key)?;
        let path = self.key_path(key);
        Fields::new(self.file, node, path, self.diagnostics)
    }

    /// The nodes of an array of tables such as `[[progress]]`. Each item is
    /// read with [`Fields::new`] by the caller.
    pub fn table_array(&mut self, key: &'static str) -> Option<Vec<&'a Node>> {
        let node = self.node(key)?;
        match &node.value {
            NodeValue::Array(items)
                if items
                    .iter()
                    .all(|item| matches!(item.value, NodeValue::Table(_))) =>
            {
                Some(items.iter().collect())
            }
            _ => {
                let message = format!("{} 应为表数组", self.key_path(key));
                let fix = format!("每一项写成单独的一段，以 [[{key}]] 开头");
                self.error_at(node.span.start, message, fix);
                None
            }
        }
    }

    /// Returns the entries of a table whose keys are free names, such as `[grades]`.
    pub fn free_table(&mut self, key: &'static str) -> Option<&'a [Entry]> {
        let node = self.node(key)?;
        match &node.value {
            NodeValue::Table(entries) => Some(entries),
            _ => {
                self.wrong_type(key, node, "表", &format!("[{key}] 段落"));
                None
            }
        }
    }

    /// True when the table has `key`, without marking it as known.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|entry| entry.key == key)
    }

    /// Reports every key that no reader asked for as unknown.
    pub fn finish(self) {
        let mut known: Vec<&str> = Vec::new();
        for key in &self.known {
            if !known.contains(key) {
                known.push(key);
            }
        }
        for entry in self.entries {
            if known.contains(&entry.key.as_str()) {
                continue;
            }
            let location = self.file.location(entry.key_span.start);
            let table_name = self.path.split('[').next().unwrap_or(&self.path);
            // TOML puts every line after a [table] or [[array]] header into
            // that table, so a record key written below [[progress]] lands
            // there. Editors need to be told to move it up.
            if !self.path.is_empty() && TOP_LEVEL_KEYS.contains(&entry.key.as_str()) {
                let header = if self.path.contains('[') {
                    format!("[[{table_name}]]")
                } else {
                    format!("[{table_name}]")
                };
                self.diagnostics.push(Diagnostic::error(
                    Some(location),
                    format!("{} 写在了 {header} 之下，被当成这一段的字段", entry.key),
                    "把这一行移到第一个 [表] 或 [[表数组]] 标题之前",
                ));
                continue;
            }
            let message = format!("未知的键 {}", self.key_path(&entry.key));
            let fix = match closest(&entry.key, known.iter().copied()) {
                Some(near) => format!("是否想写 {near}？可用的键：{}", known.join("、")),
                None => format!("删除这一行；可用的键：{}", known.join("、")),
            };
            self.diagnostics
                .push(Diagnostic::error(Some(location), message, fix));
        }
    }
}

/// Keys that belong at the top of a record, never inside a sub-table.
const TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "draft",
    "slug",
    "units",
    "category",
    "deadline",
    "status",
    "attachments",
    "doc_no",
    "index_no",
    "written_date",
    "stage",
    "validity",
    "issuer",
    "rectify_by",
    "rectification",
    "rectified_on",
    "rectification_note",
    "publish_until",
    "period",
    "evaluator",
    "method",
    "body",
    "menu",
    "base_url",
    "language",
    "sample_data",
];

/// Reads a date from a bare TOML date or a `"YYYY-MM-DD"` string,
/// reporting anything else at the node.
pub fn node_date(
    node: &Node,
    path: &str,
    file: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> Option<Date> {
    let report = |diagnostics: &mut Diagnostics, message: String, fix: &str| {
        diagnostics.push(Diagnostic::error(
            Some(file.location(node.span.start)),
            message,
            fix,
        ));
    };
    match &node.value {
        NodeValue::Datetime(datetime) => match (datetime.date, datetime.time) {
            (Some(date), None) => {
                match Date::new(date.year as i16, date.month as i8, date.day as i8) {
                    Ok(date) => Some(date),
                    Err(_) => {
                        report(
                            diagnostics,
                            format!("{path} 的日期不存在"),
                            "改成真实存在的日期，例如 2024-02-29",
                        );
                        None
                    }
                }
            }
            _ => {
                report(
                    diagnostics,
                    format!("{path} 应只写日期，不带时间"),
                    "改为 YYYY-MM-DD 形式，例如 2024-07-29",
                );
                None
            }
        },
        NodeValue::String(text) => parse_date_text(text.trim()).or_else(|| {
            report(
                diagnostics,
                format!("{path} 的日期“{text}”无效或不存在"),
                "写成 YYYY-MM-DD 形式的真实日期，例如 2024-07-29（可不加引号）",
            );
            None
        }),
        other => {
            report(
                diagnostics,
                format!("{path} 应为日期，实为{}", other.type_name()),
                "写成 YYYY-MM-DD，例如 2024-07-29",
            );
            None
        }
    }
}

/// Parses `YYYY-MM-DD` strictly: four-digit year, two-digit month and day,
/// a day that exists in that month.
pub fn parse_date_text(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: Range<usize>| -> Option<i32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Date::new(year as i16, month as i8, day as i8).ok()
}

fn display_key(path: &str) -> &str {
    if path.is_empty() { "字段区" } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_text_strict() {
        assert_eq!(
            parse_date_text("2024-02-29"),
            Some(Date::constant(2024, 2, 29))
        );
        assert_eq!(parse_date_text("2023-02-29"), None);
        assert_eq!(parse_date_text("2024-2-9"), None);
        assert_eq!(parse_date_text("２０２４-02-01"), None);
    }
}
