//! Diagnostics: problems found in the user's files, collected as values so
//! that one run reports every bad file at once.
//!
//! A diagnostic carries its location (file, 1-based line and column in
//! characters), what is wrong and how to fix it, all in Chinese. The message
//! is written once, where the problem is detected.

use std::fmt;
use std::path::{Path, PathBuf};

/// The seriousness of a problem: an error stops the build, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file. `line` and `column` are 1-based; the column counts
/// characters, not bytes, because editors show Chinese text that way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// One problem in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// File and position; `None` only for problems that belong to no file,
    /// such as a missing site folder.
    pub location: Option<Location>,
    /// The problem, in Chinese.
    pub message: String,
    /// The fix, in Chinese. Empty when the message already contains it.
    pub fix: String,
}

impl Diagnostic {
    pub fn error(
        location: Option<Location>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn warning(
        location: Option<Location>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Formats as `文件:行:列: 错误：消息` followed by an indented `修改方法：` line,
    /// the shape editors and their tools recognise as a compiler message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        if let Some(location) = &self.location {
            write!(
                f,
                "{}:{}:{}: ",
                display_path(&location.file),
                location.line,
                location.column
            )?;
        }
        write!(f, "{label}：{}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n    修改方法：{}", self.fix)?;
        }
        Ok(())
    }
}

/// Shows a path with forward slashes on every platform, so messages and
/// test expectations read the same everywhere.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A growing list of diagnostics shared by the stages of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Returns the diagnostics sorted by file, line and column, so output
    /// does not depend on the order in which parallel stages finished.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The text of one source file, able to turn byte offsets into locations.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site folder, as shown in messages.
    pub path: PathBuf,
    /// Shared with the record bodies cut from it (`model::SharedText`).
    pub text: std::sync::Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text: text.into(),
            line_starts,
        }
    }

    /// Converts a byte offset into a location; an offset past the end or
    /// inside a character is clamped to the nearest character boundary.
    pub fn location(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let column = self.text[line_start..offset].chars().count() + 1;
        Location {
            file: self.path.clone(),
            line: line_index + 1,
            column,
        }
    }

    /// Returns the location of the file's start, for problems with the
    /// file as a whole.
    pub fn start(&self) -> Location {
        Location {
            file: self.path.clone(),
            line: 1,
            column: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_characters() {
        let file = SourceFile::new("a.toml".into(), "标题 = 1\n名称 = \"x\"\n".into());
        let offset = "标题 = 1\n名称 = ".len();
        let location = file.location(offset);
        assert_eq!(location.line, 2);
        assert_eq!(location.column, 6);
    }

    #[test]
    fn display_has_fix_line() {
        let d = Diagnostic::error(
            Some(Location {
                file: "content/units/a.toml".into(),
                line: 3,
                column: 1,
            }),
            "缺少必填项 name",
            "添加 name = \"单位全称\"",
        );
        assert_eq!(
            d.to_string(),
            "content/units/a.toml:3:1: 错误：缺少必填项 name\n    修改方法：添加 name = \"单位全称\""
        );
    }
}
