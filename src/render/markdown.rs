//! Markdown bodies to sanitised HTML.
//!
//! Editors are trusted but their text is published to everyone, so the
//! HTML that pulldown-cmark makes passes through an ammonia allowlist.
//! No script, style, iframe, form or event-handler attribute survives it.
//! Links keep only the http, https, mailto and tel schemes or a relative URL. The result is handed to templates as a value, never as
//! template source, so `{{ … }}` written in content is shown as text.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    // h1 is left out because every page already has its one h1, the title.
    builder.tags(HashSet::from([
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]));
    builder.tag_attributes(
        [
            ("a", HashSet::from(["href", "title"])),
            ("abbr", HashSet::from(["title"])),
            (
                "img",
                HashSet::from(["src", "alt", "title", "width", "height"]),
            ),
            ("ol", HashSet::from(["start"])),
            ("td", HashSet::from(["colspan", "rowspan"])),
            ("th", HashSet::from(["colspan", "rowspan", "scope"])),
        ]
        .into_iter()
        .collect(),
    );
    builder.generic_attributes(HashSet::new());
    builder.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
    builder.url_relative(ammonia::UrlRelative::PassThrough);
    builder.link_rel(None);
    builder.strip_comments(true);
    // An image from another host would be loaded from outside the site;
    // its src is removed here and the image dropped by `drop_images_without_src`.
    builder.attribute_filter(|element, attribute, value| match (element, attribute) {
        ("img", "src") if is_external(value) => None,
        _ => Some(Cow::Borrowed(value)),
    });
    builder
});

/// Renders Markdown to sanitised HTML.
///
/// `base_path` (`/zwcx/`) is put in front of root-relative links such as
/// `/units/fgj/`, so that they keep working when the site lives under a
/// sub-path. Headings are shifted so that the body's highest heading
/// becomes `top_heading` (2 for a body right under the page's h1).
pub fn to_html(markdown: &str, base_path: &str, top_heading: u8) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();

    let shift = heading_shift(&events, top_heading);
    let events = join_chinese_lines(events);
    let events: Vec<Event> = events
        .into_iter()
        .map(|event| rewrite_event(event, base_path, shift))
        .collect();

    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let clean = SANITIZER.clean(&html).to_string();
    wrap_tables(&drop_images_without_src(&clean))
}

/// Converts Markdown to the plain text of its rendering, for the open
/// data and feed summaries: one line per paragraph, heading, list item or
/// table row, table cells separated by tabs. Line breaks inside a Chinese
/// paragraph are joined as on the page.
///
/// NOTE: raw HTML in the Markdown is left out, text inside it included,
/// although the page shows that text after sanitising.
pub fn to_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = join_chinese_lines(Parser::new_ext(markdown, options).collect());

    let mut text = String::with_capacity(markdown.len());
    for event in events {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::End(TagEnd::TableCell) => text.push('\t'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock,
            ) => text.push('\n'),
            _ => {}
        }
    }

    // Nested blocks end several times at once; keep one line break and
    // no trailing blanks.
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// True for URLs that point to another host: a scheme or `//`.
fn is_external(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("//")
        || url
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains('/'))
}

fn heading_shift(events: &[Event], top_heading: u8) -> i32 {
    let highest = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as i32),
            _ => None,
        })
        .min();
    highest.map_or(0, |highest| i32::from(top_heading) - highest)
}

fn shifted(level: HeadingLevel, shift: i32) -> HeadingLevel {
    let target = (level as i32 + shift).clamp(2, 6);
    HeadingLevel::try_from(target as usize).unwrap_or(HeadingLevel::H6)
}

fn rewrite_event<'a>(event: Event<'a>, base_path: &str, shift: i32) -> Event<'a> {
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shifted(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level, shift))),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: with_base(dest_url, base_path),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: with_base(dest_url, base_path),
            title,
            id,
        }),
        other => other,
    }
}

fn with_base<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") {
        CowStr::from(format!("{}{}", base_path.trim_end_matches('/'), url))
    } else {
        url
    }
}

/// Drops the line break inside a paragraph between two Chinese
/// characters. Browsers show such a break as a space, which is wrong in
/// Chinese text, where editors break long lines anywhere.
fn join_chinese_lines(events: Vec<Event>) -> Vec<Event> {
    let mut joined: Vec<Event> = Vec::with_capacity(events.len());
    for (index, event) in events.iter().enumerate() {
        if matches!(event, Event::SoftBreak) {
            let before = match joined.last() {
                Some(Event::Text(text)) => text.chars().next_back(),
                _ => None,
            };
            let after = match events.get(index + 1) {
                Some(Event::Text(text)) => text.chars().next(),
                _ => None,
            };
            if before.is_some_and(is_wide) || after.is_some_and(is_wide) {
                continue;
            }
        }
        joined.push(event.clone());
    }
    joined
}

/// CJK ideographs and full-width punctuation, which take no spaces between them.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// Removes `<img>` elements whose src the sanitiser took away, since an
/// img without src is invalid HTML. Works on ammonia's output, whose
/// attribute values are always double-quoted with `"` escaped.
fn drop_images_without_src(html: &str) -> String {
    let mut output = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img") {
        output.push_str(&rest[..start]);
        let tag_len = tag_length(&rest[start..]);
        let tag = &rest[start..start + tag_len];
        if tag.contains(" src=\"") {
            output.push_str(tag);
        }
        rest = &rest[start + tag_len..];
    }
    output.push_str(rest);
    output
}

