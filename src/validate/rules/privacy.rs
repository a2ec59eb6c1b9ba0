//! Detection of personal information that must not be published: resident
//! ID numbers (GB 11643-1999 and the older 15-digit form), personal mobile
//! numbers and bank card numbers.
//!
//! A number may be written in one piece or in groups. A group is a maximal
//! run of ASCII digits, and the last group of a resident ID may end in `X`.
//! Two groups are joined when the text between them is a link: up to three
//! spaces or tabs, or one separator with up to three spaces or tabs on each
//! side. The separators are `-` `.` `/` `_`, the Unicode hyphens and dashes
//! U+2010–U+2015 (en and em dash included) and the minus sign U+2212. A line
//! break never joins groups. The digits of joined groups are concatenated
//! and checked, and the group lengths must fit a way the kind is written
//! (see [`find_personal_info`]). Dates, landlines, amounts and version
//! numbers are not flagged, because their digits or group lengths fit no
//! kind.
//!
//! Chinese text has no spaces between words, so a number is delimited by
//! the characters around it instead. ASCII letters written directly against
//! digits make a word, not a number, so `A13800138000` and
//! `SY0024781711202300032` are not flagged. Nor is a 20-digit 索引号, which
//! is longer than any recognised form. Full-width digits, letters and
//! separators count as their ASCII forms, and a finding reports the byte
//! range of the original text.

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
    /// Byte range in the text passed to [`find_personal_info`] or
    /// [`find_personal_info_in_name`], separators between groups included.
    pub range: Range<usize>,
    /// The original text of the range, full-width digits included.
    pub matched: String,
}

/// Finds resident ID numbers, mobile numbers and bank card numbers in
/// `text`, in order of position. Findings never overlap.
///
/// Recognised forms, by the lengths of the joined groups:
/// - resident ID: 17 digits and a digit or `X`/`x`. Positions 7–14 must be
///   a birth date YYYYMMDD in 1900–2099, and the last character the
///   GB 11643-1999 check character. Written in one piece, in groups that
///   end after characters 6, 10 or 14 (6-8-4, 6-4-4-4), in groups of 4
///   (4-4-4-4-2), or one character per group.
/// - old resident ID: 15 digits with a birth date 19YYMMDD at positions
///   7–12, in one piece or in 6-6-3 groups.
/// - mobile: `1[3-9]` and 9 more digits, in groups that end after digits
///   3 or 7 (3-4-4, 3-8, 7-4) or one digit per group. A country code `86`,
///   `+86` or `0086` may come first, as its own group or joined directly,
///   unless the number is written one digit per group.
/// - bank card: 16–19 digits that pass the Luhn check, in one piece or in
///   four groups of 4 and an optional group of 1–3, joined only by spaces
///   or `-`. Numbers of the forms above and valid GB 32100-2015 unified
///   social credit codes are not reported as bank cards.
///
/// A number is not reported when:
/// - its groups are joined by one `.` only (`138.12345678`), which is a
///   decimal number;
/// - a `-`, `.` or `_` joins it without spaces to more digits
///   (`2024-13800138000`, `13800138000.5`), unless those digits alone are
///   a mobile number or resident ID (`13800138000-13900139000` is two
///   numbers);
/// - it is not a resident ID, and a `-`, `.` or `_` joins it without
///   spaces to letters (`13800138000.pdf`), or an `_` with nothing joined
///   beyond it is directly before or after it (`_13800138000`);
/// - it is written one digit per group and a one-digit group is joined to
///   it, so a longer run of single digits is not cut into a number;
/// - it is a bank card in groups and another digit group is joined to it
///   (`4111 1111 1111 1111 1111`);
/// - it lies inside an http(s)/ftp or `www.` URL and is not an
///   18-character resident ID. Many site URLs contain 11-digit and longer
///   article numbers, but a valid ID is personal data wherever it is.
///
/// Single digits joined by spaces are flagged when they spell a whole
/// number (`1 3 8 0 0 1 3 8 0 0 0`), because spacing the digits out is a
/// way to hide a number. Numbers in prose are separated by words or by
/// `、` and `，`, which never join groups, so `13 个、8000 户` is not one
/// number.
pub fn find_personal_info(text: &str) -> Vec<Finding> {
    Scanner::new(text, Mode::Text).findings(text)
}

