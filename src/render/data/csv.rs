//! CSV as spreadsheets on Chinese Windows read it: UTF-8 with a byte
//! order mark, RFC 4180 quoting and CRLF line ends. Excel reads a CSV file
//! without the mark in the ANSI code page (GBK there), which garbles every
//! Chinese character.

use std::borrow::Cow;

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// Writes a header row and the rows under it as one CSV file.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut text = String::from(BOM);
    push_row(&mut text, header.iter().copied());
    for row in rows {
        push_row(&mut text, row.iter().map(String::as_str));
    }
    text.into_bytes()
}

fn push_row<'a>(text: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (index, cell) in cells.enumerate() {
        if index > 0 {
            text.push(',');
        }
        push_cell(text, cell);
    }
    text.push_str("\r\n");
}

/// Quotes a cell only when it contains a comma, a quote or a line break, and
/// doubles the quotes inside, as RFC 4180 requires.
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a `'` in front, because Excel and other spreadsheets would run it
/// as a formula (`=HYPERLINK(…)`, `+cmd|…`). This is the OWASP advice on
/// CSV injection. The JSON files keep the value as written.
fn push_cell(text: &mut String, cell: &str) {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    };
    if cell.contains([',', '"', '\r', '\n']) {
        text.push('"');
        text.push_str(&cell.replace('"', "\"\""));
        text.push('"');
    } else {
        text.push_str(&cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_header_and_crlf() {
        let bytes = write(
            &["标题", "日期"],
            &[vec!["承诺".into(), "2024-07-29".into()]],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}标题,日期\r\n承诺,2024-07-29\r\n");
    }

    #[test]
    fn formula_cells_become_text() {
        let bytes = write(
            &["a"],
            &[
                vec!["=HYPERLINK(\"https://x.example/\",\"点我\")".into()],
                vec!["+cmd|'/C calc'!A0".into()],
                vec!["-2+3".into()],
                vec!["@SUM(1)".into()],
                vec!["\t=1".into()],
                vec!["正常=文字".into()],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}a\r\n\"'=HYPERLINK(\"\"https://x.example/\"\",\"\"点我\"\")\"\r\n'+cmd|'/C calc'!A0\r\n'-2+3\r\n'@SUM(1)\r\n'\t=1\r\n正常=文字\r\n"
        );
    }

    #[test]
    fn cells_quoted_when_needed() {
        let bytes = write(
            &["a"],
            &[
                vec!["逗号,在内".into()],
                vec!["引号\"在内".into()],
                vec!["两行\n文字".into()],
                vec!["无需引号".into()],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}a\r\n\"逗号,在内\"\r\n\"引号\"\"在内\"\r\n\"两行\n文字\"\r\n无需引号\r\n"
        );
    }
}
