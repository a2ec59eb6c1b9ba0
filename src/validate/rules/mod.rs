//! Pure validation rules called by the validate stage: each takes a string
//! or bytes and returns findings with Chinese messages, without I/O.

pub mod docno;
pub mod encoding;
pub mod nesting;
pub mod privacy;
pub mod punctuation;
pub mod slug;
pub mod suggest;
pub mod uscc;

#[cfg(test)]
mod tests {
    use super::{docno, encoding, privacy, punctuation, slug, suggest, uscc};

    /// Inputs that have broken string handling elsewhere: empty, multibyte
    /// only, NULs, lone combining marks, long runs and text mixing
    /// full-width forms with the characters the rules look for.
    fn odd_strings() -> Vec<String> {
        let mut strings: Vec<String> = [
            "",
            "\0",
            "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
            "政务诚信",
            "〔〕号",
            "号号号",
            "\u{301}\u{301}",
            "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
            "１３８００１３８０００",
            "+86",
            "+86 ",
            "86-",
            "\"\"\"",
            "'''",
            "\\",
            "\"\\",
            "“",
            "．．",
            "-",
            "1-",
            "-1",
            "1 ",
            " 1",
            "www.",
            "http://",
            "\u{FEFF}",
            "\r\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        strings.push("1".repeat(100_000));
        strings.push("中".repeat(100_000));
        strings.push("138 0013 ".repeat(10_000));
        strings.push("“，".repeat(10_000));
        strings.push("\0".repeat(10_000));
        strings
    }

    #[test]
    fn odd_strings_never_panic() {
        let candidates = ["title", "date", "县发改委", ""];
        for s in odd_strings() {
            let _ = uscc::check_uscc(&s).map_err(|e| (e.message(), e.fix()));
            let _ = uscc::uscc_check_char(&s);
            let _ = uscc::org_code_check_char(&s);
            for finding in privacy::find_personal_info(&s) {
                assert!(s.get(finding.range.clone()).is_some());
            }
            let _ = docno::check_doc_no(&s);
            let _ = docno::normalize_doc_no(&s);
            let _ = punctuation::full_width_hint(&s);
            let _ = encoding::decode_text(s.as_bytes()).map_err(|e| (e.message(), e.fix()));
            let _ = suggest::closest(&s, candidates);
            let _ = slug::check_slug(&s).map_err(|e| (e.message(), e.fix()));
        }
    }

    #[test]
    fn odd_bytes_never_panic() {
        let inputs: [&[u8]; 8] = [
            b"",
            b"\xEF\xBB",
            b"\xEF\xBB\xBF\xFF",
            b"\xFF\xFE",
            b"\xFE\xFF\x00",
            b"\x00",
            b"\x81",
            b"\xF0\x9F\x98",
        ];
        for bytes in inputs {
            let _ = encoding::decode_text(bytes).map_err(|e| (e.message(), e.fix()));
        }
    }
}