/// Finds personal information in a file name, folder name or slug, which
/// becomes part of a published URL.
///
/// The rules are those of [`find_personal_info`] with two differences.
/// Digits joined to letters by `-`, `_` or `.` count as a separate number,
/// so `id-422825198503121232`, `13912345678.md` and `IMG_13800138000.jpg`
/// are flagged. There is no URL exception. A `-`, `.` or `_` that joins
/// the number to more digits still blocks it (`2024-13800138000.md`).
pub fn find_personal_info_in_name(name: &str) -> Vec<Finding> {
    Scanner::new(name, Mode::Name).findings(name)
}

/// Kind of string being scanned: running text, or a file name, folder name
/// or slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    Name,
}

/// Maximum number of digits in a recognised form (a 19-digit bank card).
const MAX_DIGITS: usize = 19;

/// Maximum number of spaces or tabs on each side of a separator in a link.
const MAX_BLANKS: usize = 3;

/// A maximal run of ASCII letters and digits, as char indices into the
/// normalised text.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    in_url: bool,
}

/// The characters between two neighbouring tokens when they join them.
#[derive(Debug, Clone, Copy)]
struct Link {
    separator: Option<char>,
    /// `true` when the link contains spaces or tabs.
    spaced: bool,
}

impl Link {
    /// Returns whether the link is a hyphen, dot or underscore without
    /// spaces, which joins parts of one word or number (`2024-13800138000`,
    /// `13800138000.pdf`). A `/` or a dash between numbers usually separates
    /// the items of a list or a range, so it is not tight.
    fn is_tight(self) -> bool {
        !self.spaced && self.separator.is_some_and(is_tight_separator)
    }
}

/// A match: the kind, the char range and the first and last tokens.
#[derive(Debug)]
struct Candidate {
    kind: FindingKind,
    start: usize,
    end: usize,
    first_token: usize,
    last_token: usize,
}

/// The digits of tokens `first..=last` and how they were grouped.
struct Groups<'a> {
    digits: &'a [char],
    /// Digit counts before each group after the first.
    boundaries: &'a [usize],
    /// The links between the groups.
    links: &'a [Link],
}

impl Groups<'_> {
    /// Returns whether every group is one character, as in
    /// `1 3 8 0 0 1 3 8 0 0 0`.
    fn one_char_each(&self) -> bool {
        !self.boundaries.is_empty() && self.boundaries.len() + 1 == self.digits.len()
    }

    /// Returns whether every group boundary is one of `allowed`.
    fn splits_only_at(&self, allowed: &[usize]) -> bool {
        self.boundaries.iter().all(|b| allowed.contains(b))
    }

    /// Returns whether the only link is a single `.`, as in a decimal
    /// number.
    fn is_decimal(&self) -> bool {
        matches!(self.links, [link] if link.separator == Some('.'))
    }
}

struct Scanner {
    mode: Mode,
    /// The text with full-width ASCII forms mapped to ASCII and other
    /// spaces to a space.
    chars: Vec<char>,
    /// Byte offset of each char in the original text, plus the text length.
    offsets: Vec<usize>,
    tokens: Vec<Token>,
    /// `links[i]` joins tokens `i` and `i + 1`, when they are joined.
    links: Vec<Option<Link>>,
}