/// Length of the tag at the start of `html`, up to and including the `>`
/// that is outside any quoted attribute value.
fn tag_length(html: &str) -> usize {
    let mut quoted = false;
    for (index, c) in html.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return index + 1,
            _ => {}
        }
    }
    html.len()
}

/// Puts each table in a container that scrolls sideways on a narrow
/// screen, focusable so that keyboard users can scroll it too.
fn wrap_tables(html: &str) -> String {
    html.replace(
        "<table>",
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table>",
    )
    .replace("</table>", "</table></div>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_handlers_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=\"a.png\" onerror=\"alert(2)\" alt=\"图\">",
            "/",
            2,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert(1)"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains("<img src=\"a.png\" alt=\"图\">"), "{html}");
    }

    #[test]
    fn javascript_links_lose_href() {
        let html = to_html(
            "[点我](javascript:alert(1)) <a href=\"JavaScript:alert(2)\">再点</a>",
            "/",
            2,
        );
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("点我"), "{html}");
    }

    #[test]
    fn allowed_schemes_kept() {
        let html = to_html(
            "[a](https://www.gov.cn/) [b](mailto:x@example.gov.cn) [c](tel:12345) [d](../a.pdf)",
            "/",
            2,
        );
        for href in [
            "https://www.gov.cn/",
            "mailto:x@example.gov.cn",
            "tel:12345",
            "../a.pdf",
        ] {
            assert!(
                html.contains(&format!("href=\"{href}\"")),
                "{href} missing in {html}"
            );
        }
    }

    #[test]
    fn iframes_forms_styles_removed() {
        let html = to_html(
            "<iframe src=\"https://x\"></iframe><form><input></form><p style=\"color:red\">字</p>",
            "/",
            2,
        );
        for banned in ["<iframe", "<form", "<input", "style="] {
            assert!(!html.contains(banned), "{banned} in {html}");
        }
    }

    #[test]
    fn external_images_dropped() {
        let html = to_html(
            "![远程](https://example.com/a.png) <img src=\"//example.com/b.png\" alt=\"b\">",
            "/",
            2,
        );
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn root_links_get_base_path() {
        let html = to_html("[单位](/units/fgj/)", "/zwcx/", 2);
        assert!(html.contains("href=\"/zwcx/units/fgj/\""), "{html}");
    }

    #[test]
    fn headings_shift_below_title() {
        let html = to_html("# 一\n\n## 二", "/", 3);
        assert!(html.contains("<h3>一</h3>"), "{html}");
        assert!(html.contains("<h4>二</h4>"), "{html}");
    }

    #[test]
    fn template_syntax_left_as_text() {
        let html = to_html("{{ site.title }} {% if x %}", "/", 2);
        assert!(html.contains("{{ site.title }} {% if x %}"), "{html}");
    }

    #[test]
    fn chinese_line_breaks_joined() {
        let html = to_html("第一行\n第二行\nEnglish\nwords", "/", 2);
        assert!(html.contains("第一行第二行"), "{html}");
        assert!(html.contains("English\nwords"), "{html}");
    }

    #[test]
    fn tables_scroll_in_container() {
        let html = to_html("| 甲 | 乙 |\n|---|---|\n| 1 | 2 |", "/", 2);
        assert!(html.starts_with("<div class=\"table-wrap\""), "{html}");
        assert!(html.trim_end().ends_with("</table></div>"), "{html}");
    }

    #[test]
    fn plain_text_keeps_words_only() {
        let text = to_text(
            "## 标题\n\n第一段第一行\n第一段**第二行**。\n\n- 甲\n- 乙\n\n| 项目 | 分数 |\n|---|---|\n| 履约 | 30 |\n\n<div>原始 HTML</div>",
        );
        assert_eq!(
            text,
            "标题\n第一段第一行第一段第二行。\n甲\n乙\n项目\t分数\n履约\t30"
        );
    }

    #[test]
    fn broken_entity_scheme_stays_relative() {
        // From the markdown fuzz target: `&#x6` and NUL bytes inside an
        // entity-encoded `javascript:`. The href keeps U+0006 before the
        // colon, and a URL whose part before `:` holds a character other
        // than a letter, digit, `+`, `-` or `.` has no scheme under the
        // WHATWG URL Standard, so browsers read it as a relative URL.
        let html = to_html(
            "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x6\0\0\0\03&#x72&#x69&#x70&#x74&#x3A;alert('XSS17')\">点我</a>\n",
            "/",
            2,
        );
        let href = html
            .split("href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("");
        let before_colon = href.split(':').next().unwrap_or("");
        let has_scheme = before_colon.starts_with(|c: char| c.is_ascii_alphabetic())
            && before_colon
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        assert!(!has_scheme, "{html:?}");
        assert!(
            !html.to_ascii_lowercase().contains("javascript:"),
            "{html:?}"
        );
    }

    #[test]
    fn strikethrough_enabled() {
        assert!(to_html("~~废止~~", "/", 2).contains("<del>废止</del>"));
    }
}
