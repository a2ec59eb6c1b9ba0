//! Markdown to sanitised HTML: no panic, and nothing executable in the
//! result, whatever the input.

#![no_main]

use libfuzzer_sys::fuzz_target;

/// Elements the sanitiser must never let through.
const BANNED: [&str; 8] = [
    "script", "iframe", "svg", "math", "style", "object", "embed", "form",
];

/// Schemes a link or image may use; other schemes must be removed.
const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let html = gongshi::render::markdown::to_html(markdown, "/zwcx/", 2);
    for (name, attributes) in start_tags(&html) {
        assert!(!BANNED.contains(&name.as_str()), "<{name}> in {html:?}");
        for (attribute, value) in attributes {
            assert!(!attribute.starts_with("on"), "{attribute} in {html:?}");
            assert!(attribute != "style", "style in {html:?}");
            if attribute == "href" || attribute == "src" {
                if let Some(scheme) = scheme(&value) {
                    assert!(
                        SAFE_SCHEMES.contains(&scheme.as_str()),
                        "{scheme}: in {html:?}"
                    );
                }
            }
        }
    }
    let _ = gongshi::render::markdown::to_text(markdown);
});

/// Lists the start tags of ammonia's output with their attributes.
/// Ammonia escapes `<` in text and double-quotes every attribute value,
/// escaping `"` inside, so this simple reading is exact for its output.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = rest.find([' ', '>', '/']).unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches([' ', '/']);
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let name_end = rest.find(['=', ' ', '>']).unwrap_or(rest.len());
            let attribute = rest[..name_end].to_ascii_lowercase();
            rest = &rest[name_end..];
            let mut value = String::new();
            if let Some(quoted) = rest.strip_prefix("=\"") {
                let end = quoted.find('"').unwrap_or(quoted.len());
                value = quoted[..end].replace("&amp;", "&");
                rest = quoted.get(end + 1..).unwrap_or("");
            }
            attributes.push((attribute, value));
        }
        tags.push((name, attributes));
    }
    tags
}

/// Returns the lower-case scheme of a URL as a browser reads it (WHATWG URL
/// Standard): leading and trailing C0 controls and spaces are trimmed, tabs
/// and line breaks removed, and a scheme is an ASCII letter followed by
/// letters, digits, `+`, `-` or `.` before a `:`. Anything else is a
/// relative URL, for which this returns `None`.
fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}
