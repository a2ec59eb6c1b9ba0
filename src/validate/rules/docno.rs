//! Document number (发文字号, 文号) checks.
//!
//! GB/T 9704-2012 (7.2.4): a document number is the issuing body's code
//! (机关代字), the full four-digit year in hexagonal brackets 〔〕 and the
//! serial number in Arabic numerals followed by 号. The serial has no
//! leading zeros (1, not 01) and no 第 before it, e.g. 国发〔2016〕76号.

/// Result of [`check_doc_no`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocNoCheck {
    /// The number already follows GB/T 9704-2012.
    Ok,
    /// The number was recognised but deviates from GB/T 9704-2012.
    Corrected {
        /// The GB/T 9704-2012 form.
        corrected: String,
        /// One Chinese sentence per deviation, in a fixed order.
        reasons: Vec<&'static str>,
    },
    /// The text does not have the shape of a document number, so no
    /// correction can be offered. This is not an error.
    Unrecognised,
}

const REASON_BRACKETS: &str = "年份应使用六角括号〔〕";
const REASON_FULL_WIDTH: &str = "年份和序号应使用半角阿拉伯数字";
const REASON_LEADING_ZERO: &str = "序号不编虚位（01 应写作 1）";
const REASON_DI: &str = "序号前不加“第”字";
const REASON_SPACES: &str = "文号中不应有空格";

/// Checks a document number against GB/T 9704-2012 and returns the
/// corrected form when only the brackets, digits, spaces, 第 or leading
/// zeros are wrong.
///
/// Any mix of (), （）, [], ［］, 【】, 〖〗, 〘〙, ⦗⦘, ﹝﹞, {} and ｛｝ around the
/// year is recognised. A two-digit year, a year in Chinese numerals, a
/// serial of 0 or a missing 号 gives [`DocNoCheck::Unrecognised`].
pub fn check_doc_no(doc_no: &str) -> DocNoCheck {
    let had_spaces = doc_no.chars().any(char::is_whitespace);
    let chars: Vec<char> = doc_no.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(parts) = parse(&chars) else {
        return DocNoCheck::Unrecognised;
    };

    let year: String = parts.year.iter().filter_map(|&c| ascii_digit(c)).collect();
    let serial_digits: String = parts
        .serial
        .iter()
        .filter_map(|&c| ascii_digit(c))
        .collect();
    let serial = serial_digits.trim_start_matches('0');
    if serial.is_empty() {
        return DocNoCheck::Unrecognised;
    }

    let mut reasons = Vec::new();
    if parts.open != '〔' || parts.close != '〕' {
        reasons.push(REASON_BRACKETS);
    }
    let digits = parts.year.iter().chain(parts.serial);
    if digits.clone().any(|c| !c.is_ascii_digit()) {
        reasons.push(REASON_FULL_WIDTH);
    }
    if serial.len() != serial_digits.len() {
        reasons.push(REASON_LEADING_ZERO);
    }
    if parts.has_di {
        reasons.push(REASON_DI);
    }
    if had_spaces {
        reasons.push(REASON_SPACES);
    }
    if reasons.is_empty() {
        return DocNoCheck::Ok;
    }

    let issuer: String = parts.issuer.iter().collect();
    DocNoCheck::Corrected {
        corrected: format!("{issuer}〔{year}〕{serial}号"),
        reasons,
    }
}

/// Normalises a document number, or any search text, to one canonical form:
/// every bracket kind becomes 〔 or 〕, full-width ASCII forms become
/// half-width, and whitespace is removed. When the result is a document
/// number, the GB/T 9704-2012 correction is applied too, so 〔2024〕01号 and
/// 〔2024〕1号 normalise alike.
pub fn normalize_doc_no(s: &str) -> String {
    let mapped: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if is_open_bracket(c) {
                '〔'
            } else if is_close_bracket(c) {
                '〕'
            } else {
                half_width(c)
            }
        })
        .collect();
    match check_doc_no(&mapped) {
        DocNoCheck::Corrected { corrected, .. } => corrected,
        DocNoCheck::Ok | DocNoCheck::Unrecognised => mapped,
    }
}

