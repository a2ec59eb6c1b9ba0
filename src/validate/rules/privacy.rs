//! Detection of personal information that must not be published: resident
//! ID numbers (GB 11643-1999 and the older 15-digit form), personal mobile
//! numbers and bank card numbers.
//!
//! Chinese text has no spaces between words, so a number is delimited by
//! the characters around it instead. A match must be a whole run of ASCII
//! letters, digits and `_`, so a 20-digit 索引号 or `SY0024781711202300032`
//! is not flagged. Numbers joined to more letters or digits by `-` or `.`
//! (`2024-13800138000`, `13800138000.pdf`) and numbers inside http(s)/ftp
//! URLs are skipped too. Full-width digits and letters count as their ASCII
//! forms, and a finding reports the byte range of the original text.

use std::ops::Range;

/// Kinds of personal information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// 18-character resident ID number (GB 11643-1999).
    ResidentId,
    /// 15-digit resident ID number issued before GB 11643-1999.
    ResidentIdOld,
    /// Mainland mobile number, optionally with +86.
    Mobile,
    /// 16–19 digits that pass the Luhn check.
    BankCard,
}

impl FindingKind {
    /// Returns whether the finding blocks the build. Bank card numbers are
    /// only warnings, because a unit's public account number looks the same.
    pub fn is_error(self) -> bool {
        !matches!(self, FindingKind::BankCard)
    }

    /// Returns what was found, in Chinese.
    pub fn message(self) -> &'static str {
        match self {
            FindingKind::ResidentId => {
                "这里有一个居民身份证号码（出生日期和 GB 11643-1999 校验码都有效）。身份证号码是个人信息，不得公开"
            }
            FindingKind::ResidentIdOld => {
                "这里有一个 15 位旧版居民身份证号码（出生日期有效）。身份证号码是个人信息，不得公开"
            }
            FindingKind::Mobile => "这里有一个个人手机号码。手机号码是个人信息，不得公开",
            FindingKind::BankCard => {
                "这里有一串 16–19 位数字通过了银行卡号的 Luhn 校验，可能是个人银行卡号"
            }
        }
    }

    /// Returns how to fix the text, in Chinese.
    pub fn fix(self) -> &'static str {
        match self {
            FindingKind::ResidentId => {
                "删除这个号码；确需标明身份时，只保留前 6 位和后 4 位，中间用 * 代替，如 420102********1234"
            }
            FindingKind::ResidentIdOld => {
                "删除这个号码；确需标明身份时，只保留前 6 位和后 3 位，中间用 * 代替，如 420102******123"
            }
            FindingKind::Mobile => {
                "删除这个号码或改为单位办公电话；确需保留时隐去中间 4 位，如 138****8000"
            }
            FindingKind::BankCard => {
                "个人银行卡号应删除或只保留后 4 位；如果这是单位的对公账号或其他编号，可以忽略此警告"
            }
        }
    }
}

/// One piece of personal information found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// Byte range in the text passed to [`find_personal_info`].
    pub range: Range<usize>,
    /// The original text of the range, full-width digits included.
    pub matched: String,
}

/// Finds resident ID numbers, mobile numbers and bank card numbers in
/// `text`, in order of position. Findings never overlap.
///
/// Recognised forms, where groups are separated by one space (ASCII or
/// U+3000) or one hyphen:
/// - resident ID: 17 digits and a digit or `X`/`x`, contiguous or in 6-8-4
///   groups. Positions 7–14 must be a birth date YYYYMMDD in 1900–2099,
///   and the last character the GB 11643-1999 check character.
/// - old resident ID: 15 digits with a birth date 19YYMMDD at positions 7–12.
/// - mobile: `1[3-9]` and 9 more digits, contiguous or in 3-4-4 groups,
///   optionally after `+86` or `86`.
/// - bank card: 16–19 digits, contiguous or in groups of 4, that pass the
///   Luhn check. Numbers of the forms above and valid GB 32100-2015
///   unified social credit codes are not reported as bank cards.
pub fn find_personal_info(text: &str) -> Vec<Finding> {
    let scanner = Scanner::new(text);
    let mut findings = Vec::new();
    let mut t = 0;
    while t < scanner.tokens.len() {
        if scanner.in_url(t) {
            t += 1;
            continue;
        }
        match scanner.match_at(t) {
            Some(found) => {
                let range = scanner.byte_range(found.start, found.end);
                let matched = text.get(range.clone()).unwrap_or_default().to_string();
                findings.push(Finding {
                    kind: found.kind,
                    range,
                    matched,
                });
                t = found.last_token + 1;
            }
            None => t += 1,
        }
    }
    findings
}

