//! Decoding of content files, which must be UTF-8. When a file is not, the
//! error names the likely encoding among GBK (GB18030), UTF-16 ("Unicode"
//! in Windows Notepad) and Big5, and its `fix()` gives the conversion steps.

use encoding_rs::{BIG5, GB18030};

/// Name of the GBK family in [`EncodingError::likely`]. GB18030 is a
/// superset of GBK and GB 2312, so it is used for detection and conversion.
pub const LIKELY_GBK: &str = "GBK（GB18030）";
/// Name of UTF-16 (either byte order) in [`EncodingError::likely`].
pub const LIKELY_UTF16: &str = "UTF-16";
/// Name of Big5 in [`EncodingError::likely`].
pub const LIKELY_BIG5: &str = "Big5";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Number of leading bytes examined for the UTF-16 NUL pattern.
const UTF16_SAMPLE_LEN: usize = 4096;

/// A file that is not valid UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingError {
    /// Offset of the first invalid byte from the start of the file, BOM
    /// included. For UTF-16 text that happens to be valid UTF-8, the
    /// offset of the first NUL byte.
    pub byte_offset: usize,
    /// 1-based line of that byte.
    pub line: usize,
    /// 1-based column of that byte: the characters decoded before it on
    /// its line, plus one.
    pub column: usize,
    /// [`LIKELY_GBK`], [`LIKELY_UTF16`], [`LIKELY_BIG5`] or `None` when no
    /// candidate decodes the file cleanly.
    pub likely: Option<&'static str>,
}

impl EncodingError {
    /// Returns what is wrong, in Chinese.
    pub fn message(&self) -> String {
        let guess = match self.likely {
            Some(LIKELY_UTF16) => "，看起来是 UTF-16 编码（记事本中称为“Unicode”）".to_string(),
            Some(likely) => {
                // No space after a full-width bracket, one after Latin text.
                let space = if likely.ends_with('）') { "" } else { " " };
                format!("，看起来是 {likely}{space}编码")
            }
            None => String::new(),
        };
        format!(
            "文件不是 UTF-8 编码{guess}：从第 {} 行第 {} 列（字节偏移 {}）起的内容无法按 UTF-8 读取",
            self.line, self.column, self.byte_offset
        )
    }

    /// Returns how to convert the file, in Chinese.
    pub fn fix(&self) -> String {
        let save_as = "在记事本或 WPS 中打开文件，“另存为”时编码选择 UTF-8";
        match self.likely {
            Some(LIKELY_GBK) => format!(
                "{save_as}；也可以在命令行执行 iconv -f GB18030 -t UTF-8 旧文件 > 新文件，再用新文件替换旧文件"
            ),
            Some(LIKELY_UTF16) => format!(
                "{save_as}（不要选“Unicode”或 UTF-16）；也可以在命令行执行 iconv -f UTF-16 -t UTF-8 旧文件 > 新文件，再用新文件替换旧文件"
            ),
            Some(LIKELY_BIG5) => format!(
                "{save_as}；也可以在命令行执行 iconv -f BIG5 -t UTF-8 旧文件 > 新文件，再用新文件替换旧文件"
            ),
            _ => format!(
                "{save_as}；如果打开后是乱码，先查明文件原来的编码，再用 iconv -f 原编码 -t UTF-8 旧文件 > 新文件 转换"
            ),
        }
    }
}

/// Decodes a content file as UTF-8.
///
/// A leading UTF-8 BOM is removed. Line ends, CRLF included, are kept as
/// they are. Returns an error for invalid UTF-8, and also for UTF-16 text
/// that happens to be valid UTF-8 (ASCII with NUL bytes between).
pub fn decode_text(bytes: &[u8]) -> Result<String, EncodingError> {
    let bom_len = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    let body = &bytes[bom_len..];

    match std::str::from_utf8(body) {
        Ok(text) => {
            if !looks_like_utf16(body) {
                return Ok(text.to_string());
            }
            let nul = body.iter().position(|&b| b == 0).unwrap_or(0);
            Err(error_at(body, bom_len, nul, Some(LIKELY_UTF16)))
        }
        Err(err) => {
            let valid_up_to = err.valid_up_to();
            Err(error_at(body, bom_len, valid_up_to, guess_encoding(body)))
        }
    }
}

/// Builds the error for the first bad byte at `body[offset]`, where
/// `body[..offset]` is valid UTF-8.
fn error_at(
    body: &[u8],
    bom_len: usize,
    offset: usize,
    likely: Option<&'static str>,
) -> EncodingError {
    let prefix = body
        .get(..offset)
        .and_then(|prefix| std::str::from_utf8(prefix).ok())
        .unwrap_or_default();
    let line = prefix.matches('\n').count() + 1;
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    let column = prefix[line_start..].chars().count() + 1;
    EncodingError {
        byte_offset: bom_len + offset,
        line,
        column,
        likely,
    }
}

fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || looks_like_utf16(bytes) {
        return Some(LIKELY_UTF16);
    }

    let gb18030 = decodes_to_cjk(bytes, GB18030);
    let big5 = decodes_to_cjk(bytes, BIG5);
    // Nearly every Big5 byte pair is also a valid GBK pair, so Big5 text
    // usually decodes as GB18030 too, into rare characters. The byte
    // statistics tell the two apart.
    if gb18030 && big5 && looks_like_big5(bytes) {
        return Some(LIKELY_BIG5);
    }
    if gb18030 {
        return Some(LIKELY_GBK);
    }
    if big5 {
        return Some(LIKELY_BIG5);
    }
    None
}

fn decodes_to_cjk(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> bool {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some_and(|text| text.chars().any(is_cjk))
}

fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}'
    )
}

/// Returns whether the bytes look like UTF-16 without a BOM. UTF-16 text
/// with ASCII content has a NUL in every other byte. UTF-16 is assumed when
/// at least one sample byte in eight is NUL and nine in ten of those NULs
/// share one parity (even or odd position).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE_LEN)];
    let mut even = 0usize;
    let mut odd = 0usize;
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 { even += 1 } else { odd += 1 }
        }
    }
    let nuls = even + odd;
    nuls > 0 && nuls * 8 >= sample.len() && even.max(odd) * 10 >= nuls * 9
}

