//! Formatting of dates, sizes and scores for display. Templates receive
//! these finished strings, so every theme shows them the same way.

use serde::Serialize;

use crate::model::Date;

/// Formats a date as government sites print it (GB/T 7408 calendar
/// date): `2024-07-29`.
pub fn date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Formats a file size in KB below one megabyte, else in MB with one
/// decimal, counted in units of 1024 bytes as file managers on Windows
/// show them. A non-empty file never shows as 0 KB.
pub fn file_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes < MIB {
        let kib = bytes.div_ceil(KIB).max(if bytes == 0 { 0 } else { 1 });
        format!("{kib} KB")
    } else {
        // Rounded to tenths in integers, so output does not depend on
        // floating-point formatting.
        let tenths = (bytes * 10 + MIB / 2) / MIB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// Formats a score with at most two decimals and no trailing zeros: `95`, `88.5`.
pub fn score(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A run of text, with telephone numbers marked so that templates can
/// link them for tapping on a phone.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TextPart {
    pub text: String,
    /// `tel:` URL when this part is a telephone number.
    pub tel: Option<String>,
}

/// Splits text into plain parts and telephone numbers: runs of digits
/// and hyphens with at least five digits (the 12345 hotline, landlines
/// such as 0718-5822678). Shorter runs, such as years, stay plain text.
pub fn telephone_parts(text: &str) -> Vec<TextPart> {
    let mut parts = Vec::new();
    let mut plain = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        if !chars[index].is_ascii_digit() {
            plain.push(chars[index]);
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len()
            && (chars[index].is_ascii_digit()
                || (chars[index] == '-' && chars.get(index + 1).is_some_and(char::is_ascii_digit)))
        {
            index += 1;
        }
        let run: String = chars[start..index].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let after_letter = start > 0 && chars[start - 1].is_ascii_alphanumeric();
        if digits.len() >= 5 && !after_letter {
            if !plain.is_empty() {
                parts.push(TextPart {
                    text: std::mem::take(&mut plain),
                    tel: None,
                });
            }
            parts.push(TextPart {
                text: run,
                tel: Some(format!("tel:{digits}")),
            });
        } else {
            plain.push_str(&run);
        }
    }
    if !plain.is_empty() {
        parts.push(TextPart {
            text: plain,
            tel: None,
        });
    }
    parts
}

/// Percent-encodes a string for use as one URL query value.
pub fn query_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// Escapes text for XML character data and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_zero_padded() {
        assert_eq!(date(Date::constant(2024, 7, 9)), "2024-07-09");
    }

    #[test]
    fn sizes_in_kb_and_mb() {
        assert_eq!(file_size(0), "0 KB");
        assert_eq!(file_size(1), "1 KB");
        assert_eq!(file_size(356 * 1024), "356 KB");
        assert_eq!(file_size(1024 * 1024), "1.0 MB");
        assert_eq!(file_size(1_258_291), "1.2 MB");
    }

    #[test]
    fn scores_trim_zeros() {
        assert_eq!(score(95.0), "95");
        assert_eq!(score(88.5), "88.5");
        assert_eq!(score(88.25), "88.25");
        assert_eq!(score(0.0), "0");
    }

    #[test]
    fn telephone_numbers_found() {
        let parts = telephone_parts("拨打 12345，或 0718-5822678（2024年起）");
        let tels: Vec<_> = parts.iter().filter_map(|p| p.tel.clone()).collect();
        assert_eq!(tels, vec!["tel:12345", "tel:07185822678"]);
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "拨打 12345，或 0718-5822678（2024年起）");
    }
}