/// A maximal run of word characters, as char indices into the normalised text.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

/// A candidate match: char range and the last token it consumes.
struct Candidate {
    kind: FindingKind,
    start: usize,
    end: usize,
    last_token: usize,
}

struct Scanner {
    /// The text with full-width ASCII forms and U+3000 mapped to ASCII.
    chars: Vec<char>,
    /// Byte offset of each char in the original text, plus the text length.
    offsets: Vec<usize>,
    tokens: Vec<Token>,
    /// Char ranges of URLs, whose digits are never flagged.
    urls: Vec<Range<usize>>,
}

impl Scanner {
    fn new(text: &str) -> Self {
        let mut chars = Vec::new();
        let mut offsets = Vec::new();
        for (offset, c) in text.char_indices() {
            chars.push(normalize_char(c));
            offsets.push(offset);
        }
        offsets.push(text.len());

        let tokens = find_tokens(&chars);
        let urls = find_urls(&chars);
        Scanner {
            chars,
            offsets,
            tokens,
            urls,
        }
    }

    fn byte_range(&self, start: usize, end: usize) -> Range<usize> {
        let start_byte = self.offsets.get(start).copied().unwrap_or(0);
        let end_byte = self.offsets.get(end).copied().unwrap_or(start_byte);
        start_byte..end_byte
    }

    fn in_url(&self, t: usize) -> bool {
        let start = self.tokens[t].start;
        self.urls.iter().any(|url| url.contains(&start))
    }

    fn char_at(&self, index: usize) -> Option<char> {
        self.chars.get(index).copied()
    }

    fn token_text(&self, t: usize) -> Option<&[char]> {
        let token = self.tokens.get(t)?;
        self.chars.get(token.start..token.end)
    }

    /// Returns whether token `t + 1` follows token `t` after exactly one
    /// group separator.
    fn separated(&self, t: usize) -> bool {
        let (Some(a), Some(b)) = (self.tokens.get(t), self.tokens.get(t + 1)) else {
            return false;
        };
        b.start == a.end + 1 && matches!(self.char_at(a.end), Some(' ' | '-'))
    }

    /// Collects the digits of tokens `t..t + lengths.len()` when they are
    /// separated groups of exactly those lengths. The last group may end in
    /// `X`/`x` when `allow_x` is set.
    fn digit_groups(&self, t: usize, lengths: &[usize], allow_x: bool) -> Option<Vec<char>> {
        let mut digits = Vec::new();
        for (i, &length) in lengths.iter().enumerate() {
            if i > 0 && !self.separated(t + i - 1) {
                return None;
            }
            let group = self.token_text(t + i)?;
            let last_group = i + 1 == lengths.len();
            let valid = group.len() == length
                && group.iter().enumerate().all(|(j, &c)| {
                    c.is_ascii_digit() || (allow_x && last_group && j + 1 == length && is_x(c))
                });
            if !valid {
                return None;
            }
            digits.extend_from_slice(group);
        }
        Some(digits)
    }

    /// Returns whether the char range is joined to more word characters by
    /// `-` or `.`, as in `2024-13800138000` or `13800138000.5`.
    fn extends_beyond(&self, start: usize, end: usize) -> bool {
        let joins = |c: Option<char>| matches!(c, Some('-' | '.'));
        let is_word_at = |i: Option<usize>| i.and_then(|i| self.char_at(i)).is_some_and(is_word);

        let before = start.checked_sub(1);
        let joined_before =
            joins(before.and_then(|i| self.char_at(i))) && is_word_at(start.checked_sub(2));
        let joined_after = joins(self.char_at(end)) && is_word_at(Some(end + 1));
        joined_before || joined_after
    }

    fn candidate(&self, kind: FindingKind, first: usize, last: usize) -> Candidate {
        Candidate {
            kind,
            start: self.tokens[first].start,
            end: self.tokens[last].end,
            last_token: last,
        }
    }

    /// Includes a `+` directly before the candidate in its range.
    fn with_plus(&self, mut candidate: Candidate) -> Candidate {
        if candidate.start > 0 && self.char_at(candidate.start - 1) == Some('+') {
            candidate.start -= 1;
        }
        candidate
    }

