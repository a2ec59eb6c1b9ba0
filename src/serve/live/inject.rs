//! The live-reload script and the error overlay added to served HTML.
//!
//! The page's own bytes are not changed: the snippet is inserted just
//! before the last `</body>` (or appended when there is none). The
//! overlay is rendered here for pages served while errors exist, and by
//! the script (from the same markup and styles) when errors arrive later.

use serde::Serialize;

use super::Current;

/// The script, a function expression that the page calls with its config.
const SCRIPT: &str = include_str!("reload.js");

const TITLE: &str = "内容有错误，下面是上次成功生成的网站";
const HINT: &str = "改正下面列出的问题并保存文件，页面会自动刷新。";

// Inline styles, because the overlay must look the same on every theme.
// Dark red #b3261e on white has a contrast ratio of about 6.5:1, #1a1a1a
// on #fdf3f2 about 16:1. Text wraps anywhere, so long paths fit at 390 px.
const OVERLAY_STYLE: &str = "position:fixed;top:0;left:0;right:0;max-height:100%;overflow:auto;\
z-index:2147483647;box-sizing:border-box;margin:0;padding:16px;background:#fff;color:#1a1a1a;\
border-bottom:4px solid #b3261e;box-shadow:0 4px 16px rgba(0,0,0,.35);text-align:left;\
font:16px/1.6 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif";
const PANEL_STYLE: &str = "max-width:60em;margin:0 auto";
const BUTTON_STYLE: &str = "float:right;margin:0 0 8px 12px;min-width:44px;min-height:44px;\
padding:8px 16px;font:inherit;color:#1a1a1a;background:#fff;border:2px solid #1a1a1a;\
border-radius:4px;cursor:pointer";
const TITLE_STYLE: &str = "margin:0 0 8px;padding:0;border:0;font-size:20px;line-height:1.4;\
font-weight:bold;color:#b3261e";
const HINT_STYLE: &str = "margin:0 0 12px;padding:0";
const ITEM_STYLE: &str = "margin:0 0 12px;padding:12px;white-space:pre-wrap;word-wrap:break-word;\
overflow-wrap:anywhere;font:15px/1.6 ui-monospace,Consolas,'Courier New',monospace;color:#1a1a1a;\
background:#fdf3f2;border:0;border-left:4px solid #b3261e";

#[derive(Serialize)]
struct ScriptConfig {
    token: String,
    events: String,
    overlay: String,
    item: &'static str,
}

/// Returns `html` with the live-reload script, and the error overlay while
/// `current` has errors, inserted just before the last `</body>`.
pub(crate) fn inject_live_reload(html: &[u8], base_path: &str, current: &Current) -> Vec<u8> {
    let mut snippet = String::new();
    if !current.errors.is_empty() {
        snippet.push_str(&overlay_html(&current.errors));
    }
    snippet.push_str(&script_html(base_path, &current.token()));

    let at = find_last_body_end(html).unwrap_or(html.len());
    let mut page = Vec::with_capacity(html.len() + snippet.len());
    page.extend_from_slice(&html[..at]);
    page.extend_from_slice(snippet.as_bytes());
    page.extend_from_slice(&html[at..]);
    page
}

fn script_html(base_path: &str, token: &str) -> String {
    let config = ScriptConfig {
        token: token.to_string(),
        events: format!("{base_path}__gongshi/events"),
        overlay: overlay_html(&[]),
        item: ITEM_STYLE,
    };
    let json = serde_json::to_string(&config).unwrap_or_else(|_| "{}".to_string());
    format!(
        "<script>{}({});</script>",
        SCRIPT.trim_end(),
        escape_json_for_script(&json)
    )
}

