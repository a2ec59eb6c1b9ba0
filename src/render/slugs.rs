//! ASCII path segments for Chinese names, and Chinese ordering.
//!
//! Category names are configurable Chinese text. Percent-encoded Chinese
//! is legal in a URL, but some county web servers and their WAFs mangle
//! or reject it. A category's segment is therefore the pinyin initials of
//! its name (政策文件 → `zcwj`), the way Chinese government sites name
//! their columns (`zwgk` for 政务公开). The segment depends only on the
//! name and on the other names it collides with, so it survives
//! reordering the list in site.toml. Renaming a category changes its URL.

use std::collections::BTreeMap;

use pinyin::ToPinyin;

/// Maps each name to a unique ASCII segment: initials first, the full
/// pinyin for names whose initials collide, and a hash of the name as
/// the last resort for homophones.
pub fn category_slugs<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: Vec<&str> = {
        let mut names: Vec<&str> = names.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        names
    };

    let mut slugs: BTreeMap<String, String> = names
        .iter()
        .map(|name| (name.to_string(), initials(name)))
        .collect();
    for make in [full_pinyin as fn(&str) -> String, hashed] {
        let colliding = colliding_names(&slugs);
        if colliding.is_empty() {
            break;
        }
        for name in colliding {
            let slug = make(&name);
            slugs.insert(name, slug);
        }
    }
    slugs
}

fn colliding_names(slugs: &BTreeMap<String, String>) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for slug in slugs.values() {
        *count.entry(slug.as_str()).or_default() += 1;
    }
    slugs
        .iter()
        .filter(|(_, slug)| count[slug.as_str()] > 1)
        .map(|(name, _)| name.clone())
        .collect()
}

/// Lowercase pinyin initials of the Han characters and the ASCII letters
/// and digits of `name`; other characters are skipped.
fn initials(name: &str) -> String {
    let slug: String = syllables(name)
        .iter()
        .filter_map(|syllable| syllable.chars().next())
        .collect();
    if slug.is_empty() { hashed(name) } else { slug }
}

fn full_pinyin(name: &str) -> String {
    let slug = syllables(name).join("-");
    if slug.is_empty() { hashed(name) } else { slug }
}

/// Returns the initials followed by an FNV-1a hash of the name, which is
/// stable across runs and platforms.
fn hashed(name: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let prefix: String = syllables(name)
        .iter()
        .filter_map(|s| s.chars().next())
        .collect();
    if prefix.is_empty() {
        format!("c{hash:08x}")
    } else {
        format!("{prefix}-{hash:08x}")
    }
}

/// Splits text into the pinyin syllables of its Han characters, with
/// each ASCII alphanumeric run as one lowercase syllable.
fn syllables(text: &str) -> Vec<String> {
    let mut syllables = Vec::new();
    let mut ascii = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            syllables.push(std::mem::take(&mut ascii));
        }
        if let Some(pinyin) = c.to_pinyin() {
            // Plain pinyin writes ü as "ü" in some entries; URLs take "v".
            syllables.push(pinyin.plain().replace('ü', "v"));
        }
    }
    if !ascii.is_empty() {
        syllables.push(ascii);
    }
    syllables
}

/// Returns a key that orders Chinese names by pinyin, the order of a
/// Chinese index, with the name itself breaking ties between homophones.
// NOTE: a polyphonic character takes the first reading in the pinyin
// data, without context, so 长潭河 sorts as "zhang" and not "chang".
pub fn pinyin_sort_key(name: &str) -> (String, String) {
    (syllables(name).join(" "), name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_categories_get_initials() {
        let slugs = category_slugs(["政策文件", "政策解读", "行政审批", "其他"]);
        assert_eq!(slugs["政策文件"], "zcwj");
        assert_eq!(slugs["政策解读"], "zcjd");
        assert_eq!(slugs["其他"], "qt");
    }

    #[test]
    fn colliding_initials_use_full_pinyin() {
        let slugs = category_slugs(["政策", "正常"]);
        assert_eq!(slugs["政策"], "zheng-ce");
        assert_eq!(slugs["正常"], "zheng-chang");
    }

    #[test]
    fn slugs_do_not_depend_on_order() {
        let a = category_slugs(["服务承诺", "其他", "为民办实事"]);
        let b = category_slugs(["为民办实事", "服务承诺", "其他"]);
        assert_eq!(a, b);
    }

    #[test]
    fn names_without_letters_hashed() {
        let slugs = category_slugs(["（）"]);
        assert!(slugs["（）"].starts_with('c'), "{}", slugs["（）"]);
        assert!(slugs["（）"].is_ascii(), "{}", slugs["（）"]);
    }

    #[test]
    fn sort_key_orders_by_pinyin() {
        let mut names = vec!["珠山镇", "椒园镇", "沙道沟镇"];
        names.sort_by_key(|name| pinyin_sort_key(name));
        assert_eq!(names, vec!["椒园镇", "沙道沟镇", "珠山镇"]);
    }
}
