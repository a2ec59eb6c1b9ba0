//! Nesting depth of Markdown containers and raw HTML elements.
//!
//! pulldown-cmark 0.13 and html5ever (inside ammonia 4) take time that
//! grows with the square of the nesting depth: 100,000 nested block quotes
//! on one line ran for more than two minutes, and 20,000 nested
//! `<blockquote>` tags for 17 s, in a debug build. No real record nests
//! deeper than a few levels, so the validate stage rejects text beyond
//! [`MAX_DEPTH`] before anything renders it.

/// The deepest nesting accepted, in block quote and list levels on one
/// line, or in open HTML elements.
pub const MAX_DEPTH: usize = 100;

/// Where text first nests deeper than [`MAX_DEPTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset of the marker or tag that goes past the limit.
    pub offset: usize,
    pub html: bool,
}

/// Finds the first place where Markdown containers on one line, or open
/// HTML elements in the whole text, nest deeper than [`MAX_DEPTH`].
pub fn find_too_deep(text: &str) -> Option<TooDeep> {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(offset) = too_deep_line(line) {
            return Some(TooDeep {
                offset: line_start + offset,
                html: false,
            });
        }
        line_start += line.len();
    }
    too_deep_html(text).map(|offset| TooDeep { offset, html: true })
}

/// Counts the block quote markers (`>`) and list markers (`-`, `*`, `+`,
/// `1.`, `1)`) that open a line, and its leading indentation at two
/// columns a level. This over-counts rather than misses, since the limit
/// is far above real use.
fn too_deep_line(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut depth = 0;
    let mut columns = 0;
    let mut i = 0;
    while i < bytes.len() {
        let marker = i;
        match bytes[i] {
            b' ' if depth == 0 => columns += 1,
            b'\t' if depth == 0 => columns += 4,
            b' ' | b'\t' => {}
            b'>' => depth += 1,
            b'-' | b'*' | b'+' if matches!(bytes.get(i + 1), Some(b' ' | b'\t')) => depth += 1,
            b'0'..=b'9' => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = bytes.get(i + digits);
                let spaced = matches!(bytes.get(i + digits + 1), Some(b' ' | b'\t'));
                if digits > 9 || !matches!(after, Some(b'.' | b')')) || !spaced {
                    return None;
                }
                depth += 1;
                i += digits;
            }
            _ => return None,
        }
        if depth + columns / 2 > MAX_DEPTH {
            return Some(marker);
        }
        i += 1;
    }
    None
}

/// Elements that have no end tag, or whose end tag HTML lets an editor
/// leave out: they never stay open around their next sibling.
const NOT_NESTING: [&str; 22] = [
    "area", "base", "br", "col", "dd", "dt", "embed", "hr", "img", "input", "li", "link", "meta",
    "option", "p", "param", "source", "td", "th", "tr", "track", "wbr",
];

/// Tracks open minus closed HTML elements, without parsing attributes.
fn too_deep_html(text: &str) -> Option<usize> {
    let mut depth: usize = 0;
    let mut rest = text;
    let mut offset = 0;
    while let Some(found) = rest.find('<') {
        let tag_start = offset + found;
        let after = &rest[found + 1..];
        let closing = after.starts_with('/');
        let name_part = if closing { &after[1..] } else { after };
        let name_length = name_part
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = name_part[..name_length].to_ascii_lowercase();
        let advance = found + 1;
        rest = &rest[advance..];
        offset += advance;
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_DEPTH {
                return Some(tag_start);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_passes() {
        let text = "> 引用\n> > 二级\n- 一\n  - 二\n    1. 三\n\n<div><p>段落<br></div>\n";
        assert_eq!(find_too_deep(text), None);
    }

    #[test]
    fn limit_itself_passes() {
        assert_eq!(find_too_deep(&format!("{} x", ">".repeat(MAX_DEPTH))), None);
        assert_eq!(find_too_deep(&"<div>".repeat(MAX_DEPTH)), None);
    }

    #[test]
    fn deep_quotes_found_on_their_line() {
        let text = format!("正文\n{} x\n", "> ".repeat(MAX_DEPTH + 1));
        let found = find_too_deep(&text).unwrap();
        assert!(!found.html);
        assert_eq!(found.offset, "正文\n".len() + 2 * MAX_DEPTH);
    }

    #[test]
    fn deep_lists_found() {
        assert!(find_too_deep(&"- ".repeat(MAX_DEPTH + 1)).is_some());
        assert!(find_too_deep(&"1. ".repeat(MAX_DEPTH + 1)).is_some());
        let indented = format!("{}- x", " ".repeat(2 * MAX_DEPTH + 2));
        assert!(find_too_deep(&indented).is_some());
    }

    #[test]
    fn deep_html_found() {
        let found = find_too_deep(&"<blockquote>".repeat(MAX_DEPTH + 1)).unwrap();
        assert!(found.html);
        assert_eq!(found.offset, "<blockquote>".len() * MAX_DEPTH);
    }

    #[test]
    fn closed_and_void_tags_do_not_add_up() {
        assert_eq!(find_too_deep(&"<b>x</b>".repeat(10 * MAX_DEPTH)), None);
        assert_eq!(find_too_deep(&"<p>x<br>".repeat(10 * MAX_DEPTH)), None);
        assert_eq!(find_too_deep(&"a < b ".repeat(10 * MAX_DEPTH)), None);
    }
}