impl Scanner {
    fn new(text: &str, mode: Mode) -> Self {
        let mut chars = Vec::new();
        let mut offsets = Vec::new();
        for (offset, c) in text.char_indices() {
            chars.push(normalize_char(c));
            offsets.push(offset);
        }
        offsets.push(text.len());

        let urls = match mode {
            Mode::Text => find_urls(&chars),
            Mode::Name => Vec::new(),
        };
        let tokens = find_tokens(&chars, &urls);
        let links = tokens
            .windows(2)
            .map(|pair| {
                let gap = chars.get(pair[0].end..pair[1].start).unwrap_or_default();
                parse_link(gap)
            })
            .collect();
        Scanner {
            mode,
            chars,
            offsets,
            tokens,
            links,
        }
    }

    fn findings(&self, text: &str) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut t = 0;
        while t < self.tokens.len() {
            match self.match_at(t) {
                Some(candidate) => {
                    let range = self.byte_range(candidate.start, candidate.end);
                    let matched = text.get(range.clone()).unwrap_or_default().to_string();
                    findings.push(Finding {
                        kind: candidate.kind,
                        range,
                        matched,
                    });
                    t = candidate.last_token + 1;
                }
                None => t += 1,
            }
        }
        findings
    }

    fn byte_range(&self, start: usize, end: usize) -> Range<usize> {
        let start_byte = self.offsets.get(start).copied().unwrap_or(0);
        let end_byte = self.offsets.get(end).copied().unwrap_or(start_byte);
        start_byte..end_byte
    }

    fn char_at(&self, index: usize) -> Option<char> {
        self.chars.get(index).copied()
    }

    fn token_text(&self, t: usize) -> Option<&[char]> {
        let token = self.tokens.get(t)?;
        self.chars.get(token.start..token.end)
    }

    /// Returns the token's characters when it is a digit group: digits,
    /// optionally ending in `X`/`x`, with at least one digit unless it is
    /// a lone `X`.
    fn group(&self, t: usize) -> Option<&[char]> {
        let text = self.token_text(t)?;
        let (last, rest) = text.split_last()?;
        let is_group =
            rest.iter().all(char::is_ascii_digit) && (last.is_ascii_digit() || is_x(*last));
        is_group.then_some(text)
    }

    /// Returns whether the token is a number rather than a word: a digit
    /// group with at least one digit.
    fn is_number(&self, t: usize) -> bool {
        self.group(t)
            .is_some_and(|group| group.iter().any(char::is_ascii_digit))
    }

    /// Returns whether the token alone is a mobile number or a resident ID,
    /// as each half of `13800138000-13900139000` is.
    fn is_whole_number(&self, t: usize) -> bool {
        self.group(t)
            .is_some_and(|group| is_mobile(group) || is_resident_id(group))
    }

    /// Returns the link between tokens `t` and `t + 1`.
    fn link(&self, t: usize) -> Option<Link> {
        self.links.get(t).copied().flatten()
    }

    /// Finds the longest number that starts at token `first`. Inside a
    /// URL, only resident IDs are matched, from tokens of the same URL.
    fn match_at(&self, first: usize) -> Option<Candidate> {
        let in_url = self.tokens.get(first)?.in_url;
        let mut best = None;
        let mut digits: Vec<char> = Vec::new();
        let mut boundaries = Vec::new();
        let mut links = Vec::new();
        let mut last = first;
        while let Some(group) = self.group(last) {
            if digits.len() + group.len() > MAX_DIGITS {
                break;
            }
            if last > first {
                boundaries.push(digits.len());
            }
            digits.extend_from_slice(group);

            let groups = Groups {
                digits: &digits,
                boundaries: &boundaries,
                links: &links,
            };
            if let Some(candidate) = self.classify(&groups, first, last)
                && (!in_url || candidate.kind == FindingKind::ResidentId)
                && !self.is_joined_to_more(&candidate, &groups)
            {
                best = Some(candidate);
            }

            // Only the last character of a number can be `X`.
            if group.last().copied().is_some_and(is_x) {
                break;
            }
            let Some(link) = self.link(last) else {
                break;
            };
            if self
                .tokens
                .get(last + 1)
                .is_none_or(|token| token.in_url != in_url)
            {
                break;
            }
            links.push(link);
            last += 1;
        }
        best
    }

    fn candidate(&self, kind: FindingKind, first: usize, last: usize) -> Candidate {
        Candidate {
            kind,
            start: self.tokens[first].start,
            end: self.tokens[last].end,
            first_token: first,
            last_token: last,
        }
    }

    /// Returns the kind of number that tokens `first..=last` spell, when
    /// their grouping fits that kind.
    fn classify(&self, groups: &Groups<'_>, first: usize, last: usize) -> Option<Candidate> {
        if groups.is_decimal() {
            return None;
        }
        let digits = groups.digits;
        let kind = if is_resident_id(digits)
            && (groups.one_char_each()
                || groups.splits_only_at(&[6, 10, 14])
                || groups.splits_only_at(&[4, 8, 12, 16]))
        {
            FindingKind::ResidentId
        } else if is_mobile(digits) && (groups.one_char_each() || groups.splits_only_at(&[3, 7])) {
            FindingKind::Mobile
        } else if is_mobile_with_country_code(groups) {
            return Some(self.with_plus(self.candidate(FindingKind::Mobile, first, last)));
        } else if is_old_resident_id(digits) && groups.splits_only_at(&[6, 12]) {
            FindingKind::ResidentIdOld
        } else if is_bank_card(digits) && is_card_grouping(groups) && !is_uscc(digits) {
            FindingKind::BankCard
        } else {
            return None;
        };
        Some(self.candidate(kind, first, last))
    }

    /// Includes a `+` directly before the candidate in its range.
    fn with_plus(&self, mut candidate: Candidate) -> Candidate {
        if candidate.start > 0 && self.char_at(candidate.start - 1) == Some('+') {
            candidate.start -= 1;
        }
        candidate
    }

    /// Returns whether the candidate is only part of a longer word or
    /// number, by the exceptions listed on [`find_personal_info`].
    fn is_joined_to_more(&self, candidate: &Candidate, groups: &Groups<'_>) -> bool {
        let first = candidate.first_token;
        let last = candidate.last_token;
        let before = first.checked_sub(1).and_then(|t| Some((t, self.link(t)?)));
        let after = self.link(last).map(|link| (last + 1, link));

        // A resident ID is checked strictly enough to be reported even when
        // a word is joined to it, as in `id-422825198503121232`.
        let words_block = self.mode == Mode::Text && candidate.kind != FindingKind::ResidentId;
        for (neighbor, link) in before.into_iter().chain(after) {
            let is_number = self.is_number(neighbor);
            let blocks = if is_number {
                !self.is_whole_number(neighbor)
            } else {
                words_block
            };
            if link.is_tight() && blocks {
                return true;
            }
            let neighbor_is_one_digit = is_number
                && self
                    .token_text(neighbor)
                    .is_some_and(|text| text.len() == 1);
            if groups.one_char_each() && neighbor_is_one_digit {
                return true;
            }
            let grouped_card =
                candidate.kind == FindingKind::BankCard && !groups.boundaries.is_empty();
            if grouped_card && is_number {
                return true;
            }
        }

        // An `_` not joined to another token still marks an identifier.
        let start = self.tokens[first].start;
        let end = self.tokens[last].end;
        let underscore_before =
            before.is_none() && start > 0 && self.char_at(start - 1) == Some('_');
        let underscore_after = after.is_none() && self.char_at(end) == Some('_');
        words_block && (underscore_before || underscore_after)
    }
}

