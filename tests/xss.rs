//! Cross-site scripting: the vectors of tests/fixtures/xss/vectors.txt,
//! written into every field an editor controls, must not reach any output
//! file in a form its reader would run. Pages and feeds are scanned for
//! scripts, event handlers, dangerous URLs, styles and embedding
//! elements. Open data and search files are scanned for dangerous URLs,
//! and CSV files for cells that a spreadsheet would run as a formula.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use support::*;

const BASE_PATH: &str = "/zwcx/";

fn vectors() -> Vec<String> {
    let text = fs::read_to_string(fixture_path("xss").join("vectors.txt")).expect("vectors.txt");
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| line.replace("\\n", "\n"))
        .collect()
}

/// Quotes `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Checks that `name` can be an attachment name. Validation rejects a `:` in
/// an attachment path (a drive or a scheme), so names with one stay out.
fn usable_file_name(name: &str) -> bool {
    !name.contains(['/', ':', '\n', '\0']) && name.len() < 200
}

/// Writes one record of each kind per vector, a unit, a page and an
/// attachment named after it, and puts the first vectors into site.toml.
fn write_hostile_site(site: &Path, vectors: &[String]) {
    let site_toml = fs::read_to_string(site.join("site.toml")).expect("site.toml");
    let site_toml = site_toml
        .replace(
            "sponsor = \"测试县社会信用体系建设领导小组办公室\"",
            &format!("sponsor = {}", toml_string(&vectors[0])),
        )
        .replace(
            "contact = \"0718-1234567\"",
            &format!("contact = {}", toml_string(&vectors[1])),
        )
        .replace(
            "\"12345政务服务热线\" = \"拨打 12345\"",
            &format!(
                "{} = {}",
                toml_string(&vectors[2]),
                toml_string(&vectors[6])
            ),
        );
    write(site, "site.toml", site_toml);

    for (index, vector) in vectors.iter().enumerate() {
        let text = toml_string(vector);
        let line = toml_string(&vector.replace('\n', " "));
        let attachment = if usable_file_name(vector) {
            let name = format!("{vector}.pdf");
            write(
                site,
                &format!("content/commitments/xss/{name}"),
                "%PDF-1.4\n",
            );
            format!("attachments = [{}]\n", toml_string(&name))
        } else {
            String::new()
        };
        write(
            site,
            &format!("content/commitments/xss/c{index}.toml"),
            format!(
                "title = {line}\ndate = 2024-07-01\nunits = [\"fgj\", \"xss{index}\"]\ncategory = \"其他\"\n{attachment}body = {text}\n\n[[progress]]\ndate = 2024-08-01\ntext = {text}\n"
            ),
        );
        write(
            site,
            &format!("content/disclosures/xss/d{index}.toml"),
            format!(
                "title = {line}\ndate = 2024-07-02\nunits = [\"fgj\"]\ncategory = \"其他\"\ndoc_no = {line}\nindex_no = {line}\nbody = {text}\n"
            ),
        );
        write(
            site,
            &format!("content/criticisms/xss/k{index}.toml"),
            format!(
                "title = {line}\ndate = 2024-07-03\nunits = [\"xss{index}\"]\nissuer = {line}\ncategory = \"其他\"\ndoc_no = {line}\nrectification = \"已整改\"\nrectified_on = 2024-08-01\nrectification_note = {text}\nbody = {text}\n"
            ),
        );
        write(
            site,
            &format!("content/evaluations/xss/e{index}.toml"),
            format!(
                "title = {line}\ndate = 2024-07-04\nperiod = {line}\nevaluator = {line}\nmethod = {text}\nbody = {text}\n\n[[results]]\nunit = \"xss{index}\"\nscore = 91\nnote = {text}\n\n[[results]]\nunit = \"fgj\"\nscore = 55\nnote = {line}\n"
            ),
        );
        write(
            site,
            &format!("content/units/xss{index}.toml"),
            format!(
                "name = {line}\nkind = \"其他\"\nshort_name = {line}\nuscc_pending = true\naliases = [{line}]\naddress = {line}\n"
            ),
        );
        write(
            site,
            &format!("content/pages/xss{index}.md"),
            format!("+++\ntitle = {line}\n+++\n{vector}\n"),
        );
    }
}

/// Collects the tags of the theme itself from a build of the minimal
/// fixture, because its search form, switches and meta elements are not leaks.
fn theme_tags() -> BTreeSet<String> {
    let site = copy_fixture("minimal");
    let output = tempfile::tempdir().expect("temp dir");
    let public = output.path().join("public");
    assert!(!build(site.path(), &public).failed());
    let mut signatures = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("walk output");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let page = fs::read_to_string(entry.path()).expect("read page");
            signatures.extend(scan::tags(&page).iter().map(scan::Tag::signature));
        }
    }
    signatures
}