/// The pieces of a document number, as slices of its whitespace-free chars.
struct DocNoParts<'a> {
    issuer: &'a [char],
    open: char,
    year: &'a [char],
    close: char,
    has_di: bool,
    serial: &'a [char],
}

/// Splits `issuer open year close [第] serial 号`, reading from the end
/// so that brackets inside the issuer code do not interfere.
fn parse(chars: &[char]) -> Option<DocNoParts<'_>> {
    let (&last, rest) = chars.split_last()?;
    if last != '号' {
        return None;
    }

    let serial_start = rest.iter().rposition(|&c| ascii_digit(c).is_none())? + 1;
    let serial = &rest[serial_start..];
    if serial.is_empty() {
        return None;
    }
    let mut rest = &rest[..serial_start];

    let has_di = rest.last() == Some(&'第');
    if has_di {
        rest = &rest[..rest.len() - 1];
    }

    let (&close, rest) = rest.split_last()?;
    if !is_close_bracket(close) {
        return None;
    }
    let year_start = rest.len().checked_sub(4)?;
    let year = &rest[year_start..];
    if !year.iter().all(|&c| ascii_digit(c).is_some()) {
        return None;
    }
    let (&open, issuer) = rest[..year_start].split_last()?;
    if !is_open_bracket(open) || issuer.is_empty() {
        return None;
    }

    Some(DocNoParts {
        issuer,
        open,
        year,
        close,
        has_di,
        serial,
    })
}

fn is_open_bracket(c: char) -> bool {
    matches!(
        c,
        '〔' | '(' | '（' | '[' | '［' | '【' | '〖' | '〘' | '⦗' | '﹝' | '{' | '｛'
    )
}

fn is_close_bracket(c: char) -> bool {
    matches!(
        c,
        '〕' | ')' | '）' | ']' | '］' | '】' | '〗' | '〙' | '⦘' | '﹞' | '}' | '｝'
    )
}

/// Returns the ASCII digit for a half-width or full-width digit.
fn ascii_digit(c: char) -> Option<char> {
    let half = half_width(c);
    half.is_ascii_digit().then_some(half)
}