/// Returns whether the groups are `86` or `0086` and a mobile number in
/// one of its groupings, the country code written as its own group or
/// joined directly to the number.
fn is_mobile_with_country_code(groups: &Groups<'_>) -> bool {
    ["86", "0086"].iter().any(|code| {
        let code: Vec<char> = code.chars().collect();
        let Some(rest) = groups.digits.strip_prefix(code.as_slice()) else {
            return false;
        };
        if !is_mobile(rest) || groups.boundaries.iter().any(|&b| b < code.len()) {
            return false;
        }
        groups
            .boundaries
            .iter()
            .filter(|&&b| b > code.len())
            .all(|&b| matches!(b - code.len(), 3 | 7))
    })
}

/// Returns whether the grouping fits a bank card: one piece, or four groups
/// of 4 and an optional group of 1–3, joined by spaces or `-`.
fn is_card_grouping(groups: &Groups<'_>) -> bool {
    let lengths_fit = match groups.boundaries {
        [] => true,
        [4, 8, 12] => groups.digits.len() == 16,
        [4, 8, 12, 16] => groups.digits.len() > 16,
        _ => false,
    };
    let separators_fit = groups
        .links
        .iter()
        .all(|link| matches!(link.separator, None | Some('-')));
    lengths_fit && separators_fit
}

