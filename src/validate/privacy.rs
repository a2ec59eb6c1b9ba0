//! Privacy check: personal information (resident ID numbers, personal
//! mobile numbers, bank card numbers) anywhere in a file is reported
//! where it sits, before anything can be published.
//!
//! The whole decoded file is scanned, not only its values, so a number in
//! a TOML comment or a key is found too: comments are not published, but
//! the content folder is shared and archived.

use super::rules::privacy::{FindingKind, find_personal_info};
use crate::diag::{Diagnostic, Diagnostics, SourceFile};

/// Scans the whole text of a file.
pub fn scan_file(file: &SourceFile, diagnostics: &mut Diagnostics) {
    for finding in find_personal_info(&file.text) {
        report(file, finding.range.start, finding.kind, &finding.matched, diagnostics);
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
