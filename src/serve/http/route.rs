//! Request targets to snapshot keys, rejecting every path that could
//! mean something else on some file system.
//!
//! The result is only ever looked up in the snapshot's map of output
//! files, so even a path that slipped through could not reach a file
//! outside the build output. The checks still reject such paths with 400,
//! which stays safe if the lookup ever changes.

/// Maximum length of a request target, in bytes.
pub(crate) const MAX_TARGET_BYTES: usize = 2048;

/// The path of the event stream under the base path.
pub(crate) const EVENTS_PATH: &str = "__gongshi/events";

/// The resource a request target names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// An output file, by its key in the snapshot.
    File(String),
    /// The live-reload event stream; `seen` is the `v` query parameter,
    /// the version token of the page that connects.
    Events {
        seen: Option<String>,
    },
    /// A folder without its trailing slash: the target to redirect to.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Resolves `target` (the request target as sent, e.g.
/// `/zwcx/commitments/?page=2`) under `base_path` (decoded, starting and
/// ending with `/`). `is_file` returns whether the snapshot has a key.
pub(crate) fn route(target: &str, base_path: &str, is_file: impl Fn(&str) -> bool) -> Route {
    if target.len() > MAX_TARGET_BYTES {
        return Route::BadRequest;
    }
    // Only visible ASCII: no spaces, tabs or control characters, raw or in
    // the query, which goes back out in a Location header.
    if !target.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Route::BadRequest;
    }

    let target = target.split('#').next().unwrap_or_default();
    let (raw_path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    // Origin form only: `*` and absolute URLs (proxy requests) are not for us.
    if !raw_path.starts_with('/') {
        return Route::BadRequest;
    }

    let Some(path) = decode_path(raw_path) else {
        return Route::BadRequest;
    };
    // Checked before the base path, so that `//etc/passwd` is rejected
    // as such whatever the base path is.
    if !is_safe_relative(&path[1..]) {
        return Route::BadRequest;
    }

    let base_without_slash = base_path.trim_end_matches('/');
    if !base_without_slash.is_empty() && path == base_without_slash {
        return Route::Redirect(with_slash(raw_path, query));
    }
    let Some(relative) = path.strip_prefix(base_path) else {
        return Route::NotFound;
    };

    if relative == EVENTS_PATH {
        return Route::Events {
            seen: query
                .and_then(|query| query_value(query, "v"))
                .map(str::to_string),
        };
    }

    let key = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    };
    if is_file(&key) {
        Route::File(key)
    } else if !relative.is_empty()
        && !relative.ends_with('/')
        && is_file(&format!("{relative}/index.html"))
    {
        Route::Redirect(with_slash(raw_path, query))
    } else {
        Route::NotFound
    }
}

/// Percent-decodes the path once and checks what it became. Returns
/// `None` for an encoded `/` or `\`, a broken or double escape, invalid
/// UTF-8, a control character or a backslash.
fn decode_path(raw_path: &str) -> Option<String> {
    let lower = raw_path.to_ascii_lowercase();
    // An encoded separator would make one segment look like two to a
    // file system but not to the checks below.
    if lower.contains("%2f") || lower.contains("%5c") {
        return None;
    }

    let decoded = String::from_utf8(percent_decode(raw_path.as_bytes())?).ok()?;
    // `char::is_control` covers C0, DEL and C1, NUL included.
    if decoded
        .chars()
        .any(|character| character.is_control() || character == '\\')
    {
        return None;
    }
    // A second layer of escapes (`%252e%252e` → `%2e%2e`) is meant for a
    // server that decodes twice: reject it rather than guess.
    let decoded_lower = decoded.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c", "%00"]
        .iter()
        .any(|escape| decoded_lower.contains(escape))
    {
        return None;
    }
    Some(decoded)
}

/// Checks a decoded path without its leading `/`: no empty segment (`//`,
/// an absolute path), no `.` or `..`, and no `:` (drive letters such as
/// `C:` and Windows stream names). A final empty segment is a folder.
fn is_safe_relative(relative: &str) -> bool {
    let segments: Vec<&str> = relative.split('/').collect();
    let last = segments.len() - 1;
    segments.iter().enumerate().all(|(index, segment)| {
        let empty_allowed = index == last;
        (empty_allowed || !segment.is_empty())
            && *segment != "."
            && *segment != ".."
            && !segment.contains(':')
    })
}

/// Decodes `%XX` escapes once; `+` stays as it is, as in any URL path.
/// Returns `None` when a `%` is not followed by two hex digits.
pub(crate) fn percent_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut output = Vec::with_capacity(input.len());
    let mut index = 0;
    while index < input.len() {
        let byte = input[index];
        if byte == b'%' {
            let high = hex_value(*input.get(index + 1)?)?;
            let low = hex_value(*input.get(index + 2)?)?;
            output.push(high * 16 + low);
            index += 3;
        } else {
            output.push(byte);
            index += 1;
        }
    }
    Some(output)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

