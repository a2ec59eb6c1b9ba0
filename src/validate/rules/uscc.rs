//! Unified social credit code (统一社会信用代码) checks.
//!
//! GB 32100-2015: 18 characters from a 31-character set. Position 1 is the
//! registration authority, 2 the organisation kind, 3–8 the administrative
//! division, 9–17 the organisation code (GB 11714-1997) and 18 the check
//! character. A wrong 18th character is an error. A wrong GB 11714 check
//! character at position 17 is only a warning, because some codes issued in
//! the early years of the scheme fail it.
//!
//! NOTE: positions 1–8 are not checked against the lists of authority,
//! kind and division codes, which change over time.

use std::fmt::Write as _;

/// The GB 32100-2015 character set in value order: digits, then the
/// upper-case Latin letters without I, O, Z, S and V.
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 (GB 32100-2015): 3^(i-1) mod 31.
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the 8 body characters of an organisation code (GB 11714-1997).
const ORG_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

const USCC_LEN: usize = 18;

/// Result of a code that passed the error checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsccCheck {
    /// `(expected, found)` when position 17 is not the GB 11714-1997 check
    /// character of positions 9–16. Reported as a warning.
    pub org_code_check_mismatch: Option<(char, char)>,
}

impl UsccCheck {
    /// Returns the warning text for an organisation-code mismatch, if any.
    pub fn warning_message(&self) -> Option<String> {
        let (expected, found) = self.org_code_check_mismatch?;
        Some(format!(
            "统一社会信用代码第 17 位（组织机构代码的校验码）与 GB 11714-1997 的计算结果不一致：应为 {expected}，实为 {found}。部分早期赋予的代码存在这种情况"
        ))
    }

    /// Returns how to resolve the organisation-code warning, if any.
    pub fn warning_fix(&self) -> Option<String> {
        self.org_code_check_mismatch?;
        Some(
            "核对代码原件或“全国组织机构统一社会信用代码数据服务中心”的查询结果；与原件一致时可以忽略此警告"
                .to_string(),
        )
    }
}

/// Reasons a unified social credit code is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    /// The code is not 18 characters long.
    Length { found: usize },
    /// A character outside the GB 32100-2015 set, at a 0-based char index.
    InvalidChar { index: usize, found: char },
    /// The 18th character is not the GB 32100-2015 check character.
    CheckChar { expected: char, found: char },
}

impl UsccError {
    /// Returns what is wrong, in Chinese.
    pub fn message(&self) -> String {
        match *self {
            UsccError::Length { found } => {
                format!("统一社会信用代码应为 18 位，实为 {found} 位")
            }
            UsccError::InvalidChar { index, found } => {
                let mut text = format!(
                    "统一社会信用代码第 {} 位的字符“{}”无效",
                    index + 1,
                    display_char(found)
                );
                if let Some(hint) = invalid_char_hint(found) {
                    let _ = write!(text, "：{hint}");
                }
                text
            }
            UsccError::CheckChar { expected, found } => {
                format!("统一社会信用代码第 18 位校验码错误：应为 {expected}，实为 {found}")
            }
        }
    }

    /// Returns how to fix the code, in Chinese.
    pub fn fix(&self) -> String {
        match *self {
            UsccError::Length { .. } => {
                "核对代码原件：统一社会信用代码共 18 位，由数字和大写字母组成，中间没有空格或连字符"
                    .to_string()
            }
            UsccError::InvalidChar { index, found } => match replacement_char(found) {
                Some(replacement) => {
                    format!("把第 {} 位改为 {replacement}", index + 1)
                }
                None => format!(
                    "核对代码原件并改正第 {} 位；代码只使用数字 0–9 和除 I、O、Z、S、V 以外的大写字母",
                    index + 1
                ),
            },
            UsccError::CheckChar { expected, .. } => {
                format!("核对代码原件；按 GB 32100-2015 计算，第 18 位应为 {expected}")
            }
        }
    }
}

/// Checks a unified social credit code against GB 32100-2015 and the
/// organisation code inside it against GB 11714-1997.
///
/// Only half-width upper-case characters are accepted. The input is not
/// trimmed, so surrounding spaces count towards the length.
pub fn check_uscc(code: &str) -> Result<UsccCheck, UsccError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != USCC_LEN {
        return Err(UsccError::Length { found: chars.len() });
    }

    let mut values = [0u32; USCC_LEN];
    for (index, (&c, value)) in chars.iter().zip(values.iter_mut()).enumerate() {
        *value = charset_value(c).ok_or(UsccError::InvalidChar { index, found: c })?;
    }

    let expected = uscc_check_value(&values[..17]);
    if expected != values[17] {
        return Err(UsccError::CheckChar {
            expected: charset_char(expected),
            found: chars[17],
        });
    }

    // Every GB 32100 character is also a GB 11714 character, so the body
    // always yields a check character here.
    let body: String = chars[8..16].iter().collect();
    let org_code_check_mismatch = match org_code_check_char(&body) {
        Some(expected) if expected != chars[16] => Some((expected, chars[16])),
        _ => None,
    };
    Ok(UsccCheck {
        org_code_check_mismatch,
    })
}