/// Returns whether the double-byte pairs look like Big5 rather than GBK.
/// GBK places the common simplified characters (GB 2312) at trail bytes
/// 0xA1–0xFE, while Big5 uses 63 of its 157 trail byte values in
/// 0x40–0x7E. Big5 is assumed when more than one pair in five has a trail
/// byte below 0xA1.
fn looks_like_big5(bytes: &[u8]) -> bool {
    let mut pairs = 0usize;
    let mut low_trail = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else {
            break;
        };
        pairs += 1;
        if trail < 0xA1 {
            low_trail += 1;
        }
        i += 2;
    }
    pairs > 0 && low_trail * 5 > pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML_TEXT: &str = "title = \"关于政务诚信建设的通知\"\ndate = 2024-03-15\n";

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        bytes
    }

    fn utf16be(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        bytes
    }

    #[test]
    fn utf8_decodes_unchanged() {
        assert_eq!(decode_text(TOML_TEXT.as_bytes()), Ok(TOML_TEXT.to_string()));
        assert_eq!(decode_text(b""), Ok(String::new()));
    }

    #[test]
    fn utf8_bom_removed() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(TOML_TEXT.as_bytes());
        assert_eq!(decode_text(&bytes), Ok(TOML_TEXT.to_string()));
        assert_eq!(decode_text(UTF8_BOM), Ok(String::new()));
    }

    #[test]
    fn only_first_bom_removed() {
        let bytes = b"\xEF\xBB\xBF\xEF\xBB\xBFa";
        assert_eq!(decode_text(bytes), Ok("\u{FEFF}a".to_string()));
    }

    #[test]
    fn crlf_kept() {
        let text = "a = 1\r\nb = \"两行\"\r\n";
        assert_eq!(decode_text(text.as_bytes()), Ok(text.to_string()));
    }

    #[test]
    fn gbk_detected() {
        let (bytes, _, unmappable) = GB18030.encode(TOML_TEXT);
        assert!(!unmappable);
        let err = decode_text(&bytes);
        let expected = EncodingError {
            byte_offset: "title = \"".len(),
            line: 1,
            column: 10,
            likely: Some(LIKELY_GBK),
        };
        assert_eq!(err, Err(expected));
    }

    #[test]
    fn gbk_error_position_on_later_line() {
        let head = "a = 1\r\nbody = \"\"\"\r\n";
        let (tail, _, _) = GB18030.encode("第一段：政务诚信\r\n\"\"\"\r\n");
        let mut bytes = head.as_bytes().to_vec();
        bytes.extend_from_slice(&tail);

        let Err(err) = decode_text(&bytes) else {
            panic!("GBK bytes decoded as UTF-8");
        };
        assert_eq!(err.byte_offset, head.len());
        assert_eq!(err.line, 3);
        assert_eq!(err.column, 1);
        assert_eq!(err.likely, Some(LIKELY_GBK));
    }

    #[test]
    fn column_counts_decoded_chars() {
        // Valid UTF-8 Chinese, then GBK-encoded text. Some GBK pairs are
        // valid UTF-8 (通 is CD A8, U+0368), so the GBK text starts with 标
        // (B1 EA), whose first byte can only continue a UTF-8 sequence.
        let mut bytes = "x\n标题：".as_bytes().to_vec();
        let (gbk, _, _) = GB18030.encode("标题");
        bytes.extend_from_slice(&gbk);
        let Err(err) = decode_text(&bytes) else {
            panic!("mixed bytes decoded as UTF-8");
        };
        assert_eq!(err.line, 2);
        assert_eq!(err.column, 4);
        assert_eq!(err.byte_offset, "x\n标题：".len());
    }

    #[test]
    fn offset_counts_bom() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(b"ab\xFFcd");
        let Err(err) = decode_text(&bytes) else {
            panic!("invalid byte decoded");
        };
        assert_eq!(err.byte_offset, 5);
        assert_eq!(err.line, 1);
        assert_eq!(err.column, 3);
    }

    #[test]
    fn utf16_with_bom_detected() {
        for bytes in [utf16le(TOML_TEXT, true), utf16be(TOML_TEXT)] {
            let Err(err) = decode_text(&bytes) else {
                panic!("UTF-16 decoded as UTF-8");
            };
            assert_eq!(err.likely, Some(LIKELY_UTF16));
            assert_eq!(err.byte_offset, 0);
        }
    }

    #[test]
    fn utf16_without_bom_detected() {
        // ASCII-only UTF-16 is valid UTF-8 full of NULs.
        let bytes = utf16le("title = \"Notice\"\ndate = 2024-03-15\n", false);
        assert!(std::str::from_utf8(&bytes).is_ok());
        let err = decode_text(&bytes);
        let expected = EncodingError {
            byte_offset: 1,
            line: 1,
            column: 2,
            likely: Some(LIKELY_UTF16),
        };
        assert_eq!(err, Err(expected));

        // With Chinese content it is invalid UTF-8 and still recognised.
        let bytes = utf16le(TOML_TEXT, false);
        let likely = decode_text(&bytes).err().and_then(|e| e.likely);
        assert_eq!(likely, Some(LIKELY_UTF16));
    }

    #[test]
    fn few_nuls_are_not_utf16() {
        let text = "a = 1\0\nb = 2\n";
        assert_eq!(decode_text(text.as_bytes()), Ok(text.to_string()));
    }

    #[test]
    fn big5_detected() {
        let text =
            "title = \"關於政務誠信建設的通知\"\nbody = \"本縣各單位應當公開承諾，接受監督。\"\n";
        let (bytes, _, unmappable) = BIG5.encode(text);
        assert!(!unmappable);
        let likely = decode_text(&bytes).err().and_then(|e| e.likely);
        assert_eq!(likely, Some(LIKELY_BIG5));
    }

    #[test]
    fn simplified_gbk_not_mistaken_for_big5() {
        let text =
            "body = \"各乡镇人民政府，县直各单位：为加强政务诚信建设，现将有关事项通知如下。\"\n";
        let (bytes, _, _) = GB18030.encode(text);
        let likely = decode_text(&bytes).err().and_then(|e| e.likely);
        assert_eq!(likely, Some(LIKELY_GBK));
    }

    #[test]
    fn unknown_encoding_has_no_guess() {
        // Windows-1252 "café au lait": 0xE9 followed by a space is neither
        // GB18030 nor Big5.
        let err = decode_text(b"caf\xE9 au lait");
        let expected = EncodingError {
            byte_offset: 3,
            line: 1,
            column: 4,
            likely: None,
        };
        assert_eq!(err, Err(expected));
        assert_eq!(decode_text(b"\x80").err().and_then(|e| e.likely), None);
    }

    #[test]
    fn messages_name_encoding_and_fix() {
        let gbk = EncodingError {
            byte_offset: 9,
            line: 1,
            column: 10,
            likely: Some(LIKELY_GBK),
        };
        assert_eq!(
            gbk.message(),
            "文件不是 UTF-8 编码，看起来是 GBK（GB18030）编码：从第 1 行第 10 列（字节偏移 9）起的内容无法按 UTF-8 读取"
        );
        assert!(gbk.fix().contains("编码选择 UTF-8"), "{}", gbk.fix());
        assert!(
            gbk.fix()
                .contains("iconv -f GB18030 -t UTF-8 旧文件 > 新文件"),
            "{}",
            gbk.fix()
        );

        let utf16 = EncodingError {
            likely: Some(LIKELY_UTF16),
            ..gbk.clone()
        };
        assert!(utf16.message().contains("UTF-16"), "{}", utf16.message());
        assert!(utf16.fix().contains("iconv -f UTF-16"), "{}", utf16.fix());

        let big5 = EncodingError {
            likely: Some(LIKELY_BIG5),
            ..gbk.clone()
        };
        assert!(big5.message().contains("Big5"), "{}", big5.message());
        assert!(big5.fix().contains("iconv -f BIG5"), "{}", big5.fix());

        let unknown = EncodingError {
            likely: None,
            ..gbk
        };
        assert!(
            unknown.message().starts_with("文件不是 UTF-8 编码："),
            "{}",
            unknown.message()
        );
        assert!(unknown.fix().contains("另存为"), "{}", unknown.fix());
    }
}
