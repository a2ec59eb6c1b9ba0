//! A TOML document as an owned tree whose every key and value keeps its
//! byte span in the source file, so that validation can point at the
//! exact line and column of a problem.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// A TOML value with its byte span in the file (not in the front matter).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: NodeValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Datetime(toml::value::Datetime),
    Array(Vec<Node>),
    /// Entries in file order.
    Table(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

impl NodeValue {
    /// The Chinese name of the value's type, for "wrong type" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeValue::String(_) => "文本",
            NodeValue::Integer(_) => "整数",
            NodeValue::Float(_) => "小数",
            NodeValue::Bool(_) => "布尔值（true/false）",
            NodeValue::Datetime(_) => "日期",
            NodeValue::Array(_) => "数组",
            NodeValue::Table(_) => "表",
        }
    }
}

/// A TOML syntax error with its byte span in the file.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
}

/// At most this many syntax errors are reported per file; later ones are
/// usually consequences of the first.
const MAX_SYNTAX_ERRORS: usize = 10;

/// Message of the pseudo-error that counts the errors not listed,
/// followed by their number.
pub const HIDDEN_ERRORS_PREFIX: &str = "hidden errors: ";

/// Parses `text`, a TOML document that starts at byte `offset` of its file.
/// On failure returns every syntax error the parser could recover from,
/// so an editor fixes a file in one pass.
pub fn parse(text: &str, offset: usize) -> Result<Node, Vec<SyntaxError>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut all: Vec<SyntaxError> = errors
            .iter()
            .map(|error| {
                let mut span = error.span().unwrap_or(0..0);
                if error.message().contains("unclosed array") {
                    span = opening_bracket(text, span.start).map_or(span, |start| start..start + 1);
                }
                SyntaxError {
                    message: error.message().to_string(),
                    span: shift(span, offset),
                }
            })
            .collect();
        // An unclosed bracket is usually the cause of the errors after it,
        // so it is kept even when the list is cut.
        all.sort_by_key(|error| (!error.message.contains("unclosed"), error.span.start));
        let hidden = all.len().saturating_sub(MAX_SYNTAX_ERRORS);
        all.truncate(MAX_SYNTAX_ERRORS);
        all.sort_by_key(|error| error.span.start);
        if hidden > 0 {
            let end = all.last().map(|e| e.span.end).unwrap_or(offset);
            all.push(SyntaxError {
                message: format!("{HIDDEN_ERRORS_PREFIX}{hidden}"),
                span: end..end,
            });
        }
        return Err(all);
    }
    let span = table.span();
    let entries = convert_table(table.get_ref(), offset);
    Ok(Node {
        span: shift(span, offset),
        value: NodeValue::Table(entries),
    })
}

/// Finds the `[` that an "unclosed array" error at `end` most likely
/// belongs to: the last value line before it with more `[` than `]`. The
/// parser reports the error where it gave up, often many lines later.
fn opening_bracket(text: &str, end: usize) -> Option<usize> {
    let before = text.get(..end.min(text.len()))?;
    let mut line_start = 0;
    let mut found = None;
    for line in before.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let is_header = trimmed.starts_with('[');
        let opens = line.matches('[').count();
        let closes = line.matches(']').count();
        if !is_header && opens > closes {
            found = line.find('[').map(|i| line_start + i);
        }
        line_start += line.len();
    }
    found
}

fn shift(span: Range<usize>, offset: usize) -> Range<usize> {
    span.start + offset..span.end + offset
}

fn convert_table(table: &DeTable<'_>, offset: usize) -> Vec<Entry> {
    table
        .iter()
        .map(|(key, value)| Entry {
            key: key.get_ref().to_string(),
            key_span: shift(key.span(), offset),
            node: convert_value(value.get_ref(), value.span(), offset),
        })
        .collect()
}

fn convert_value(value: &DeValue<'_>, span: Range<usize>, offset: usize) -> Node {
    let value = match value {
        DeValue::String(s) => NodeValue::String(s.to_string()),
        // Integers that overflow i64 cannot be meaningful in a record; they
        // become a float so validation reports a wrong type or range.
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => NodeValue::Integer(n),
            Err(_) => NodeValue::Float(f64::INFINITY),
        },
        DeValue::Float(f) => NodeValue::Float(parse_float(f.as_str())),
        DeValue::Boolean(b) => NodeValue::Bool(*b),
        DeValue::Datetime(d) => NodeValue::Datetime(*d),
        DeValue::Array(items) => NodeValue::Array(
            items
                .iter()
                .map(|item| convert_value(item.get_ref(), item.span(), offset))
                .collect(),
        ),
        DeValue::Table(table) => NodeValue::Table(convert_table(table, offset)),
    };
    Node {
        span: shift(span, offset),
        value,
    }
}

fn parse_float(text: &str) -> f64 {
    let cleaned = text.replace('_', "");
    match cleaned.as_str() {
        "inf" | "+inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        "nan" | "+nan" | "-nan" => f64::NAN,
        other => other.parse().unwrap_or(f64::NAN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_shifted_by_offset() {
        let node = parse("a = \"x\"\n[t]\nb = 1\n", 4).unwrap();
        let NodeValue::Table(entries) = node.value else {
            panic!("not a table")
        };
        assert_eq!(entries[0].key, "a");
        assert_eq!(entries[0].key_span, 4..5);
        assert_eq!(entries[0].node.span, 8..11);
        let NodeValue::Table(inner) = &entries[1].node.value else {
            panic!("not a table")
        };
        assert_eq!(inner[0].node.value, NodeValue::Integer(1));
    }

    #[test]
    fn syntax_error_has_span() {
        let errors = parse("a = 2024-02-30\nb = “x”\n", 10).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("invalid date"));
        assert_eq!(errors[0].span, 14..24);
    }
}