    fn match_at(&self, t: usize) -> Option<Candidate> {
        let candidate = self.match_single(t).or_else(|| self.match_grouped(t))?;
        if self.extends_beyond(candidate.start, candidate.end) {
            return None;
        }
        Some(candidate)
    }

    /// Matches forms written as one token.
    fn match_single(&self, t: usize) -> Option<Candidate> {
        let text = self.token_text(t)?;
        if text.len() == 13 && text.starts_with(&['8', '6']) && is_mobile(&text[2..]) {
            return Some(self.with_plus(self.candidate(FindingKind::Mobile, t, t)));
        }

        let kind = if is_resident_id(text) {
            FindingKind::ResidentId
        } else if is_mobile(text) {
            FindingKind::Mobile
        } else if is_old_resident_id(text) {
            FindingKind::ResidentIdOld
        } else if is_bank_card(text) && !is_uscc(text) {
            FindingKind::BankCard
        } else {
            return None;
        };
        Some(self.candidate(kind, t, t))
    }

    /// Matches forms written in groups separated by a space or hyphen.
    fn match_grouped(&self, t: usize) -> Option<Candidate> {
        let first = self.token_text(t)?;
        match first.len() {
            6 => {
                let digits = self.digit_groups(t, &[6, 8, 4], true)?;
                is_resident_id(&digits).then(|| self.candidate(FindingKind::ResidentId, t, t + 2))
            }
            2 if first == ['8', '6'] => {
                let mobile = self
                    .match_mobile_groups(t + 1)
                    .filter(|_| self.separated(t))?;
                let candidate = self.candidate(FindingKind::Mobile, t, mobile.last_token);
                Some(self.with_plus(candidate))
            }
            3 => self.match_mobile_groups(t),
            4 => self.match_card_groups(t),
            _ => None,
        }
    }

    /// Matches a mobile number as one 11-digit token or in 3-4-4 groups.
    fn match_mobile_groups(&self, t: usize) -> Option<Candidate> {
        if self.token_text(t).is_some_and(is_mobile) {
            return Some(self.candidate(FindingKind::Mobile, t, t));
        }
        let digits = self.digit_groups(t, &[3, 4, 4], false)?;
        is_mobile(&digits).then(|| self.candidate(FindingKind::Mobile, t, t + 2))
    }

    /// Matches a bank card in four groups of 4 digits and an optional last
    /// group of 1–3 digits.
    fn match_card_groups(&self, t: usize) -> Option<Candidate> {
        let mut digits = self.digit_groups(t, &[4, 4, 4, 4], false)?;
        let mut last = t + 3;
        if self.separated(last) {
            let tail = self.token_text(last + 1)?;
            if tail.len() > 3 || !tail.iter().all(char::is_ascii_digit) {
                return None;
            }
            digits.extend_from_slice(tail);
            last += 1;
        }
        is_bank_card(&digits).then(|| self.candidate(FindingKind::BankCard, t, last))
    }
}

/// Maps full-width ASCII forms (U+FF01–U+FF5E) to ASCII and the
/// ideographic and no-break spaces to a space.
fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_x(c: char) -> bool {
    c == 'X' || c == 'x'
}

fn find_tokens(chars: &[char]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        tokens.push(Token { start, end: i });
    }
    tokens
}