#[test]
fn no_vector_survives_into_output() {
    let vectors = vectors();
    assert!(vectors.len() >= 70, "vectors.txt lost lines");
    let theme = theme_tags();
    let site = copy_fixture("minimal");
    write_hostile_site(site.path(), &vectors);
    let output = tempfile::tempdir().expect("temp dir");
    let public = output.path().join("public");
    let outcome = build(site.path(), &public);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);

    let mut problems = Vec::new();
    let mut counts = [0usize; 4];
    for entry in walkdir::WalkDir::new(&public).sort_by_file_name() {
        let entry = entry.expect("walk output");
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let relative = path
            .strip_prefix(&public)
            .expect("prefix")
            .display()
            .to_string();
        let bytes = fs::read(path).expect("read output file");
        let found = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                counts[0] += 1;
                scan::html(&String::from_utf8_lossy(&bytes), BASE_PATH, &theme)
            }
            Some("atom" | "xml") => {
                counts[1] += 1;
                scan::xml(&String::from_utf8_lossy(&bytes))
            }
            Some("json") => {
                counts[2] += 1;
                scan::json(&bytes)
            }
            Some("csv") => {
                counts[3] += 1;
                scan::csv(&bytes)
            }
            _ => Vec::new(),
        };
        problems.extend(
            found
                .into_iter()
                .map(|problem| format!("{relative}: {problem}")),
        );
    }
    // The scans ran on every kind of file: pages, feeds, data and search.
    assert!(
        counts.iter().all(|&count| count > 0),
        "file counts {counts:?}"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn scanner_finds_each_leak_kind() {
    // The scanner itself must catch what it looks for, or the test above
    // would pass on anything.
    for leak in [
        "<p><script>alert('XSS')</script></p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=&#106;avascript:alert(1)>x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<p style=\"width:expression(alert(1))\">x</p>",
        "<iframe src=\"/x\"></iframe>",
        "<svg><animate attributeName=href to=x></svg>",
        "<script src=\"https://xss.example/x.js\"></script>",
    ] {
        assert!(
            !scan::html(leak, BASE_PATH, &BTreeSet::new()).is_empty(),
            "missed {leak}"
        );
    }
    assert!(!scan::xml("<feed><summary type=\"html\">x</summary></feed>").is_empty());
    assert!(!scan::json(br#"{"url": "javascript:alert(1)"}"#).is_empty());
    assert!(!scan::csv("\u{feff}a\r\n=HYPERLINK(\"x\")\r\n".as_bytes()).is_empty());
    assert!(
        scan::html(
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
            BASE_PATH,
            &BTreeSet::new()
        )
        .is_empty()
    );
}

mod scan {
    //! Scanners for executable content, one per output format.

    /// Schemes a link may use; anything else with a scheme is a leak.
    const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

    /// Elements that embed, run or redirect, none of which the sanitiser or
    /// the theme may produce.
    const BANNED_ELEMENTS: [&str; 22] = [
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "math",
        "foreignobject",
        "animate",
        "set",
        "handler",
        "video",
        "audio",
        "source",
        "details",
        "noscript",
    ];

    /// Attributes holding a URL.
    const URL_ATTRIBUTES: [&str; 14] = [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "srcset",
        "lowsrc",
        "dynsrc",
        "ping",
        "codebase",
    ];

    use std::collections::BTreeSet;

    pub struct Tag {
        pub name: String,
        pub attributes: Vec<(String, String)>,
        /// The text of a script, style, title or textarea element.
        pub raw_text: String,
    }

    impl Tag {
        /// The tag with its attributes, to compare with the theme's tags.
        pub fn signature(&self) -> String {
            let mut signature = self.name.clone();
            for (name, value) in &self.attributes {
                signature.push_str(&format!(" {name}={value:?}"));
            }
            signature
        }
    }

    /// Splits HTML or XML into start tags, skipping text, end tags and
    /// comments. Handles quoted and unquoted attribute values and the raw
    /// text of script, style, title and textarea elements, which may
    /// contain `<`.
    pub fn tags(markup: &str) -> Vec<Tag> {
        let lower = markup.to_ascii_lowercase();
        let bytes = markup.as_bytes();
        let mut tags = Vec::new();
        let mut at = 0;
        while let Some(offset) = markup[at..].find('<') {
            let start = at + offset;
            let rest = &markup[start..];
            if rest.starts_with("<!--") {
                at = markup[start..]
                    .find("-->")
                    .map_or(markup.len(), |end| start + end + 3);
                continue;
            }
            let Some(&next) = bytes.get(start + 1) else {
                break;
            };
            if !next.is_ascii_alphabetic() {
                at = start + 1;
                continue;
            }
            let mut index = start + 1;
            while index < bytes.len()
                && !bytes[index].is_ascii_whitespace()
                && !matches!(bytes[index], b'>' | b'/')
            {
                index += 1;
            }
            let name = lower[start + 1..index].to_string();
            let mut attributes = Vec::new();
            loop {
                while index < bytes.len()
                    && (bytes[index].is_ascii_whitespace() || bytes[index] == b'/')
                {
                    index += 1;
                }
                if index >= bytes.len() || bytes[index] == b'>' {
                    index += 1;
                    break;
                }
                let name_start = index;
                while index < bytes.len()
                    && !bytes[index].is_ascii_whitespace()
                    && !matches!(bytes[index], b'=' | b'>' | b'/')
                {
                    index += 1;
                }
                let attribute = lower[name_start..index].to_string();
                while index < bytes.len() && bytes[index].is_ascii_whitespace() {
                    index += 1;
                }
                let mut value = String::new();
                if bytes.get(index) == Some(&b'=') {
                    index += 1;
                    while index < bytes.len() && bytes[index].is_ascii_whitespace() {
                        index += 1;
                    }
                    match bytes.get(index) {
                        Some(&quote @ (b'"' | b'\'')) => {
                            let end = markup[index + 1..]
                                .find(quote as char)
                                .map_or(markup.len(), |e| index + 1 + e);
                            value = markup[index + 1..end].to_string();
                            index = (end + 1).min(markup.len());
                        }
                        _ => {
                            let value_start = index;
                            while index < bytes.len()
                                && !bytes[index].is_ascii_whitespace()
                                && bytes[index] != b'>'
                            {
                                index += 1;
                            }
                            value = markup[value_start..index].to_string();
                        }
                    }
                }
                if !attribute.is_empty() {
                    attributes.push((attribute, value));
                }
            }
            let mut raw_text = String::new();
            // Browsers read up to the matching end tag as text in these
            // elements; minifiers leave `<` unescaped inside title.
            if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
                let close = format!("</{name}");
                let end = lower[index.min(lower.len())..]
                    .find(&close)
                    .map_or(markup.len(), |e| index + e);
                raw_text = markup[index.min(end)..end].to_string();
                index = end;
            }
            tags.push(Tag {
                name,
                attributes,
                raw_text,
            });
            at = index.min(markup.len());
        }
        tags
    }

    /// Decodes the character references a browser decodes in an attribute,
    /// with or without the closing semicolon.
    pub fn decode_entities(value: &str) -> String {
        let mut decoded = String::new();
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            decoded.push_str(&rest[..amp]);
            rest = &rest[amp + 1..];
            if let Some(number) = rest.strip_prefix('#') {
                let (hex, digits) = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => (true, hex),
                    None => (false, number),
                };
                let length = digits
                    .chars()
                    .take_while(|c| {
                        if hex {
                            c.is_ascii_hexdigit()
                        } else {
                            c.is_ascii_digit()
                        }
                    })
                    .count();
                let code = u32::from_str_radix(&digits[..length], if hex { 16 } else { 10 }).ok();
                decoded.push(code.and_then(char::from_u32).unwrap_or('\u{fffd}'));
                rest = digits[length..]
                    .strip_prefix(';')
                    .unwrap_or(&digits[length..]);
                continue;
            }
            let named = [
                ("colon;", ':'),
                ("tab;", '\t'),
                ("newline;", '\n'),
                ("amp;", '&'),
                ("quot;", '"'),
                ("apos;", '\''),
                ("lt;", '<'),
                ("gt;", '>'),
                ("#39;", '\''),
            ];
            match named
                .iter()
                .find(|(name, _)| rest.to_ascii_lowercase().starts_with(name))
            {
                Some((name, c)) => {
                    decoded.push(*c);
                    rest = &rest[name.len()..];
                }
                None => decoded.push('&'),
            }
        }
        decoded.push_str(rest);
        decoded
    }

    /// Returns the URL's scheme when it has one that is not allowed.
    pub fn dangerous_scheme(url: &str) -> Option<String> {
        let cleaned: String = decode_entities(url)
            .chars()
            .filter(|c| *c > ' ')
            .collect::<String>()
            .to_ascii_lowercase();
        let end = cleaned.find([':', '/', '?', '#'])?;
        if cleaned.as_bytes()[end] != b':' {
            return None;
        }
        let scheme = &cleaned[..end];
        (!SAFE_SCHEMES.contains(&scheme)).then(|| scheme.to_string())
    }

    /// Scans a page. `theme` holds the signatures of the theme's own
    /// tags, which may use otherwise banned elements (the search form).
    pub fn html(page: &str, base_path: &str, theme: &BTreeSet<String>) -> Vec<String> {
        let mut problems = Vec::new();
        for tag in tags(page) {
            let from_theme = theme.contains(&tag.signature());
            if BANNED_ELEMENTS.contains(&tag.name.as_str()) && !from_theme {
                problems.push(format!("<{}> element", tag.signature()));
            }
            let refresh = tag.attributes.iter().any(|(name, _)| name == "http-equiv");
            if tag.name == "meta" && refresh && !from_theme {
                problems.push(format!("<{}>", tag.signature()));
            }
            if tag.name == "script" {
                for (name, value) in &tag.attributes {
                    if name == "src" && !value.starts_with(&format!("{base_path}static/")) {
                        problems.push(format!("script from {value}"));
                    }
                }
            }
            let raw = tag.raw_text.to_ascii_lowercase();
            let runs = matches!(tag.name.as_str(), "script" | "style");
            if runs
                && ["xss", "alert(", "expression("]
                    .iter()
                    .any(|bad| raw.contains(bad))
            {
                problems.push(format!("<{}> holding {:?}", tag.name, tag.raw_text));
            }
            for (name, value) in &tag.attributes {
                if name.starts_with("on") {
                    problems.push(format!("event handler {name}={value:?} on <{}>", tag.name));
                }
                if name == "srcdoc" {
                    problems.push("srcdoc attribute".into());
                }
                if name == "style" {
                    let style = decode_entities(value).to_ascii_lowercase();
                    if ["expression", "url(", "behavior", "javascript", "@import"]
                        .iter()
                        .any(|bad| style.contains(bad))
                    {
                        problems.push(format!("style {value:?}"));
                    }
                }
                if URL_ATTRIBUTES.contains(&name.as_str()) {
                    if let Some(scheme) = dangerous_scheme(value) {
                        problems.push(format!("{scheme}: URL in {name} of <{}>", tag.name));
                    }
                }
            }
        }
        problems
    }

    /// Atom feeds and the sitemap: only their own elements, text
    /// constructs typed as text, links with safe schemes.
    pub fn xml(document: &str) -> Vec<String> {
        const ELEMENTS: [&str; 23] = [
            "?xml",
            "feed",
            "title",
            "subtitle",
            "link",
            "id",
            "updated",
            "published",
            "author",
            "contributor",
            "name",
            "uri",
            "email",
            "entry",
            "summary",
            "content",
            "category",
            "rights",
            "generator",
            "icon",
            "logo",
            "urlset",
            "url",
        ];
        let mut problems = Vec::new();
        for tag in tags(document) {
            if !ELEMENTS.contains(&tag.name.as_str())
                && !matches!(tag.name.as_str(), "loc" | "lastmod")
            {
                problems.push(format!("foreign element <{}>", tag.name));
            }
            for (name, value) in &tag.attributes {
                if name == "type" && tag.name != "link" && value != "text" {
                    problems.push(format!("<{} type={value:?}> is read as markup", tag.name));
                }
                if name == "href" || name == "src" {
                    if let Some(scheme) = dangerous_scheme(value) {
                        problems.push(format!("{scheme}: URL in <{}>", tag.name));
                    }
                }
            }
        }
        problems
    }

    /// Open data and search files: every value under a URL key has a safe
    /// scheme. Other strings are plain text by the format's contract.
    pub fn json(bytes: &[u8]) -> Vec<String> {
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(value) => value,
            Err(error) => return vec![format!("invalid JSON: {error}")],
        };
        let mut problems = Vec::new();
        walk_json(&value, false, &mut problems);
        problems
    }

    fn walk_json(value: &serde_json::Value, url_key: bool, problems: &mut Vec<String>) {
        match value {
            serde_json::Value::String(text) if url_key => {
                if let Some(scheme) = dangerous_scheme(text) {
                    problems.push(format!("{scheme}: URL {text:?}"));
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk_json(item, url_key, problems);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let is_url = key == "u"
                        || key.ends_with("url")
                        || key.ends_with("href")
                        || key == "website"
                        || key.starts_with("attachment");
                    walk_json(item, is_url, problems);
                }
            }
            _ => {}
        }
    }

    /// CSV: no cell starts like a spreadsheet formula (= + - @, tab or
    /// carriage return), which Excel would evaluate.
    pub fn csv(bytes: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(bytes);
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut problems = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(record) => record,
                Err(error) => return vec![format!("invalid CSV: {error}")],
            };
            for cell in record.iter() {
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    problems.push(format!("formula cell {cell:?}"));
                }
            }
        }
        problems
    }
}