fn with_slash(raw_path: &str, query: Option<&str>) -> String {
    match query {
        Some(query) => format!("{raw_path}/?{query}"),
        None => format!("{raw_path}/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[&str] = &[
        "index.html",
        "404.html",
        "commitments/index.html",
        "static/style.css",
        "政务/index.html",
        "files/a+b.pdf",
    ];

    fn resolve(target: &str, base_path: &str) -> Route {
        route(target, base_path, |key| FILES.contains(&key))
    }

    fn file(key: &str) -> Route {
        Route::File(key.to_string())
    }

    #[test]
    fn files_under_base_path() {
        assert_eq!(resolve("/zwcx/", "/zwcx/"), file("index.html"));
        assert_eq!(
            resolve("/zwcx/commitments/", "/zwcx/"),
            file("commitments/index.html")
        );
        assert_eq!(
            resolve("/zwcx/static/style.css", "/zwcx/"),
            file("static/style.css")
        );
        assert_eq!(
            resolve("/zwcx/static/style.css?v=3#top", "/zwcx/"),
            file("static/style.css")
        );
        assert_eq!(resolve("/", "/"), file("index.html"));
        assert_eq!(
            resolve("/commitments/index.html", "/"),
            file("commitments/index.html")
        );
    }

    #[test]
    fn percent_encoded_names_found() {
        assert_eq!(
            resolve("/%E6%94%BF%E5%8A%A1/", "/"),
            file("政务/index.html")
        );
        assert_eq!(resolve("/files/a%2Bb.pdf", "/"), file("files/a+b.pdf"));
        assert_eq!(resolve("/files/a+b.pdf", "/"), file("files/a+b.pdf"));
        assert_eq!(
            resolve("/%E6%94%BF%E5%8A%A1/", "/政务/"),
            file("index.html")
        );
    }

    #[test]
    fn folders_get_trailing_slash() {
        assert_eq!(resolve("/zwcx", "/zwcx/"), Route::Redirect("/zwcx/".into()));
        assert_eq!(
            resolve("/zwcx?x=1", "/zwcx/"),
            Route::Redirect("/zwcx/?x=1".into())
        );
        assert_eq!(
            resolve("/zwcx/commitments", "/zwcx/"),
            Route::Redirect("/zwcx/commitments/".into())
        );
        assert_eq!(
            resolve("/%E6%94%BF%E5%8A%A1", "/"),
            Route::Redirect("/%E6%94%BF%E5%8A%A1/".into())
        );
    }

    #[test]
    fn outside_base_path_not_found() {
        assert_eq!(resolve("/", "/zwcx/"), Route::NotFound);
        assert_eq!(resolve("/index.html", "/zwcx/"), Route::NotFound);
        assert_eq!(resolve("/zwcxx/", "/zwcx/"), Route::NotFound);
        assert_eq!(resolve("/zwcx/missing.html", "/zwcx/"), Route::NotFound);
    }

    #[test]
    fn events_endpoint_with_token() {
        assert_eq!(
            resolve("/zwcx/__gongshi/events", "/zwcx/"),
            Route::Events { seen: None }
        );
        assert_eq!(
            resolve("/zwcx/__gongshi/events?x=1&v=ab-3", "/zwcx/"),
            Route::Events {
                seen: Some("ab-3".into())
            }
        );
        assert_eq!(resolve("/__gongshi/events", "/zwcx/"), Route::NotFound);
    }

    #[test]
    fn traversal_forms_rejected() {
        let targets = [
            "/zwcx/../secret.txt",
            "/zwcx/./index.html",
            "/zwcx/commitments/../../secret.txt",
            "/zwcx/%2e%2e/secret.txt",
            "/zwcx/%2E%2E/secret.txt",
            "/zwcx/.%2e/secret.txt",
            "/zwcx/%2e./secret.txt",
            "/zwcx/..%2fsecret.txt",
            "/zwcx/..%2Fsecret.txt",
            "/zwcx/..%5csecret.txt",
            "/zwcx/..%5Csecret.txt",
            "/zwcx/..\\secret.txt",
            "/zwcx/%252e%252e/secret.txt",
            "/zwcx/%25%32%65%25%32%65/secret.txt",
            "/zwcx/index.html%00.css",
            "/zwcx/a%0d%0aSet-Cookie:x",
            "/zwcx/%7f",
            "/zwcx/%c2%85",
            "/zwcx//etc/passwd",
            "/zwcx/commitments//index.html",
            "/zwcx/C:/Windows/win.ini",
            "/zwcx/c:%5cwindows",
            "/zwcx/index.html::$DATA",
            "/zwcx/%ff%fe",
            "/zwcx/%c0%ae%c0%ae/secret.txt",
            "/zwcx/%e0%80%ae",
            "/zwcx/%zz",
            "/zwcx/%4",
            "/zwcx/a\tb",
            "//etc/passwd",
            "../secret.txt",
            "*",
            "http://example.com/zwcx/",
            "C:/secret.txt",
        ];
        for target in targets {
            assert_eq!(resolve(target, "/zwcx/"), Route::BadRequest, "{target}");
        }
    }

    #[test]
    fn traversal_at_root_base_rejected() {
        for target in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "//secret.txt",
            "/C:/secret.txt",
            "/%00",
        ] {
            assert_eq!(resolve(target, "/"), Route::BadRequest, "{target}");
        }
    }

    #[test]
    fn long_targets_rejected() {
        let at_limit = format!("/zwcx/{}", "a".repeat(MAX_TARGET_BYTES - 6));
        assert_eq!(at_limit.len(), MAX_TARGET_BYTES);
        assert_eq!(resolve(&at_limit, "/zwcx/"), Route::NotFound);

        let over = format!("{at_limit}a");
        assert_eq!(resolve(&over, "/zwcx/"), Route::BadRequest);
    }

    #[test]
    fn redirect_keeps_raw_query() {
        assert_eq!(
            resolve("/zwcx/commitments?q=%E6%94%BF", "/zwcx/"),
            Route::Redirect("/zwcx/commitments/?q=%E6%94%BF".into())
        );
    }

    #[test]
    fn percent_decode_cases() {
        assert_eq!(percent_decode(b"a%20b"), Some(b"a b".to_vec()));
        assert_eq!(percent_decode(b"%e6%94%bf"), Some("政".as_bytes().to_vec()));
        assert_eq!(percent_decode(b"100%"), None);
        assert_eq!(percent_decode(b"%g0"), None);
        assert_eq!(percent_decode(b"a+b"), Some(b"a+b".to_vec()));
    }
}