/// Escapes JSON for a `<script>` element: `<`, `>` and `&` inside strings
/// become `\u003c`… so no `</script>` or `<!--` can end or change the
/// element, and U+2028/U+2029, which end a line in ES5 string literals,
/// become escapes too. The JSON means the same afterwards.
fn escape_json_for_script(json: &str) -> String {
    let mut escaped = String::with_capacity(json.len());
    for character in json.chars() {
        match character {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Renders the overlay with one preformatted block per diagnostic. The
/// script finds the list by its id and fills it the same way.
fn overlay_html(diagnostics: &[String]) -> String {
    let mut items = String::new();
    for diagnostic in diagnostics {
        items.push_str(&format!(
            "<pre style=\"{ITEM_STYLE}\">{}</pre>",
            escape_html(diagnostic)
        ));
    }
    format!(
        "<div id=\"gongshi-errors\" role=\"alertdialog\" aria-modal=\"true\" \
         aria-labelledby=\"gongshi-errors-title\" aria-describedby=\"gongshi-errors-hint\" \
         lang=\"zh-CN\" style=\"{OVERLAY_STYLE}\"><div style=\"{PANEL_STYLE}\">\
         <button type=\"button\" id=\"gongshi-errors-close\" aria-label=\"关闭错误提示\" \
         style=\"{BUTTON_STYLE}\">关闭</button>\
         <h2 id=\"gongshi-errors-title\" style=\"{TITLE_STYLE}\">{TITLE}</h2>\
         <p id=\"gongshi-errors-hint\" style=\"{HINT_STYLE}\">{HINT}</p>\
         <div id=\"gongshi-errors-list\">{items}</div></div></div>"
    )
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Returns the offset of the last `</body>`, in any letter case.
fn find_last_body_end(html: &[u8]) -> Option<usize> {
    const BODY_END: &[u8] = b"</body";
    html.windows(BODY_END.len())
        .rposition(|window| window.eq_ignore_ascii_case(BODY_END))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::live::{PreviewState, Snapshot};

    fn state_with_errors(errors: Vec<String>) -> std::sync::Arc<PreviewState> {
        let state = PreviewState::new(Snapshot::default(), "/zwcx/".into());
        if !errors.is_empty() {
            state.show_errors(errors);
        }
        state
    }

    fn inject(html: &str, errors: Vec<String>) -> String {
        let state = state_with_errors(errors);
        let page = inject_live_reload(html.as_bytes(), state.base_path(), &state.current());
        String::from_utf8(page).expect("UTF-8 page")
    }

    #[test]
    fn script_goes_before_last_body_end() {
        let html = "<html><body><p>&lt;b&gt; 正文</p><!-- </body> --></BODY></html>";
        let page = inject(html, Vec::new());
        let at = page.find("<script>").expect("script inserted");
        assert_eq!(
            &page[..at],
            "<html><body><p>&lt;b&gt; 正文</p><!-- </body> -->"
        );
        assert!(page.ends_with("</script></BODY></html>"), "{page}");
    }

    #[test]
    fn page_without_body_end_gets_script_appended() {
        let page = inject("<p>片段", Vec::new());
        assert!(page.starts_with("<p>片段<script>"), "{page}");
        assert!(page.ends_with("</script>"), "{page}");
    }

    #[test]
    fn page_bytes_around_snippet_unchanged() {
        let html = "<!doctype html><body>\u{2028}&amp;<script>var a = \"</p>\";</script></body>\n";
        let page = inject(html, vec!["x".into()]);
        let start = page.find("<div id=\"gongshi-errors\"").expect("overlay");
        let end = page.rfind("</body>").expect("body end");
        assert_eq!(format!("{}{}", &page[..start], &page[end..]), html);
    }

    #[test]
    fn overlay_only_while_errors() {
        let without = inject("<body></body>", Vec::new());
        assert!(!without.contains("role=\"alertdialog\""), "{without}");
        assert!(
            without.contains("\"events\":\"/zwcx/__gongshi/events\""),
            "{without}"
        );

        let with = inject(
            "<body></body>",
            vec!["content/a.md:1:1: 错误：x\n    修改方法：y".into()],
        );
        assert!(with.contains("role=\"alertdialog\""), "{with}");
        assert!(with.contains(TITLE), "{with}");
        assert!(with.contains("id=\"gongshi-errors-close\""), "{with}");
        assert!(
            with.contains(">content/a.md:1:1: 错误：x\n    修改方法：y</pre>"),
            "{with}"
        );
    }

    #[test]
    fn diagnostics_html_escaped_in_overlay() {
        let page = inject(
            "<body></body>",
            vec!["<script>alert('x')</script> & \"q\"".into()],
        );
        assert!(
            page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"),
            "{page}"
        );
        assert!(!page.contains("<script>alert"), "{page}");
    }

    #[test]
    fn script_cannot_end_early() {
        let snippet = script_html("/a</script><!--\u{2028}/", "1-1");
        let body = snippet
            .strip_prefix("<script>")
            .and_then(|rest| rest.strip_suffix("</script>"))
            .expect("one script element");
        assert!(!body.to_ascii_lowercase().contains("</script"), "{body}");
        assert!(!body.contains("<!--"), "{body}");
        assert!(!body.contains('\u{2028}'), "{body}");
        assert!(
            body.contains("\\u003c/script\\u003e\\u003c!--\\u2028"),
            "{body}"
        );
    }

    #[test]
    fn script_config_is_valid_json() {
        let snippet = script_html("/政务/", "abc-3");
        let start = snippet.rfind("({").expect("config start") + 1;
        let end = snippet.rfind(");</script>").expect("config end");
        let config: serde_json::Value =
            serde_json::from_str(&snippet[start..end]).expect("JSON config");
        assert_eq!(config["token"], "abc-3");
        assert_eq!(config["events"], "/政务/__gongshi/events");
        assert_eq!(config["overlay"], overlay_html(&[]));
        assert_eq!(config["item"], ITEM_STYLE);
    }

    #[test]
    fn script_is_plain_es5() {
        // Syntax that ES5 browsers reject.
        for token in [
            "=>", "let ", "const ", "`", "class ", "...", "async ", "await ",
        ] {
            assert!(!SCRIPT.contains(token), "reload.js contains {token:?}");
        }
    }
}
