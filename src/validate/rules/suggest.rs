//! "Did you mean" suggestions for unknown keys, list values and unit ids.

/// Returns the candidate closest to `word` by edit distance over
/// characters, the first one on ties, or `None` when it is not close.
///
/// The distance is Levenshtein's with one addition: swapping two adjacent
/// characters costs 1, not 2 (optimal string alignment distance). Without
/// it, `titel` would be 2 edits from `title`, above the limit of 1 for a
/// five-letter word.
///
/// The closest candidate is returned when its distance is at most
/// max(1, ⌊len / 3⌋), where `len` is the number of characters in `word`.
/// It is also returned when one of the two contains the other and the
/// contained one has at least 2 characters (`unit` → `units`, `发改委` →
/// `县发改委`). An empty word and empty candidates never match.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_chars: Vec<char> = word.chars().collect();
    if word_chars.is_empty() {
        return None;
    }

    let mut best: Option<(&'a str, usize)> = None;
    for candidate in candidates {
        let candidate_chars: Vec<char> = candidate.chars().collect();
        if candidate_chars.is_empty() {
            continue;
        }
        // The length difference is a lower bound of the distance, so a
        // candidate that cannot beat the best one is skipped unscored.
        let lower_bound = word_chars.len().abs_diff(candidate_chars.len());
        if best.is_some_and(|(_, distance)| lower_bound >= distance) {
            continue;
        }
        let distance = edit_distance(&word_chars, &candidate_chars);
        if best.is_none_or(|(_, best_distance)| distance < best_distance) {
            best = Some((candidate, distance));
        }
    }

    let (candidate, distance) = best?;
    let max_distance = (word_chars.len() / 3).max(1);
    if distance <= max_distance || contains_either(word, candidate) {
        Some(candidate)
    } else {
        None
    }
}

fn contains_either(word: &str, candidate: &str) -> bool {
    let (shorter, longer) = if word.chars().count() <= candidate.chars().count() {
        (word, candidate)
    } else {
        (candidate, word)
    };
    shorter.chars().count() >= 2 && longer.contains(shorter)
}

/// Optimal string alignment distance: insert, delete, substitute and
/// swap of two adjacent characters each cost 1. Keeps three rows.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut before_previous: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            let delete = previous[j + 1] + 1;
            let insert = current[j] + 1;
            let mut best = substitute.min(delete).min(insert);
            let swapped = i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb;
            if swapped {
                best = best.min(before_previous[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD_KEYS: [&str; 8] = [
        "title", "date", "draft", "updated", "slug", "units", "deadline", "status",
    ];

    #[test]
    fn typos_suggest_key() {
        assert_eq!(closest("titel", RECORD_KEYS), Some("title"));
        assert_eq!(closest("deadlin", RECORD_KEYS), Some("deadline"));
        assert_eq!(closest("unit", RECORD_KEYS), Some("units"));
        assert_eq!(closest("stauts", RECORD_KEYS), Some("status"));
        assert_eq!(closest("Title", RECORD_KEYS), Some("title"));
    }

    #[test]
    fn nothing_close_is_none() {
        assert_eq!(closest("publisher", RECORD_KEYS), None);
        assert_eq!(closest("xyz", RECORD_KEYS), None);
        assert_eq!(closest("title", []), None);
    }

    #[test]
    fn exact_match_returned() {
        assert_eq!(closest("date", RECORD_KEYS), Some("date"));
    }

    #[test]
    fn ties_go_to_first_candidate() {
        assert_eq!(closest("dat", ["data", "date"]), Some("data"));
        assert_eq!(closest("dat", ["date", "data"]), Some("date"));
    }

    #[test]
    fn containment_beyond_distance() {
        // Distance 7 is above max(1, 5 / 3), but the candidate contains the word.
        assert_eq!(closest("index", ["index_no_full"]), Some("index_no_full"));
        // The word contains the candidate.
        assert_eq!(closest("review_approved_by", ["review"]), Some("review"));
        // A single contained character is not enough.
        assert_eq!(closest("a", ["category"]), None);
    }

    #[test]
    fn chinese_values() {
        let statuses = ["推进中", "已兑现", "部分兑现", "未兑现"];
        assert_eq!(closest("已兑", statuses), Some("已兑现"));
        assert_eq!(closest("部份兑现", statuses), Some("部分兑现"));
        assert_eq!(
            closest("发改委", ["县财政局", "县发改委"]),
            Some("县发改委")
        );
        assert_eq!(closest("完成", statuses), None);
    }

    #[test]
    fn empty_strings_never_match() {
        assert_eq!(closest("", RECORD_KEYS), None);
        assert_eq!(closest("title", ["", "titles"]), Some("titles"));
        assert_eq!(closest("t", [""]), None);
    }

    #[test]
    fn edit_distances() {
        let distance = |a: &str, b: &str| {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            edit_distance(&a, &b)
        };
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("标题", "标提"), 1);
        assert_eq!(distance("same", "same"), 0);
        // Adjacent swaps cost 1.
        assert_eq!(distance("titel", "title"), 1);
        assert_eq!(distance("ab", "ba"), 1);
        // Optimal string alignment edits no substring twice, so this is 3.
        assert_eq!(distance("ca", "abc"), 3);
    }
}