/// Computes the GB 32100-2015 check character (position 18) of the first
/// 17 characters. Returns `None` unless `first17` is exactly 17 characters
/// from the code's character set.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let values: Vec<u32> = first17.chars().map(charset_value).collect::<Option<_>>()?;
    if values.len() != 17 {
        return None;
    }
    Some(charset_char(uscc_check_value(&values)))
}

/// Computes the GB 11714-1997 check character of an 8-character
/// organisation code body: C9 = 11 − (Σ value × weight mod 11), where 10 is
/// written `X` and 11 is written `0`. Returns `None` unless `first8` is
/// exactly 8 characters from 0–9 and A–Z (A = 10 … Z = 35).
pub fn org_code_check_char(first8: &str) -> Option<char> {
    let values: Vec<u32> = first8.chars().map(org_code_value).collect::<Option<_>>()?;
    if values.len() != ORG_CODE_WEIGHTS.len() {
        return None;
    }
    let sum: u32 = values
        .iter()
        .zip(ORG_CODE_WEIGHTS)
        .map(|(v, w)| v * w)
        .sum();
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        digit => char::from_digit(digit, 10),
    }
}

/// C18 = 31 − (Σ value × weight mod 31), where 31 becomes 0.
fn uscc_check_value(values: &[u32]) -> u32 {
    let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    (31 - sum % 31) % 31
}

fn charset_value(c: char) -> Option<u32> {
    let index = CHARSET.chars().position(|x| x == c)?;
    u32::try_from(index).ok()
}

fn charset_char(value: u32) -> char {
    // `value` is always below 31, so the fallback is unreachable.
    CHARSET.chars().nth(value as usize).unwrap_or('0')
}

fn org_code_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' | 'A'..='Z' => c.to_digit(36),
        _ => None,
    }
}