/// Maps full-width ASCII forms (U+FF01–U+FF5E) to ASCII and the
/// ideographic, no-break and typographic spaces to a space.
fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => ' ',
        _ => c,
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_x(c: char) -> bool {
    c == 'X' || c == 'x'
}

/// Returns whether `c` is a space or tab, the characters allowed around a
/// separator. Line breaks are not allowed, so they never join groups.
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '.' | '/' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}'
    )
}

/// Separators that join parts of one word or number when written without
/// spaces: hyphens, the minus sign, `.` and `_`.
fn is_tight_separator(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '\u{2010}' | '\u{2011}' | '\u{2212}')
}

/// Parses the characters between two tokens as a link: blanks, or one
/// separator with blanks around it.
fn parse_link(gap: &[char]) -> Option<Link> {
    let leading = gap.iter().take_while(|&&c| is_blank(c)).count();
    let rest = gap.get(leading..).unwrap_or_default();
    let (separator, rest) = match rest.split_first() {
        Some((&c, rest)) if is_separator(c) => (Some(c), rest),
        _ => (None, rest),
    };
    let trailing = rest.iter().take_while(|&&c| is_blank(c)).count();
    let whole_gap = trailing == rest.len();
    let blanks_fit = leading <= MAX_BLANKS && trailing <= MAX_BLANKS;
    let not_empty = separator.is_some() || leading > 0;
    (whole_gap && blanks_fit && not_empty).then_some(Link {
        separator,
        spaced: leading + trailing > 0,
    })
}

