//! Splits a Markdown record into its TOML front matter and body.
//!
//! The front matter sits between two lines that hold only `+++` (trailing
//! spaces and CR allowed, so files saved on Windows work).

use std::ops::Range;

/// Byte ranges of the parts of a Markdown record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The TOML between the delimiter lines.
    pub front_matter: Range<usize>,
    /// Everything after the closing delimiter line.
    pub body: Range<usize>,
}

/// The reason a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `+++` line; the offset is that of
    /// the first non-blank character.
    NoOpening(usize),
    /// The opening line has no matching closing line.
    NoClosing,
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "+++"
}

/// Finds the front matter of `text`. Blank lines before the opening
/// delimiter are allowed.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let mut offset = 0;
    let mut opening_end = None;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        if opening_end.is_none() {
            if content.trim().is_empty() {
                offset += line.len();
                continue;
            }
            if !is_delimiter(content) {
                let leading = content.len() - content.trim_start().len();
                return Err(SplitError::NoOpening(offset + leading));
            }
            opening_end = Some(offset + line.len());
        } else if is_delimiter(content) {
            let start = opening_end.unwrap_or(0);
            return Ok(Split {
                front_matter: start..offset,
                body: offset + line.len()..text.len(),
            });
        }
        offset += line.len();
    }
    match opening_end {
        Some(_) => Err(SplitError::NoClosing),
        None => Err(SplitError::NoOpening(text.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_crlf_file() {
        let text = "+++\r\ntitle = \"a\"\r\n+++\r\n正文\r\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.front_matter.clone()], "title = \"a\"\r\n");
        assert_eq!(&text[parts.body.clone()], "正文\r\n");
    }

    #[test]
    fn missing_closing_line() {
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::NoClosing));
    }

    #[test]
    fn missing_opening_line() {
        assert_eq!(split("\n# 标题\n"), Err(SplitError::NoOpening(1)));
    }
}
