//! Privacy check: personal information (resident ID numbers, personal
//! mobile numbers, bank card numbers) anywhere in a file is reported
//! where it sits, before anything can be published.

use super::rules::privacy::{FindingKind, find_personal_info};
use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::load::tree::{Node, NodeValue};

/// Scans every text value of a TOML tree and the Markdown body.
pub fn scan_document(file: &SourceFile, table: &Node, body: Option<(&str, usize)>, diagnostics: &mut Diagnostics) {
    scan_node(file, table, diagnostics);
    if let Some((body, offset)) = body {
        for finding in find_personal_info(body) {
            report(file, offset + finding.range.start, finding.kind, &finding.matched, diagnostics);
        }
    }
}

fn scan_node(file: &SourceFile, node: &Node, diagnostics: &mut Diagnostics) {
    match &node.value {
        NodeValue::String(text) => {
            let raw = file.text.get(node.span.clone()).unwrap_or("");
            for finding in find_personal_info(text) {
                // The decoded text may differ from the source (escapes,
                // quotes), so the number is looked up in the raw source.
                let offset = raw.find(&finding.matched).map(|i| node.span.start + i).unwrap_or(node.span.start);
                report(file, offset, finding.kind, &finding.matched, diagnostics);
            }
        }
        NodeValue::Array(items) => items.iter().for_each(|item| scan_node(file, item, diagnostics)),
        NodeValue::Table(entries) => entries.iter().for_each(|entry| {
            // Keys are free names in a few tables ([complaints], scores).
            for finding in find_personal_info(&entry.key) {
                report(file, entry.key_span.start, finding.kind, &finding.matched, diagnostics);
            }
            scan_node(file, &entry.node, diagnostics)
        }),
        // Numbers written as TOML integers: an 11-digit integer can be a
        // mobile number typed without quotes.
        NodeValue::Integer(n) => {
            for finding in find_personal_info(&n.to_string()) {
                report(file, node.span.start, finding.kind, &finding.matched, diagnostics);
            }
        }
        _ => {}
    }
}

fn report(file: &SourceFile, offset: usize, kind: FindingKind, matched: &str, diagnostics: &mut Diagnostics) {
    let location = Some(file.location(offset));
    let message = format!("{}：{}", kind.message(), mask(matched));
    let diagnostic = if kind.is_error() {
        Diagnostic::error(location, message, kind.fix())
    } else {
        Diagnostic::warning(location, message, kind.fix())
    };
    diagnostics.push(diagnostic);
}

/// Masks the middle of a number so the message itself does not spread it
/// further (terminal logs, CI output).
fn mask(matched: &str) -> String {
    let chars: Vec<char> = matched.chars().collect();
    if chars.len() <= 7 {
        return matched.to_string();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}