/// Finds URLs starting with `http://`, `https://`, `ftp://` or `www.`. A
/// URL ends at whitespace, a non-ASCII character or a bracket or quote.
fn find_urls(chars: &[char]) -> Vec<Range<usize>> {
    const PREFIXES: [&str; 4] = ["http://", "https://", "ftp://", "www."];
    let mut urls = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !is_word(chars[i - 1]);
        let starts_url = at_boundary
            && PREFIXES.iter().any(|prefix| {
                let rest = chars.get(i..i + prefix.len());
                rest.is_some_and(|rest| {
                    rest.iter()
                        .zip(prefix.chars())
                        .all(|(a, b)| a.to_ascii_lowercase() == b)
                })
            });
        if !starts_url {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_url_char(chars[i]) {
            i += 1;
        }
        urls.push(start..i);
    }
    urls
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_graphic()
        && !matches!(
            c,
            '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '`'
        )
}

fn digit_value(c: char) -> Option<u32> {
    c.to_digit(10)
}

fn number(digits: &[char]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |acc, &c| Some(acc * 10 + digit_value(c)?))
}

/// Returns whether the date exists in the Gregorian calendar and the year
/// lies in 1900–2099.
fn is_valid_birth_date(year: u32, month: u32, day: u32) -> bool {
    if !(1900..=2099).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days_in_month
}

/// Returns whether `text` is a GB 11643-1999 resident ID number: 6-digit
/// address code, 8-digit birth date YYYYMMDD, 3-digit sequence code, and a
/// check character, which is Σ digit × weight mod 11 mapped through
/// "10X98765432".
fn is_resident_id(text: &[char]) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

    if text.len() != 18 || !text[..17].iter().all(char::is_ascii_digit) {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (
        number(&text[6..10]),
        number(&text[10..12]),
        number(&text[12..14]),
    ) else {
        return false;
    };
    if !is_valid_birth_date(year, month, day) {
        return false;
    }
    let sum: u32 = text[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| digit_value(c).unwrap_or(0) * w)
        .sum();
    CHECK[(sum % 11) as usize] == text[17].to_ascii_uppercase()
}

/// Returns whether `text` has the 15-digit form issued before GB 11643-1999:
/// address code, birth date YYMMDD in the 1900s and sequence code, with no
/// check character.
fn is_old_resident_id(text: &[char]) -> bool {
    if text.len() != 15 || !text.iter().all(char::is_ascii_digit) {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (
        number(&text[6..8]),
        number(&text[8..10]),
        number(&text[10..12]),
    ) else {
        return false;
    };
    is_valid_birth_date(1900 + year, month, day)
}

/// Returns whether `text` is `1[3-9]` and 9 more digits, the mainland
/// mobile number plan.
fn is_mobile(text: &[char]) -> bool {
    text.len() == 11
        && text[0] == '1'
        && ('3'..='9').contains(&text[1])
        && text.iter().all(char::is_ascii_digit)
}

/// Returns whether `text` is 16–19 digits that pass the Luhn (ISO/IEC 7812)
/// check.
fn is_bank_card(text: &[char]) -> bool {
    if !(16..=19).contains(&text.len()) || !text.iter().all(char::is_ascii_digit) {
        return false;
    }
    let sum: u32 = text
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| {
            let digit = digit_value(c).unwrap_or(0);
            if i % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Returns whether `text` is a valid unified social credit code. An
/// all-digit code passes the Luhn check one time in ten, so valid codes
/// are not reported as bank cards.
fn is_uscc(text: &[char]) -> bool {
    let code: String = text.iter().collect();
    super::uscc::check_uscc(&code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // 11010519491231002X: a GB 11643-1999 sample number. Check character:
    // 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7
    // + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2 = 167, 167 mod 11 = 2 → 'X'.
    const ID: &str = "11010519491231002X";
    // 420102199003071232, a made-up number with a valid check character:
    // 4·7 + 2·9 + 1·5 + 2·4 + 1·2 + 9·1 + 9·6 + 3·9 + 7·5 + 1·8 + 2·4
    // + 3·2 = 208, 208 mod 11 = 10 → '2'.
    const ID_2: &str = "420102199003071232";
    const OLD_ID: &str = "420102900307123";
    const MOBILE: &str = "13800138000";
    // A Luhn-valid 16-digit test card number (Visa test range).
    const CARD: &str = "4111111111111111";
    // A Luhn-valid 19-digit number.
    const CARD_19: &str = "6222021234567890128";

    fn kinds(text: &str) -> Vec<(FindingKind, String)> {
        find_personal_info(text)
            .into_iter()
            .map(|f| (f.kind, f.matched))
            .collect()
    }

    fn single(text: &str) -> Option<(FindingKind, String)> {
        let found = kinds(text);
        assert!(found.len() <= 1, "{text}: {found:?}");
        found.into_iter().next()
    }

    #[test]
    fn test_numbers_are_well_formed() {
        let id: Vec<char> = ID.chars().collect();
        assert!(is_resident_id(&id));
        let id_2: Vec<char> = ID_2.chars().collect();
        assert!(is_resident_id(&id_2));
        let card: Vec<char> = CARD.chars().collect();
        assert!(is_bank_card(&card));
        let card_19: Vec<char> = CARD_19.chars().collect();
        assert!(is_bank_card(&card_19));
    }

    #[test]
    fn positive_cases() {
        use FindingKind::*;
        let cases: &[(&str, FindingKind, &str)] = &[
            ("身份证号11010519491231002X，", ResidentId, ID),
            (
                "身份证号11010519491231002x。",
                ResidentId,
                "11010519491231002x",
            ),
            ("身份证号：420102199003071232", ResidentId, ID_2),
            ("420102 19900307 1232", ResidentId, "420102 19900307 1232"),
            ("420102-19900307-1232", ResidentId, "420102-19900307-1232"),
            ("旧身份证420102900307123号", ResidentIdOld, OLD_ID),
            ("联系电话13800138000", Mobile, MOBILE),
            ("手机：138 0013 8000。", Mobile, "138 0013 8000"),
            ("手机：138-0013-8000。", Mobile, "138-0013-8000"),
            ("手机：+86 138 0013 8000", Mobile, "+86 138 0013 8000"),
            ("手机：+86-138-0013-8000", Mobile, "+86-138-0013-8000"),
            ("手机：+8613800138000", Mobile, "+8613800138000"),
            ("手机：8613800138000", Mobile, "8613800138000"),
            ("手机：86 13800138000", Mobile, "86 13800138000"),
            ("（+86）13800138000", Mobile, MOBILE),
            ("张三13912345678李四", Mobile, "13912345678"),
            ("号码19912345678", Mobile, "19912345678"),
            ("卡号4111111111111111", BankCard, CARD),
            ("卡号 4111 1111 1111 1111 ", BankCard, "4111 1111 1111 1111"),
            (
                "卡号 6222-0212-3456-7890-128",
                BankCard,
                "6222-0212-3456-7890-128",
            ),
            ("账号6222021234567890128。", BankCard, CARD_19),
            ("[电话](tel:13800138000)", Mobile, MOBILE),
            ("13800138000@163.com", Mobile, MOBILE),
            ("号码13800138000.", Mobile, MOBILE),
            ("13800138000", Mobile, MOBILE),
            (ID, ResidentId, ID),
        ];
        for &(text, kind, matched) in cases {
            assert_eq!(single(text), Some((kind, matched.to_string())), "{text}");
        }
    }

    #[test]
    fn negative_cases() {
        let cases: &[&str] = &[
            // Masked numbers.
            "138****8000",
            "420***********1234",
            "420102********1232",
            "138xxxx8000",
            // Landlines and hotlines.
            "0718-8888888",
            "(0718)8888888",
            "（0718）8888888",
            "07188888888",
            "拨打12345热线",
            "0718-12345",
            // Dates, years, amounts, document numbers.
            "2024年3月15日",
            "20240315",
            "20240315123045",
            "宣信用办〔2024〕3号",
            "金额1380013800元",
            // Longer digit or letter runs.
            "索引号11422825011140036Y20240001",
            "索引号：12345678901234567890",
            "SY0024781711202300032",
            "A13800138000",
            "13800138000A",
            "_13800138000",
            "138001380001",
            "913800138000",
            // Joined to more digits by hyphen or dot.
            "2024-13800138000",
            "13800138000-01",
            "138-0013-8000-1",
            "1.13800138000",
            "13800138000.5",
            "13800138000.pdf",
            // Numbers inside URLs.
            "https://www.example.gov.cn/art/2024/13800138000.html",
            "见 http://example.com/a?id=13800138000 。",
            "www.example.com/13800138000",
            // Not a mobile prefix: 12, 10, 11.
            "12800138000",
            "10800138000",
            // Invalid birth dates in the old 15-digit form.
            "420102901307123",
            "420102900230123",
            "420102900229123",
            // Bank-card length but not Luhn-valid.
            "4111111111111112",
            // Valid all-digit unified social credit code (Huawei).
            "914403001922038216",
            // Wrong grouping.
            "13 800 138 000",
            "1380 013 8000",
            "138  0013  8000",
            "4111 1111 1111 1111 1111",
            // Odd inputs.
            "",
            "+86",
            "86",
        ];
        for &text in cases {
            assert_eq!(kinds(text), vec![], "{text}");
        }
    }

    #[test]
    fn invalid_resident_ids_not_reported() {
        // Some of these pass the Luhn check by chance and are reported as
        // bank cards, which is a warning only.
        for text in [
            "110105194902300021",
            "11010519491231002Y",
            "110105194912310021",
            "110105189912310021",
            "110105210012310021",
            "42010219900307123X",
        ] {
            let found = find_personal_info(text);
            let as_id = found.iter().any(|f| f.kind.is_error());
            assert!(!as_id, "{text}: {found:?}");
        }
    }

    #[test]
    fn full_width_digits_keep_original_range() {
        let text = "电话：１３８００１３８０００。";
        let found = find_personal_info(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, FindingKind::Mobile);
        assert_eq!(found[0].matched, "１３８００１３８０００");
        assert_eq!(&text[found[0].range.clone()], "１３８００１３８０００");
        assert_eq!(found[0].range.start, "电话：".len());
    }

    #[test]
    fn full_width_x_in_resident_id() {
        let text = "证件号１１０１０５１９４９１２３１００２Ｘ";
        let found = kinds(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, FindingKind::ResidentId);
        assert_eq!(found[0].1, "１１０１０５１９４９１２３１００２Ｘ");
    }

    #[test]
    fn full_width_letter_is_word_char() {
        assert_eq!(kinds("Ａ13800138000"), vec![]);
    }

    #[test]
    fn ideographic_space_groups_mobile() {
        assert_eq!(
            single("手机 138　0013　8000"),
            Some((FindingKind::Mobile, "138　0013　8000".to_string()))
        );
    }

    #[test]
    fn byte_ranges_point_into_text() {
        let text = "联系人张三，手机13800138000，身份证11010519491231002X。";
        let found = find_personal_info(text);
        assert_eq!(found.len(), 2);
        for finding in &found {
            assert_eq!(&text[finding.range.clone()], finding.matched);
        }
        assert_eq!(found[0].kind, FindingKind::Mobile);
        assert_eq!(found[1].kind, FindingKind::ResidentId);
        assert!(found[0].range.end <= found[1].range.start);
    }

    #[test]
    fn several_numbers_in_one_line() {
        let text = "13800138000/13900139000、4111111111111111";
        let found = kinds(text);
        let expected = vec![
            (FindingKind::Mobile, "13800138000".to_string()),
            (FindingKind::Mobile, "13900139000".to_string()),
            (FindingKind::BankCard, CARD.to_string()),
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn markdown_around_numbers() {
        assert_eq!(
            single("**13800138000**").map(|f| f.0),
            Some(FindingKind::Mobile)
        );
        assert_eq!(
            single("| 张三 | 13800138000 |").map(|f| f.0),
            Some(FindingKind::Mobile)
        );
        assert_eq!(
            single("`13800138000`").map(|f| f.0),
            Some(FindingKind::Mobile)
        );
    }

    #[test]
    fn url_ends_at_space_or_chinese() {
        let text = "https://example.com/a 电话13800138000";
        assert_eq!(single(text).map(|f| f.0), Some(FindingKind::Mobile));
        let text = "https://example.com/a手机13800138000";
        assert_eq!(single(text).map(|f| f.0), Some(FindingKind::Mobile));
    }

    #[test]
    fn resident_id_leap_day() {
        // 2000-02-29 exists; the check character is computed here.
        let first17: Vec<char> = "42010220000229123".chars().collect();
        let found = (0..11).find_map(|check| {
            let mut id = first17.clone();
            id.push(if check == 10 {
                'X'
            } else {
                char::from_digit(check, 10)?
            });
            is_resident_id(&id).then_some(id)
        });
        assert!(found.is_some());
        // 1900-02-29 does not exist (1900 is not a leap year).
        assert!(!is_valid_birth_date(1900, 2, 29));
        assert!(is_valid_birth_date(2000, 2, 29));
        assert!(!is_valid_birth_date(2023, 2, 29));
        assert!(!is_valid_birth_date(2100, 1, 1));
        assert!(!is_valid_birth_date(2024, 4, 31));
    }

    #[test]
    fn bank_card_not_reported_for_id() {
        // An ID number is reported as an ID even if it also passes Luhn.
        for text in [ID, ID_2] {
            let found = kinds(text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].0, FindingKind::ResidentId, "{text}");
        }
    }

    #[test]
    fn kind_severity_and_text() {
        assert!(FindingKind::ResidentId.is_error());
        assert!(FindingKind::ResidentIdOld.is_error());
        assert!(FindingKind::Mobile.is_error());
        assert!(!FindingKind::BankCard.is_error());
        for kind in [
            FindingKind::ResidentId,
            FindingKind::ResidentIdOld,
            FindingKind::Mobile,
            FindingKind::BankCard,
        ] {
            assert!(!kind.message().is_empty());
            assert!(!kind.fix().is_empty());
        }
    }
}
