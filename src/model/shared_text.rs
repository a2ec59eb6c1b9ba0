//! Text cut from a content file without copying it.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// A part of a content file's text that shares the file's memory. A
/// record's Markdown body is most of its file, and a copy of every body
/// made a large site hold its text twice while it was checked.
#[derive(Clone, Default)]
pub struct SharedText {
    source: Arc<str>,
    range: Range<usize>,
}

impl SharedText {
    /// Cuts `range` out of `source`. A range that is out of bounds or not
    /// on character boundaries gives the empty text.
    pub fn slice(source: &Arc<str>, range: Range<usize>) -> Self {
        if source.get(range.clone()).is_none() {
            return SharedText::default();
        }
        SharedText {
            source: Arc::clone(source),
            range,
        }
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        let range = 0..text.len();
        SharedText {
            source: text.into(),
            range,
        }
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.source.get(self.range.clone()).unwrap_or_default()
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, formatter)
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_shares_and_reads_its_range() {
        let source: Arc<str> = Arc::from("+++\ntitle = \"承诺\"\n+++\n正文");
        let start = source.find("正文").unwrap();
        let body = SharedText::slice(&source, start..source.len());
        assert_eq!(&*body, "正文");
        assert_eq!(Arc::strong_count(&source), 2);
    }

    #[test]
    fn bad_range_gives_empty_text() {
        let source: Arc<str> = Arc::from("正文");
        assert_eq!(&*SharedText::slice(&source, 1..3), "");
        assert_eq!(&*SharedText::slice(&source, 0..99), "");
    }

    #[test]
    fn owned_text_reads_whole() {
        assert_eq!(&*SharedText::from("全文".to_string()), "全文");
    }
}