/// Maps full-width ASCII forms (U+FF01–U+FF5E) to ASCII.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corrected(doc_no: &str) -> Option<(String, Vec<&'static str>)> {
        match check_doc_no(doc_no) {
            DocNoCheck::Corrected { corrected, reasons } => Some((corrected, reasons)),
            _ => None,
        }
    }

    #[test]
    fn standard_numbers_ok() {
        for doc_no in [
            "宣信用办〔2024〕3号",
            "国发〔2016〕76号",
            "鄂政办发〔2024〕8号",
            "恩施州政发〔2023〕120号",
            "国办函〔2024〕10号",
        ] {
            assert_eq!(check_doc_no(doc_no), DocNoCheck::Ok, "{doc_no}");
        }
    }

    #[test]
    fn wrong_brackets_corrected() {
        for doc_no in [
            "宣信用办[2024]3号",
            "宣信用办［2024］3号",
            "宣信用办(2024)3号",
            "宣信用办（2024）3号",
            "宣信用办【2024】3号",
            "宣信用办〖2024〗3号",
            "宣信用办﹝2024﹞3号",
            "宣信用办⦗2024⦘3号",
            "宣信用办〔2024]3号",
        ] {
            let result = corrected(doc_no);
            let expected = ("宣信用办〔2024〕3号".to_string(), vec![REASON_BRACKETS]);
            assert_eq!(result, Some(expected), "{doc_no}");
        }
    }

    #[test]
    fn leading_zeros_corrected() {
        let result = corrected("宣信用办（2024）03号");
        let expected = (
            "宣信用办〔2024〕3号".to_string(),
            vec![REASON_BRACKETS, REASON_LEADING_ZERO],
        );
        assert_eq!(result, Some(expected));

        let result = corrected("宣信用办〔2024〕001号");
        let expected = ("宣信用办〔2024〕1号".to_string(), vec![REASON_LEADING_ZERO]);
        assert_eq!(result, Some(expected));

        // Zeros inside the serial stay.
        assert_eq!(check_doc_no("国发〔2016〕100号"), DocNoCheck::Ok);
    }

    #[test]
    fn spaces_corrected() {
        let result = corrected("宣信用办〔 2024 〕3号");
        let expected = ("宣信用办〔2024〕3号".to_string(), vec![REASON_SPACES]);
        assert_eq!(result, Some(expected));

        let result = corrected("宣信用办　〔2024〕 3 号");
        let expected = ("宣信用办〔2024〕3号".to_string(), vec![REASON_SPACES]);
        assert_eq!(result, Some(expected));
    }

    #[test]
    fn full_width_digits_corrected() {
        let result = corrected("宣信用办〔２０２４〕３号");
        let expected = ("宣信用办〔2024〕3号".to_string(), vec![REASON_FULL_WIDTH]);
        assert_eq!(result, Some(expected));
    }

    #[test]
    fn di_corrected() {
        let result = corrected("宣政发〔2024〕第3号");
        let expected = ("宣政发〔2024〕3号".to_string(), vec![REASON_DI]);
        assert_eq!(result, Some(expected));
    }

    #[test]
    fn every_reason_at_once() {
        let result = corrected("宣政发 [２０２４] 第 ０3号");
        let expected = (
            "宣政发〔2024〕3号".to_string(),
            vec![
                REASON_BRACKETS,
                REASON_FULL_WIDTH,
                REASON_LEADING_ZERO,
                REASON_DI,
                REASON_SPACES,
            ],
        );
        assert_eq!(result, Some(expected));
    }

    #[test]
    fn unrecognised_text() {
        for doc_no in [
            "",
            "号",
            "〔2024〕3号",
            "宣信用办〔2024〕3",
            "宣信用办〔2024〕号",
            "宣信用办〔24〕3号",
            "宣信用办〔二〇二四〕3号",
            "宣信用办2024年3号",
            "宣信用办〔2024〕0号",
            "宣信用办〔2024〕00号",
            "宣信用办〔20244〕3号",
            "无文号",
            "宣信用办〔2024〕3号文",
            "〔〕号",
        ] {
            assert_eq!(check_doc_no(doc_no), DocNoCheck::Unrecognised, "{doc_no}");
        }
    }

    #[test]
    fn issuer_may_contain_brackets() {
        // Only the last bracket pair is the year.
        assert_eq!(check_doc_no("某（筹）办〔2024〕3号"), DocNoCheck::Ok);
    }

    #[test]
    fn normalize_maps_brackets_and_digits() {
        assert_eq!(normalize_doc_no("宣信用办[2024]3号"), "宣信用办〔2024〕3号");
        assert_eq!(
            normalize_doc_no("宣信用办（２０２４）03号"),
            "宣信用办〔2024〕3号"
        );
        assert_eq!(
            normalize_doc_no("宣信用办 【2024】 3 号"),
            "宣信用办〔2024〕3号"
        );
        assert_eq!(
            normalize_doc_no("宣信用办〔2024〕3号"),
            "宣信用办〔2024〕3号"
        );
    }

    #[test]
    fn normalize_partial_search_text() {
        assert_eq!(normalize_doc_no("[2024]"), "〔2024〕");
        assert_eq!(normalize_doc_no("（２０２４） 03"), "〔2024〕03");
        assert_eq!(normalize_doc_no("宣信用办"), "宣信用办");
        assert_eq!(normalize_doc_no(""), "");
    }

    #[test]
    fn normalize_is_idempotent() {
        for s in [
            "宣信用办[2024]03号",
            "（２０２４）",
            "a b　c",
            "国发〔2016〕76号",
        ] {
            let once = normalize_doc_no(s);
            assert_eq!(normalize_doc_no(&once), once, "{s}");
        }
    }
}