/// Converts a full-width ASCII form (U+FF01–U+FF5E) to half-width.
fn half_width(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// Returns the valid character the editor most likely meant, if there is
/// exactly one: the upper-case or half-width form of a valid character.
fn replacement_char(found: char) -> Option<char> {
    let half = half_width(found).unwrap_or(found);
    let upper = half.to_ascii_uppercase();
    if upper != found && charset_value(upper).is_some() {
        Some(upper)
    } else {
        None
    }
}

fn invalid_char_hint(found: char) -> Option<String> {
    let half = half_width(found);
    let base = half.unwrap_or(found);
    let upper = base.to_ascii_uppercase();
    let valid_upper = charset_value(upper).is_some();

    if half.is_some() && valid_upper {
        return Some(format!("这是全角字符，应使用半角字符 {upper}"));
    }
    if half.is_some() {
        return Some("这是全角字符，代码只使用半角数字和大写字母".to_string());
    }
    if base.is_ascii_lowercase() && valid_upper {
        return Some(format!("字母应大写，写作 {upper}"));
    }
    let excluded = match upper {
        'I' => Some("，可能是数字 1"),
        'O' => Some("，可能是数字 0"),
        'Z' => Some("，可能是数字 2"),
        'S' => Some("，可能是数字 5"),
        'V' => Some(""),
        _ => None,
    };
    if let Some(guess) = excluded {
        return Some(format!("代码中不使用字母 I、O、Z、S、V{guess}"));
    }
    if found.is_whitespace() {
        return Some("代码中不能有空格".to_string());
    }
    None
}

/// Makes invisible characters visible in a message.
fn display_char(c: char) -> String {
    if c == ' ' {
        "空格".to_string()
    } else if c == '\u{3000}' {
        "全角空格".to_string()
    } else if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Worked by hand (value × weight over positions 1–17, zero terms left
    // out; letter values are their index in CHARSET):
    //
    // 91350100M000100Y43 (a sample code used by many validators):
    //   9·1 + 1·3 + 3·9 + 5·27 + 1·26 + M(21)·20 + 1·8 + Y(30)·30 + 4·28
    //   = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640
    //   1640 mod 31 = 28, 31 − 28 = 3 → '3'.
    //   Organisation code M000100Y: M(22)·3 + 1·5 + Y(34)·2 = 139,
    //   139 mod 11 = 7, 11 − 7 = 4 → '4' = position 17.
    //
    // 914403001922038216 (华为技术有限公司):
    //   9·1 + 1·3 + 4·9 + 4·27 + 3·26 + 1·20 + 9·29 + 2·25 + 2·13 + 3·24
    //   + 8·10 + 2·30 + 1·28 = 831
    //   831 mod 31 = 25, 31 − 25 = 6 → '6'.
    //   Organisation code 19220382: 3 + 63 + 18 + 20 + 24 + 32 + 4 = 164,
    //   164 mod 11 = 10, 11 − 10 = 1 → '1' = position 17.
    //
    // 11100000000013127D (公安部):
    //   1·1 + 1·3 + 1·9 + 1·8 + 3·24 + 1·10 + 2·30 + 7·28 = 359
    //   359 mod 31 = 18, 31 − 18 = 13 → 'D'.
    //   Organisation code 00001312: 1·5 + 3·8 + 1·4 + 2·2 = 37,
    //   37 mod 11 = 4, 11 − 4 = 7 → '7' = position 17.
    const VALID_CODES: [&str; 6] = [
        "91350100M000100Y43",
        "914403001922038216",
        "11100000000013127D",
        "91440300708461136T", // 深圳市腾讯计算机系统有限公司
        "91110108551385082Q", // 北京小米科技有限责任公司
        "91330100716105852F",
    ];

    #[test]
    fn valid_codes_pass() {
        for code in VALID_CODES {
            assert_eq!(
                check_uscc(code),
                Ok(UsccCheck {
                    org_code_check_mismatch: None
                }),
                "{code}"
            );
        }
    }

    #[test]
    fn check_char_matches_valid_codes() {
        for code in VALID_CODES {
            let expected = code.chars().nth(17);
            assert_eq!(uscc_check_char(&code[..17]), expected, "{code}");
        }
    }

    #[test]
    fn org_code_check_char_matches_valid_codes() {
        for code in VALID_CODES {
            let expected = code.chars().nth(16);
            assert_eq!(org_code_check_char(&code[8..16]), expected, "{code}");
        }
    }

    #[test]
    fn org_code_check_char_x_and_zero() {
        // D2143569: 13·3 + 2·7 + 1·9 + 4·10 + 3·5 + 5·8 + 6·4 + 9·2 = 199,
        // 199 mod 11 = 1, 11 − 1 = 10 → 'X'.
        assert_eq!(org_code_check_char("D2143569"), Some('X'));
        // 00000000: sum 0, 11 − 0 = 11 → '0'.
        assert_eq!(org_code_check_char("00000000"), Some('0'));
        // GB 11714 allows every upper-case letter in the body.
        assert!(org_code_check_char("IOZSV000").is_some());
    }

    #[test]
    fn check_char_rejects_bad_input() {
        assert_eq!(uscc_check_char(""), None);
        assert_eq!(uscc_check_char("91350100M000100Y"), None);
        assert_eq!(uscc_check_char("91350100M000100Y43"), None);
        assert_eq!(uscc_check_char("91350100m000100Y4"), None);
        assert_eq!(uscc_check_char("91350100O000100Y4"), None);
        assert_eq!(org_code_check_char("M000100"), None);
        assert_eq!(org_code_check_char("M000100Y4"), None);
        assert_eq!(org_code_check_char("m000100Y"), None);
        assert_eq!(org_code_check_char("M00010０Y"), None);
    }

    #[test]
    fn check_char_zero_when_sum_divisible() {
        // 17 zeros: sum 0 → 31 − 0 = 31 → 0.
        assert_eq!(uscc_check_char("00000000000000000"), Some('0'));
    }

    #[test]
    fn wrong_check_char_is_error() {
        let err = check_uscc("91350100M000100Y44");
        assert_eq!(
            err,
            Err(UsccError::CheckChar {
                expected: '3',
                found: '4'
            })
        );
        let err = check_uscc("914403001922038217");
        assert_eq!(
            err,
            Err(UsccError::CheckChar {
                expected: '6',
                found: '7'
            })
        );
    }

    #[test]
    fn wrong_check_char_messages() {
        let err = UsccError::CheckChar {
            expected: '3',
            found: '4',
        };
        assert_eq!(
            err.message(),
            "统一社会信用代码第 18 位校验码错误：应为 3，实为 4"
        );
        assert_eq!(
            err.fix(),
            "核对代码原件；按 GB 32100-2015 计算，第 18 位应为 3"
        );
    }

    #[test]
    fn typo_elsewhere_changes_check_char() {
        // A single changed digit is always caught by the mod-31 check.
        let err = check_uscc("91350100M000200Y43");
        assert!(matches!(err, Err(UsccError::CheckChar { found: '3', .. })));
    }

    #[test]
    fn wrong_length_is_error() {
        assert_eq!(check_uscc(""), Err(UsccError::Length { found: 0 }));
        assert_eq!(
            check_uscc("91350100M000100Y4"),
            Err(UsccError::Length { found: 17 })
        );
        assert_eq!(
            check_uscc("91350100M000100Y433"),
            Err(UsccError::Length { found: 19 })
        );
        assert_eq!(
            check_uscc(" 91350100M000100Y43"),
            Err(UsccError::Length { found: 19 })
        );
        // Length is counted in characters, not bytes.
        assert_eq!(
            check_uscc("统一社会信用代码"),
            Err(UsccError::Length { found: 8 })
        );
        let message = UsccError::Length { found: 17 }.message();
        assert_eq!(message, "统一社会信用代码应为 18 位，实为 17 位");
    }

    #[test]
    fn lower_case_is_invalid_char() {
        let err = check_uscc("91350100m000100Y43");
        assert_eq!(
            err,
            Err(UsccError::InvalidChar {
                index: 8,
                found: 'm'
            })
        );
        let Err(err) = err else { return };
        assert_eq!(
            err.message(),
            "统一社会信用代码第 9 位的字符“m”无效：字母应大写，写作 M"
        );
        assert_eq!(err.fix(), "把第 9 位改为 M");
    }

    #[test]
    fn full_width_is_invalid_char() {
        let err = check_uscc("９1350100M000100Y43");
        assert_eq!(
            err,
            Err(UsccError::InvalidChar {
                index: 0,
                found: '９'
            })
        );
        let Err(err) = err else { return };
        assert!(err.message().contains("全角"), "{}", err.message());
        assert!(err.message().contains("半角字符 9"), "{}", err.message());
        assert_eq!(err.fix(), "把第 1 位改为 9");

        // Full-width lower-case letter: half-width upper case is the fix.
        let err = check_uscc("91350100ｍ000100Y43");
        assert_eq!(
            err,
            Err(UsccError::InvalidChar {
                index: 8,
                found: 'ｍ'
            })
        );
        let Err(err) = err else { return };
        assert!(err.message().contains("半角字符 M"), "{}", err.message());
    }

    #[test]
    fn excluded_letters_are_invalid_char() {
        for (code, index, found, guess) in [
            ("91350100M0O0100Y43", 10, 'O', Some("数字 0")),
            ("9135010IM000100Y43", 7, 'I', Some("数字 1")),
            ("91350100M000100Z43", 15, 'Z', Some("数字 2")),
            ("91350100M000100S43", 15, 'S', Some("数字 5")),
            ("91350100M000100V43", 15, 'V', None),
        ] {
            let err = check_uscc(code);
            assert_eq!(err, Err(UsccError::InvalidChar { index, found }), "{code}");
            let Err(err) = err else { continue };
            let message = err.message();
            assert!(message.contains("不使用字母 I、O、Z、S、V"), "{message}");
            if let Some(guess) = guess {
                assert!(message.contains(guess), "{message}");
            }
        }
    }

    #[test]
    fn invalid_char_reports_first_one() {
        let err = check_uscc("9135 100M000100Y4-");
        assert_eq!(
            err,
            Err(UsccError::InvalidChar {
                index: 4,
                found: ' '
            })
        );
        let Err(err) = err else { return };
        assert!(err.message().contains("“空格”"), "{}", err.message());
        assert!(err.message().contains("不能有空格"), "{}", err.message());
    }

    #[test]
    fn invalid_last_char_is_invalid_char() {
        let err = check_uscc("91350100M000100Y4I");
        assert_eq!(
            err,
            Err(UsccError::InvalidChar {
                index: 17,
                found: 'I'
            })
        );
    }

    #[test]
    fn org_code_mismatch_is_warning() {
        // Position 17 changed from 4 to 5, position 18 recomputed so that
        // the GB 32100 check passes.
        let first17 = "91350100M000100Y5";
        let Some(check) = uscc_check_char(first17) else {
            panic!("check char for {first17}");
        };
        let code = format!("{first17}{check}");
        let result = check_uscc(&code);
        assert_eq!(
            result,
            Ok(UsccCheck {
                org_code_check_mismatch: Some(('4', '5'))
            }),
            "{code}"
        );
        let Ok(result) = result else { return };
        let warning = result.warning_message().unwrap_or_default();
        assert!(warning.contains("应为 4，实为 5"), "{warning}");
        assert!(result.warning_fix().is_some());
    }

    #[test]
    fn org_code_letter_in_position_17() {
        // Position 17 is a letter, which no GB 11714 check can produce.
        let first17 = "91310000MA1FL8BWA";
        let Some(check) = uscc_check_char(first17) else {
            panic!("check char for {first17}");
        };
        let result = check_uscc(&format!("{first17}{check}"));
        let mismatch = result.ok().and_then(|r| r.org_code_check_mismatch);
        assert_eq!(mismatch.map(|(_, found)| found), Some('A'));
    }

    #[test]
    fn no_warning_text_without_mismatch() {
        let check = UsccCheck {
            org_code_check_mismatch: None,
        };
        assert_eq!(check.warning_message(), None);
        assert_eq!(check.warning_fix(), None);
    }
}
