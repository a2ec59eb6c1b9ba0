//! Search normalisation: the character mapping applied to indexed text
//! and to queries alike, so that a 文号 written with any bracket, a code in
//! full-width digits or a traditional-character query still matches.
//! The browser client implements the same steps; the test vectors in
//! tests/search/normalization.json keep the two in step.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Traditional → simplified pairs from OpenCC's TSCharacters table.
const T2S_TABLE: &str = include_str!("t2s.txt");

fn t2s() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        T2S_TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut chars = line.chars();
                Some((chars.next()?, chars.next()?))
            })
            .collect()
    })
}

/// The t2s table as a direct index over the Basic Multilingual Plane,
/// where 0 means unmapped, and a map for characters above it. Indexing
/// looks up every character of every document, and a hash map lookup per
/// character was a visible share of the index stage.
struct T2sIndex {
    bmp: Vec<u32>,
    astral: HashMap<char, char>,
}

impl T2sIndex {
    fn get(&self, c: char) -> Option<char> {
        match self.bmp.get(c as usize) {
            Some(0) => None,
            Some(&simplified) => char::from_u32(simplified),
            None => self.astral.get(&c).copied(),
        }
    }
}

fn t2s_index() -> &'static T2sIndex {
    static INDEX: OnceLock<T2sIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = T2sIndex {
            bmp: vec![0; 0x1_0000],
            astral: HashMap::new(),
        };
        for (&traditional, &simplified) in t2s() {
            match index.bmp.get_mut(traditional as usize) {
                Some(slot) => *slot = simplified as u32,
                None => {
                    index.astral.insert(traditional, simplified);
                }
            }
        }
        index
    })
}

/// Whitespace as the client's regular expression `\s` sees it, listed so
/// that Rust and JavaScript drop exactly the same characters.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{09}'..='\u{0D}'
            | ' '
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// Applies steps 1–4 of the normalisation (width, whitespace and control
/// characters, case, brackets); `None` drops the character. The result is
/// the key the traditional → simplified table is looked up with.
pub fn prepare_char(c: char) -> Option<char> {
    // Full-width forms U+FF01–U+FF5E are ASCII shifted by 0xFEE0.
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if is_space(c) || c.is_control() {
        return None;
    }
    let c = c.to_ascii_lowercase();
    Some(match c {
        '〔' | '【' | '[' | '﹝' | '⦗' | '〖' | '(' => '(',
        '〕' | '】' | ']' | '﹞' | '⦘' | '〗' | ')' => ')',
        other => other,
    })
}

/// Maps one character; `None` drops it.
pub fn normalize_char(c: char) -> Option<char> {
    let c = prepare_char(c)?;
    Some(t2s_index().get(c).unwrap_or(c))
}

/// Maps one character with a given traditional → simplified table, as the
/// browser client does with the buckets it has fetched.
pub fn normalize_char_with(c: char, table: &HashMap<char, char>) -> Option<char> {
    let c = prepare_char(c)?;
    Some(table.get(&c).copied().unwrap_or(c))
}

/// Splits the table into `count` strings of pairs, by the code point of
/// the traditional character mod `count`.
pub fn t2s_buckets(count: u32) -> Vec<String> {
    let mut buckets = vec![String::new(); count.max(1) as usize];
    for line in T2S_TABLE.lines().filter(|line| !line.starts_with('#')) {
        if let Some(first) = line.chars().next() {
            buckets[(first as u32 % count.max(1)) as usize].push_str(line);
        }
    }
    buckets
}

/// Returns the table's pairs for the characters of `texts` it maps, in
/// code point order, as one string of pairs.
pub fn t2s_pairs_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let table = t2s_index();
    let mut found = std::collections::BTreeMap::new();
    for text in texts {
        for c in text.chars().filter_map(prepare_char) {
            if let Some(simplified) = table.get(c) {
                found.insert(c, simplified);
            }
        }
    }
    found.into_iter().flat_map(|(a, b)| [a, b]).collect()
}

/// Normalises a text into its characters.
pub fn normalize(text: &str) -> Vec<char> {
    text.chars().filter_map(normalize_char).collect()
}

/// Splits a query into normalised terms, dropping empty ones.
pub fn query_terms(query: &str) -> Vec<Vec<char>> {
    query_terms_with(query, normalize_char)
}

/// Splits a query at whitespace into terms normalised by `map`.
pub fn query_terms_with(query: &str, map: impl Fn(char) -> Option<char>) -> Vec<Vec<char>> {
    query
        .split(|c: char| is_space(c) || c == '\u{3000}')
        .map(|part| part.chars().filter_map(&map).collect::<Vec<char>>())
        .filter(|term| !term.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> String {
        normalize(text).into_iter().collect()
    }

    #[test]
    fn brackets_width_and_spaces() {
        assert_eq!(n("宣信用办〔2024〕3号"), "宣信用办(2024)3号");
        assert_eq!(n("宣信用办[2024] 3号"), "宣信用办(2024)3号");
        assert_eq!(n("宣信用办（２０２４）３号"), "宣信用办(2024)3号");
        assert_eq!(n("宣信用办【2024】3号"), "宣信用办(2024)3号");
        assert_eq!(n("11422825MB 0000 01X"), "11422825mb000001x");
    }

    #[test]
    fn traditional_to_simplified() {
        assert_eq!(n("誠信 發改"), "诚信发改");
        assert_eq!(n("乾隆"), "乾隆");
    }

    #[test]
    fn query_split_on_any_space() {
        let terms: Vec<String> = query_terms("发改\u{3000}2024  誠信")
            .into_iter()
            .map(|t| t.into_iter().collect())
            .collect();
        assert_eq!(terms, vec!["发改", "2024", "诚信"]);
    }
}
