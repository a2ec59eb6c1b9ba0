//! Content types by file extension, as static web servers send them.

/// Returns the `Content-Type` for an output path, with `charset=utf-8`
/// on text types (gongshi writes all text as UTF-8). Unknown extensions
/// get `application/octet-stream`, so browsers download rather than guess.
pub(crate) fn content_type(path: &str) -> &'static str {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let extension = match file_name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => extension.to_ascii_lowercase(),
        _ => return "application/octet-stream",
    };
    match extension.as_str() {
        // Text, always UTF-8.
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        // RFC 9239 makes text/javascript the one type for scripts.
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",

        // Images.
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "ico" => "image/x-icon",

        // Fonts.
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",

        // Documents that records attach.
        "pdf" => "application/pdf",
        // OFD: the Chinese national fixed-layout format (GB/T 33190-2016).
        "ofd" => "application/ofd",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "rtf" => "application/rtf",
        "zip" => "application/zip",
        "7z" => "application/x-7z-compressed",
        "rar" => "application/vnd.rar",

        // Media.
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",

        // Binary data, such as the search index shards.
        _ => "application/octet-stream",
    }
}

/// Returns whether the path is an HTML page, which gets the live-reload script.
pub(crate) fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_types_carry_charset() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("static/style.css", "text/css; charset=utf-8"),
            ("static/search.js", "text/javascript; charset=utf-8"),
            ("data/commitments.json", "application/json; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("feed.atom", "application/atom+xml; charset=utf-8"),
            ("charts/scores.svg", "image/svg+xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("data/commitments.csv", "text/csv; charset=utf-8"),
        ];
        for (path, expected) in cases {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn binary_types_by_extension() {
        let cases = [
            ("search/s/3.bin", "application/octet-stream"),
            ("static/logo.png", "image/png"),
            ("files/photo.JPG", "image/jpeg"),
            ("files/report.pdf", "application/pdf"),
            ("files/report.PDF", "application/pdf"),
            ("static/font.woff2", "font/woff2"),
            (
                "files/table.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("files/notice.ofd", "application/ofd"),
        ];
        for (path, expected) in cases {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn unknown_or_missing_extension_is_octet_stream() {
        for path in [
            "files/data.xyz",
            "files/README",
            "static/.hidden",
            "a.b/c",
            "files/archive.",
        ] {
            assert_eq!(content_type(path), "application/octet-stream", "{path}");
        }
    }

    #[test]
    fn html_detection() {
        assert!(is_html("index.html"));
        assert!(is_html("a/b.HTM"));
        assert!(!is_html("static/style.css"));
        assert!(!is_html("html"));
    }
}