/// Finds the tokens of the text. `urls` must be sorted and must not
/// overlap, as [`find_urls`] returns them.
fn find_tokens(chars: &[char], urls: &[Range<usize>]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut next_url = 0;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            i += 1;
        }
        while urls.get(next_url).is_some_and(|url| url.end <= start) {
            next_url += 1;
        }
        let in_url = urls.get(next_url).is_some_and(|url| url.contains(&start));
        tokens.push(Token {
            start,
            end: i,
            in_url,
        });
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
    // 422825198503121232, a made-up number with a valid check character:
    // 4·7 + 2·9 + 2·10 + 8·5 + 2·8 + 5·4 + 1·2 + 9·1 + 8·6 + 5·3 + 0·7
    // + 3·9 + 1·10 + 2·5 + 1·8 + 2·4 + 3·2 = 285, 285 mod 11 = 10 → '2'.
    const ID_3: &str = "422825198503121232";
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
        let id_3: Vec<char> = ID_3.chars().collect();
        assert!(is_resident_id(&id_3));
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
            // Mobiles in 3-4-4, 3-8 and 7-4 groups, with each kind of link.
            ("138 12345678", Mobile, "138 12345678"),
            ("1381234 5678", Mobile, "1381234 5678"),
            ("138  1234  5678", Mobile, "138  1234  5678"),
            ("138  0013  8000", Mobile, "138  0013  8000"),
            ("138 - 1234 - 5678", Mobile, "138 - 1234 - 5678"),
            ("138\t1234\t5678", Mobile, "138\t1234\t5678"),
            ("138 \t 1234 \t 5678", Mobile, "138 \t 1234 \t 5678"),
            ("0086-138-1234-5678", Mobile, "0086-138-1234-5678"),
            ("0086 13812345678", Mobile, "0086 13812345678"),
            ("008613812345678", Mobile, "008613812345678"),
            ("+86 13812345678", Mobile, "+86 13812345678"),
            ("138.1234.5678", Mobile, "138.1234.5678"),
            ("138/1234/5678", Mobile, "138/1234/5678"),
            ("138_1234_5678", Mobile, "138_1234_5678"),
            ("1381234-5678", Mobile, "1381234-5678"),
            ("138–1234–5678", Mobile, "138–1234–5678"),
            ("138—1234—5678", Mobile, "138—1234—5678"),
            ("138‐1234‐5678", Mobile, "138‐1234‐5678"),
            ("138－1234－5678", Mobile, "138－1234－5678"),
            ("138　1234　5678", Mobile, "138　1234　5678"),
            (
                "１３８－１２３４－５６７８",
                Mobile,
                "１３８－１２３４－５６７８",
            ),
            ("138．1234．5678", Mobile, "138．1234．5678"),
            ("138／1234／5678", Mobile, "138／1234／5678"),
            ("电话：138 - 1234 - 5678。", Mobile, "138 - 1234 - 5678"),
            // Single digits joined by spaces spell a whole number.
            ("1 3 8 0 0 1 3 8 0 0 0", Mobile, "1 3 8 0 0 1 3 8 0 0 0"),
            (
                "手机1 3 8 0 0 1 3 8 0 0 0。",
                Mobile,
                "1 3 8 0 0 1 3 8 0 0 0",
            ),
            (
                "4 2 2 8 2 5 1 9 8 5 0 3 1 2 1 2 3 2",
                ResidentId,
                "4 2 2 8 2 5 1 9 8 5 0 3 1 2 1 2 3 2",
            ),
            ("422825.19850312.1232", ResidentId, "422825.19850312.1232"),
            (
                "4228 2519 8503 1212 32",
                ResidentId,
                "4228 2519 8503 1212 32",
            ),
            ("422825 1985 0312 1232", ResidentId, "422825 1985 0312 1232"),
            ("422825/19850312/1232", ResidentId, "422825/19850312/1232"),
            ("422825—19850312—1232", ResidentId, "422825—19850312—1232"),
            ("110105 19491231 002X", ResidentId, "110105 19491231 002X"),
            ("420102 900307 123", ResidentIdOld, "420102 900307 123"),
            // A resident ID is reported wherever it is.
            (
                "https://example.gov.cn/a?id=422825198503121232",
                ResidentId,
                ID_3,
            ),
            (
                "见 https://example.gov.cn/art/2024/422825198503121232.html 。",
                ResidentId,
                ID_3,
            ),
            ("http://example.com/a_422825198503121232", ResidentId, ID_3),
            (
                "https://example.gov.cn/a?id=422825-19850312-1232",
                ResidentId,
                "422825-19850312-1232",
            ),
            ("id-422825198503121232", ResidentId, ID_3),
            ("422825198503121232.pdf", ResidentId, ID_3),
            ("_422825198503121232", ResidentId, ID_3),
            (
                "卡号 4111  1111  1111  1111",
                BankCard,
                "4111  1111  1111  1111",
            ),
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
            "13800 138000",
            "1 38 0013 8000",
            "4111 1111 1111 1111 1111",
            "4111 1111 1111 1111 4111 1111 1111 1111",
            "4111/1111/1111/1111",
            "422825 198503 121232",
            "42 2825 1985 0312 1232",
            // Groups not joined: a line break, more than three spaces, two
            // separators, or punctuation that is not a separator.
            "138\n0013\n8000",
            "138\r\n0013\r\n8000",
            "138    0013    8000",
            "138--0013--8000",
            "138——0013——8000",
            "138 -- 0013 -- 8000",
            "138,0013,8000",
            "138、0013、8000",
            "138:0013:8000",
            "138~0013~8000",
            "138*0013*8000",
            // Dates and date ranges.
            "2024-07-29",
            "2024.07.29",
            "2024/07/29",
            "2024 07 29",
            "2024-07-29—2024-12-31",
            "2024-07-29–2024-12-31",
            "2024.07.29-2024.12.31",
            "2024/07/29 - 2024/12/31",
            "2024-07-29 08:30",
            "2013-08-01至2013-08-31",
            // Landlines with spacing.
            "0718 - 888 8888",
            "0718 8888888",
            "(0718) 888-8888",
            "0718-8888888 转 8001",
            "027-88888888",
            // Amounts and decimals.
            "1,380,012,345 元",
            "1,380,013,800元",
            "13800.1380 万元",
            "138.12345678",
            "1381234.5678",
            "131.12345678°E",
            "13800138000.00元",
            // Version-like numbers.
            "v1.3.8",
            "1.38.0013.8000",
            "13.8.0013.8000",
            "版本 13.80.0138.000",
            // Statistics and prose numbers.
            "13 个、8000 户",
            "共 13 8000 户",
            "第1、3、8、0、0、1、3、8、0、0、0项",
            "1，3，8，0，0，1，3，8，0，0，0",
            // Single digits: too few, or part of a longer run.
            "1 3 8 0 0 1 3 8 0 0",
            "1 3 8 0 0 1 3 8 0 0 0 0",
            "2 1 3 8 0 0 1 3 8 0 0 0",
            "1 3 8 0 0 1 3 8 0 0 0-5",
            // A 17-digit number (not Luhn-valid) and a 20-digit one.
            "12345678901234560",
            "12345678901234567890",
            // Unified social credit codes with letters.
            "91350100M000100Y43",
            "统一社会信用代码：91420100MA4K1234XY",
            // Mobiles in URLs.
            "https://example.gov.cn/a?tel=138-0013-8000",
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

    #[test]
    fn grouped_range_covers_separators() {
        let text = "联系电话：0086 - 138 - 1234 - 5678，谢谢。";
        let found = find_personal_info(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, FindingKind::Mobile);
        assert_eq!(&text[found[0].range.clone()], "0086 - 138 - 1234 - 5678");
        assert_eq!(found[0].range.start, "联系电话：".len());
    }

    #[test]
    fn plus_included_before_country_code() {
        let text = "电话＋86 138 1234 5678";
        let found = kinds(text);
        let expected = vec![(FindingKind::Mobile, "＋86 138 1234 5678".to_string())];
        assert_eq!(found, expected);
    }

    #[test]
    fn neighbouring_numbers_reported_separately() {
        let cases: &[(&str, &[&str])] = &[
            ("13800138000 13900139000", &["13800138000", "13900139000"]),
            ("13800138000—13900139000", &["13800138000", "13900139000"]),
            ("13800138000-13900139000", &["13800138000", "13900139000"]),
            ("13800138000.13900139000", &["13800138000", "13900139000"]),
            (
                "13800138000_422825198503121232",
                &["13800138000", "422825198503121232"],
            ),
            (
                "138 0013 8000 139 0013 9000",
                &["138 0013 8000", "139 0013 9000"],
            ),
            ("0718-8888888 138 0013 8000", &["138 0013 8000"]),
            ("138 0013 8000 0718-8888888", &["138 0013 8000"]),
            ("13800138000 2024-07-29", &["13800138000"]),
            (
                "138-1234-5678、422825 19850312 1232",
                &["138-1234-5678", "422825 19850312 1232"],
            ),
        ];
        for &(text, expected) in cases {
            let found: Vec<String> = find_personal_info(text)
                .into_iter()
                .map(|f| f.matched)
                .collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn luhn_valid_17_digits_is_only_a_warning() {
        // 16–19 digits that pass the Luhn check are bank card warnings,
        // never errors.
        let text = "编号 12345678901234569";
        let found = find_personal_info(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, FindingKind::BankCard);
        assert!(!found[0].kind.is_error());
    }

    #[test]
    fn long_runs_of_groups() {
        let text = "1 ".repeat(50_000);
        assert_eq!(kinds(&text), vec![]);
        let text = "138 0013 8000 1 ".repeat(5_000);
        assert_eq!(find_personal_info(&text).len(), 5_000);
        let text = "www.a/1 ".repeat(10_000);
        assert_eq!(kinds(&text), vec![]);
    }

    fn name_kinds(name: &str) -> Vec<(FindingKind, String)> {
        find_personal_info_in_name(name)
            .into_iter()
            .map(|f| (f.kind, f.matched))
            .collect()
    }

    #[test]
    fn name_positive_cases() {
        use FindingKind::*;
        let cases: &[(&str, FindingKind, &str)] = &[
            ("id-422825198503121232", ResidentId, ID_3),
            ("13912345678.md", Mobile, "13912345678"),
            ("张三13812345678.pdf", Mobile, "13812345678"),
            ("13712345678", Mobile, "13712345678"),
            ("IMG_13800138000.jpg", Mobile, MOBILE),
            ("_13800138000", Mobile, MOBILE),
            ("13800138000_1a.pdf", Mobile, MOBILE),
            ("v2-13800138000", Mobile, MOBILE),
            ("tel.13800138000.pdf", Mobile, MOBILE),
            ("张三 138 0013 8000.pdf", Mobile, "138 0013 8000"),
            ("138-1234-5678.docx", Mobile, "138-1234-5678"),
            ("138_1234_5678.md", Mobile, "138_1234_5678"),
            ("86-13812345678.md", Mobile, "86-13812345678"),
            ("http-13800138000", Mobile, MOBILE),
            ("www.13800138000.md", Mobile, MOBILE),
            ("zhang-san-420102900307123.md", ResidentIdOld, OLD_ID),
            (
                "422825-19850312-1232.pdf",
                ResidentId,
                "422825-19850312-1232",
            ),
            ("card-4111111111111111.pdf", BankCard, CARD),
        ];
        for &(name, kind, matched) in cases {
            assert_eq!(
                name_kinds(name),
                vec![(kind, matched.to_string())],
                "{name}"
            );
        }
    }

    #[test]
    fn name_negative_cases() {
        let cases: &[&str] = &[
            "notice.pdf",
            "2024-07-29-notice.md",
            "2024-13800138000.md",
            "13800138000-01.md",
            "13800138000.2.md",
            "file13800138000.pdf",
            "13800138000a.pdf",
            "IMG_20240729_123456.jpg",
            "微信图片_20240729153012.jpg",
            "mmexport1721958123456.jpg",
            "1721958123456.jpg",
            "SY0024781711202300032.pdf",
            "索引号11422825011140036Y20240001.pdf",
            "138****8000.pdf",
            "0718-8888888.md",
            "12345.md",
            "宣信用办〔2024〕3号.pdf",
            "2024",
            "",
        ];
        for &name in cases {
            assert_eq!(name_kinds(name), vec![], "{name}");
        }
    }

    #[test]
    fn name_range_points_into_name() {
        let name = "张三13812345678.pdf";
        let found = find_personal_info_in_name(name);
        assert_eq!(found.len(), 1);
        assert_eq!(&name[found[0].range.clone()], "13812345678");
        assert_eq!(found[0].range.start, "张三".len());
    }

    #[test]
    fn text_rules_block_names_joined_to_letters() {
        // The same strings in running text are file names or identifiers,
        // not numbers on their own.
        for text in ["13912345678.md", "IMG_13800138000.jpg", "v2-13800138000"] {
            assert_eq!(kinds(text), vec![], "{text}");
        }
    }
}
