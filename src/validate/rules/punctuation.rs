//! Hints for TOML syntax errors caused by punctuation typed in a Chinese
//! input method, which produces “ ” ： ， ＝ 【 】 and similar characters
//! where TOML needs ASCII.

/// One suspicious character on the line.
struct Suspect {
    /// 1-based column, counted in characters.
    column: usize,
    found: char,
    replacement: Replacement,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Replacement {
    Char(char),
    /// A full-width colon between a key and its value, where TOML needs `=`.
    Equals,
}

/// Returns a Chinese hint when `line` contains full-width or Chinese
/// punctuation outside ASCII-quoted strings and comments, or `None`.
///
/// The hint names each such character with its ASCII replacement and the
/// 1-based column (in characters) of its first occurrence. Characters
/// inside `"…"`, `'…'`, `"""…"""` and `'''…'''` are string content and
/// are not reported, and neither is anything after an ASCII `#` comment
/// sign. A string opened with an ASCII quote but closed with a Chinese one
/// (`"通知”`) is recognised and its closing quote is reported.
///
/// NOTE: the line is examined on its own, so a line inside a multi-line
/// string from an earlier line is read as TOML syntax.
pub fn full_width_hint(line: &str) -> Option<String> {
    let suspects = find_suspects(line);
    if suspects.is_empty() {
        return None;
    }
    Some(format_hint(&suspects))
}

fn find_suspects(line: &str) -> Vec<Suspect> {
    let chars: Vec<char> = line.chars().collect();
    let is_table_header = matches!(line.trim_start().chars().next(), Some('[' | '［' | '【'));
    let mut suspects = Vec::new();
    let mut seen_equals = false;
    let mut i = 0;

    while i < chars.len() {
        let c = chars[i];
        match c {
            '#' => break,
            '=' | '＝' => seen_equals = true,
            _ => {}
        }

        if c == '"' || c == '\'' {
            match skip_ascii_string(&chars, i) {
                StringEnd::Closed(next) => {
                    i = next;
                    continue;
                }
                StringEnd::ClosedByLookalike(close) => {
                    push_suspect(
                        &mut suspects,
                        close,
                        chars[close],
                        seen_equals,
                        is_table_header,
                    );
                    i = close + 1;
                    continue;
                }
                StringEnd::Open => break,
            }
        }

        if let Some(kind) = lookalike_quote(c) {
            // A Chinese quote opens what the editor meant as a string. Skip
            // its content so that punctuation inside is not reported.
            push_suspect(&mut suspects, i, c, seen_equals, is_table_header);
            let Some(close) = find_close(&chars, i + 1, kind) else {
                break;
            };
            if chars[close] != kind.ascii() {
                push_suspect(
                    &mut suspects,
                    close,
                    chars[close],
                    seen_equals,
                    is_table_header,
                );
            }
            i = close + 1;
            continue;
        }

        push_suspect(&mut suspects, i, c, seen_equals, is_table_header);
        i += 1;
    }
    suspects
}

fn push_suspect(
    suspects: &mut Vec<Suspect>,
    index: usize,
    found: char,
    seen_equals: bool,
    is_table_header: bool,
) {
    let Some(ascii) = ascii_replacement(found) else {
        return;
    };
    // `key： "value"` needs `=`; a colon after `=` is part of a value such
    // as a time, where `:` is right.
    let replacement = if found == '：' && !seen_equals && !is_table_header {
        Replacement::Equals
    } else {
        Replacement::Char(ascii)
    };
    suspects.push(Suspect {
        column: index + 1,
        found,
        replacement,
    });
}

/// Returns the ASCII character an input method replaced, for characters
/// that are never valid outside a TOML string.
fn ascii_replacement(c: char) -> Option<char> {
    match c {
        '“' | '”' => Some('"'),
        '‘' | '’' => Some('\''),
        '、' => Some(','),
        '。' => Some('.'),
        '【' => Some('['),
        '】' => Some(']'),
        '\u{3000}' => Some(' '),
        // Full-width ASCII forms: ＂ ＃ ＇ ， － ． ０–９ ： ＝ ［ ］ ｛ ｝ and the rest.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteKind {
    Basic,
    Literal,
}

impl QuoteKind {
    fn ascii(self) -> char {
        match self {
            QuoteKind::Basic => '"',
            QuoteKind::Literal => '\'',
        }
    }

    fn is_lookalike(self, c: char) -> bool {
        match self {
            QuoteKind::Basic => matches!(c, '“' | '”' | '＂'),
            QuoteKind::Literal => matches!(c, '‘' | '’' | '＇'),
        }
    }
}

fn lookalike_quote(c: char) -> Option<QuoteKind> {
    if QuoteKind::Basic.is_lookalike(c) {
        Some(QuoteKind::Basic)
    } else if QuoteKind::Literal.is_lookalike(c) {
        Some(QuoteKind::Literal)
    } else {
        None
    }
}

enum StringEnd {
    /// Properly closed; the index after the closing quote.
    Closed(usize),
    /// No ASCII closing quote, but a Chinese one at this index.
    ClosedByLookalike(usize),
    /// Not closed on this line.
    Open,
}

/// Skips the ASCII-quoted string that starts at `start`.
fn skip_ascii_string(chars: &[char], start: usize) -> StringEnd {
    let kind = if chars[start] == '"' {
        QuoteKind::Basic
    } else {
        QuoteKind::Literal
    };
    let quote = kind.ascii();

    let is_triple = chars
        .get(start..start + 3)
        .is_some_and(|s| s.iter().all(|&c| c == quote));
    if is_triple {
        // A multi-line string may close on the same line. If it does not,
        // the rest of the line is string content.
        return match find_triple_close(chars, start + 3, kind) {
            Some(next) => StringEnd::Closed(next),
            None => StringEnd::Open,
        };
    }

    let mut i = start + 1;
    let mut first_lookalike = None;
    while i < chars.len() {
        let c = chars[i];
        if kind == QuoteKind::Basic && c == '\\' {
            i += 2;
            continue;
        }
        if c == quote {
            return StringEnd::Closed(i + 1);
        }
        if first_lookalike.is_none() && kind.is_lookalike(c) {
            first_lookalike = Some(i);
        }
        i += 1;
    }
    match first_lookalike {
        Some(close) => StringEnd::ClosedByLookalike(close),
        None => StringEnd::Open,
    }
}

fn find_triple_close(chars: &[char], from: usize, kind: QuoteKind) -> Option<usize> {
    let quote = kind.ascii();
    let mut i = from;
    while i < chars.len() {
        if kind == QuoteKind::Basic && chars[i] == '\\' {
            i += 2;
            continue;
        }
        let closes = chars
            .get(i..i + 3)
            .is_some_and(|s| s.iter().all(|&c| c == quote));
        if closes {
            return Some(i + 3);
        }
        i += 1;
    }
    None
}

/// Finds the quote, ASCII or Chinese, that closes a string opened with a
/// Chinese quote.
fn find_close(chars: &[char], from: usize, kind: QuoteKind) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        let c = chars[i];
        if kind == QuoteKind::Basic && c == '\\' {
            i += 2;
            continue;
        }
        if c == kind.ascii() || kind.is_lookalike(c) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn format_hint(suspects: &[Suspect]) -> String {
    // Group by character, in order of first appearance.
    let mut groups: Vec<(&Suspect, usize)> = Vec::new();
    for suspect in suspects {
        let same = |(first, _): &&mut (&Suspect, usize)| {
            first.found == suspect.found && first.replacement == suspect.replacement
        };
        match groups.iter_mut().find(same) {
            Some((_, count)) => *count += 1,
            None => groups.push((suspect, 1)),
        }
    }

    let parts: Vec<String> = groups
        .iter()
        .map(|&(suspect, count)| {
            let mut part = format!(
                "第 {} 列的{}应改为{}",
                suspect.column,
                describe_found(suspect.found),
                describe_replacement(suspect.replacement)
            );
            if count > 1 {
                part.push_str(&format!("（这一行共 {count} 处）"));
            }
            part
        })
        .collect();

    format!(
        "{}。这些符号多半是在中文输入法下输入的，请切换到英文输入法重新输入；写在英文引号 \"…\" 之内的全角标点是正文内容，不用修改",
        parts.join("；")
    )
}

fn describe_found(c: char) -> String {
    if c == '\u{3000}' {
        "全角空格".to_string()
    } else {
        format!("全角字符 {c} ")
    }
}

fn describe_replacement(replacement: Replacement) -> String {
    match replacement {
        Replacement::Equals => "半角 =（TOML 的键和值之间用等号）".to_string(),
        Replacement::Char(' ') => "半角空格".to_string(),
        Replacement::Char(c) => format!("半角 {c}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(line: &str) -> String {
        full_width_hint(line).unwrap_or_default()
    }

    #[test]
    fn each_character_reported() {
        let cases: &[(&str, &str)] = &[
            ("title = “通知\"", "第 9 列的全角字符 “ 应改为半角 \""),
            ("title = \"通知”", "第 12 列的全角字符 ” 应改为半角 \""),
            ("path = ‘a.pdf'", "第 8 列的全角字符 ‘ 应改为半角 '"),
            ("path = 'a.pdf’", "第 14 列的全角字符 ’ 应改为半角 '"),
            (
                "title： \"通知\"",
                "第 6 列的全角字符 ： 应改为半角 =（TOML 的键和值之间用等号）",
            ),
            (
                "units = [\"a\"， \"b\"]",
                "第 13 列的全角字符 ， 应改为半角 ,",
            ),
            (
                "units = [\"a\"、\"b\"]",
                "第 13 列的全角字符 、 应改为半角 ,",
            ),
            ("title ＝ \"通知\"", "第 7 列的全角字符 ＝ 应改为半角 ="),
            ("units = ［\"a\"]", "第 9 列的全角字符 ［ 应改为半角 ["),
            ("units = [\"a\"］", "第 13 列的全角字符 ］ 应改为半角 ]"),
            (
                "review = ｛ approved_by = \"a\" }",
                "第 10 列的全角字符 ｛ 应改为半角 {",
            ),
            (
                "review = { approved_by = \"a\" ｝",
                "第 30 列的全角字符 ｝ 应改为半角 }",
            ),
            ("＃ 注释", "第 1 列的全角字符 ＃ 应改为半角 #"),
            ("【footer】", "第 1 列的全角字符 【 应改为半角 ["),
            ("score = 90。5", "第 11 列的全角字符 。 应改为半角 ."),
            ("score = ９0", "第 9 列的全角字符 ９ 应改为半角 9"),
            ("title　= \"通知\"", "第 6 列的全角空格应改为半角空格"),
            ("title = ＂通知＂", "第 9 列的全角字符 ＂ 应改为半角 \""),
        ];
        for &(line, expected) in cases {
            let text = hint(line);
            assert!(text.starts_with(expected), "{line}: {text}");
        }
    }

    #[test]
    fn full_width_colon_after_equals() {
        // Inside a value the colon is a time separator, not `=`.
        let text = hint("time = 08：30：00");
        assert!(
            text.starts_with("第 10 列的全角字符 ： 应改为半角 :"),
            "{text}"
        );
        assert!(text.contains("（这一行共 2 处）"), "{text}");
    }

    #[test]
    fn legitimate_content_not_reported() {
        for line in [
            "title = \"关于“放管服”改革的通知：第一批，共３项\"",
            "title = '关于‘放管服’改革，【试行】'",
            "body = \"\"\"第一段：内容，“引号”",
            "body = '''第一段：内容，“引号”'''",
            "note = \"转义的\\\"引号\\\"和“中文引号”\"",
            "title = \"通知\" # 注释：可以有全角标点，“引号”",
            "# 整行注释：【说明】",
            "units = [\"县发改委\", \"县财政局\"]",
            "date = 2024-03-15",
            "[footer]",
            "",
            "   ",
            "标题 = \"中文键名\"",
        ] {
            assert_eq!(full_width_hint(line), None, "{line}");
        }
    }

    #[test]
    fn chinese_quotes_wrap_content() {
        // Content between Chinese quotes is what the editor meant as a
        // string, so its comma is not reported.
        let text = hint("title = “关于，某事”");
        assert!(
            text.starts_with("第 9 列的全角字符 “ 应改为半角 \""),
            "{text}"
        );
        assert!(
            text.contains("第 15 列的全角字符 ” 应改为半角 \""),
            "{text}"
        );
        assert!(!text.contains("全角字符 ， "), "{text}");
    }

    #[test]
    fn mixed_characters() {
        let line = "units ＝ ［“a”，“b”］";
        let text = hint(line);
        let expected = "第 7 列的全角字符 ＝ 应改为半角 =；\
                        第 9 列的全角字符 ［ 应改为半角 [；\
                        第 10 列的全角字符 “ 应改为半角 \"（这一行共 2 处）；\
                        第 12 列的全角字符 ” 应改为半角 \"（这一行共 2 处）；\
                        第 13 列的全角字符 ， 应改为半角 ,；\
                        第 17 列的全角字符 ］ 应改为半角 ]。";
        assert!(text.starts_with(expected), "{text}");
    }

    #[test]
    fn ascii_opened_string_closed_by_chinese_quote() {
        let text = hint("title = \"通知”，");
        assert!(
            text.starts_with("第 12 列的全角字符 ” 应改为半角 \""),
            "{text}"
        );
        assert!(
            text.contains("第 13 列的全角字符 ， 应改为半角 ,"),
            "{text}"
        );
    }

    #[test]
    fn unterminated_chinese_quote() {
        let text = hint("title = “通知");
        assert!(
            text.starts_with("第 9 列的全角字符 “ 应改为半角 \""),
            "{text}"
        );
    }

    #[test]
    fn hint_explains_cause() {
        let text = hint("a ＝ 1");
        assert!(text.contains("中文输入法"), "{text}");
        assert!(text.contains("英文引号"), "{text}");
    }

    #[test]
    fn column_counts_characters() {
        // Multibyte characters before the suspect count as one column each.
        let text = hint("\"标题\"＝1");
        assert!(text.starts_with("第 5 列的全角字符 ＝"), "{text}");
    }

    #[test]
    fn trailing_backslash_in_string() {
        // An escape at the end of the line leaves the string open.
        assert_eq!(full_width_hint("a = \"x\\"), None);
        assert_eq!(full_width_hint("a = \"\"\"x\\"), None);
    }
}
