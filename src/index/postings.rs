//! Posting lists: for every one- and two-character gram, the documents
//! that contain it, the fields it is in and, for pairs, its positions.

use std::collections::HashMap;

use rayon::prelude::*;

use super::encode::{read_varint, write_varint};

/// A gram: one character, or an adjacent pair within one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gram {
    One(char),
    Two(char, char),
}

impl Gram {
    pub fn chars(self) -> Vec<char> {
        match self {
            Gram::One(a) => vec![a],
            Gram::Two(a, b) => vec![a, b],
        }
    }
}

/// The encoded entries of one gram, ascending by document.
#[derive(Debug, Default)]
pub struct GramPostings {
    pub doc_count: u32,
    last_doc: u32,
    pub bytes: Vec<u8>,
}

/// Documents whose entries are encoded together, in parallel.
pub const CHUNK: usize = 256;

/// Builds the posting lists of all documents from their normalised fields,
/// given in document order a chunk at a time, so that the caller can make
/// each chunk only when it is needed.
pub fn build(chunks: impl Iterator<Item = Vec<[Vec<char>; 4]>>) -> HashMap<Gram, GramPostings> {
    // Each chunk's entries are encoded in parallel, so only one chunk's
    // entries are in memory. Appending them to the lists runs in document
    // order, because each entry starts with a delta from the one before.
    let mut postings: HashMap<Gram, GramPostings> = HashMap::new();
    let mut doc: u32 = 0;
    for chunk in chunks {
        let per_document: Vec<DocumentEntries> = chunk.par_iter().map(document_entries).collect();
        drop(chunk);
        for entries in per_document {
            let mut start = 0;
            for &(gram, end) in &entries.grams {
                let list = postings.entry(gram).or_default();
                let delta = if list.doc_count == 0 {
                    doc
                } else {
                    doc - list.last_doc
                };
                let entry = &entries.bytes[start..end as usize];
                // A varint of a u32 takes at most five bytes.
                grow_gently(&mut list.bytes, 5 + entry.len());
                write_varint(&mut list.bytes, u64::from(delta));
                list.bytes.extend_from_slice(entry);
                list.doc_count += 1;
                list.last_doc = doc;
                start = end as usize;
            }
            doc += 1;
        }
    }
    postings
}

/// Makes room for `additional` more bytes, growing by a quarter of the
/// length rather than doubling. The lists contain the whole index before
/// the shards are encoded. Doubling left 182 of 619 MiB unused at 100,000
/// records, and growing by a quarter leaves at most a fifth unused.
fn grow_gently(bytes: &mut Vec<u8>, additional: usize) {
    if bytes.capacity() - bytes.len() < additional {
        bytes.reserve_exact(additional.max(bytes.len() / 4).max(16));
    }
}

/// The grams of one document, each with its entry as it follows the
/// document delta: the field mask and, for a pair, its positions.
struct DocumentEntries {
    /// Each gram and the end of its entry in `bytes`; an entry starts
    /// where the one before it ends.
    grams: Vec<(Gram, u32)>,
    bytes: Vec<u8>,
}

/// Sort key of a gram occurrence: the gram in the high 64 bits, then the
/// field and the position, so that sorting groups a gram's occurrences
/// by field in ascending position. A single character is `c` and a pair
/// `(a + 1) << 21 | b`, which never collide because code points fit in
/// 21 bits.
fn occurrence_key(gram_key: u64, field: usize, position: usize) -> u128 {
    (u128::from(gram_key) << 64) | ((field as u128) << 32) | position as u128
}

fn key_gram(key: u64) -> Gram {
    let high = (key >> 21) as u32;
    let low = (key & 0x1F_FFFF) as u32;
    let char_at = |code: u32| char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
    if high == 0 {
        Gram::One(char_at(low))
    } else {
        Gram::Two(char_at(high - 1), char_at(low))
    }
}

/// Encodes one document's entries. Sorting one flat list of occurrences
/// replaces a map of grams with position lists per document, which cost
/// an allocation per gram.
fn document_entries(fields: &[Vec<char>; 4]) -> DocumentEntries {
    let length: usize = fields.iter().map(Vec::len).sum();
    let mut keys: Vec<u128> = Vec::with_capacity(2 * length);
    for (field, text) in fields.iter().enumerate() {
        for (position, &c) in text.iter().enumerate() {
            keys.push(occurrence_key(u64::from(c), field, 0));
            if let Some(&next) = text.get(position + 1) {
                let pair = ((u64::from(c) + 1) << 21) | u64::from(next);
                keys.push(occurrence_key(pair, field, position));
            }
        }
    }
    keys.sort_unstable();

    let mut entries = DocumentEntries {
        grams: Vec::new(),
        bytes: Vec::with_capacity(keys.len() * 2),
    };
    let field_of = |key: u128| ((key >> 32) & 0xFFFF_FFFF) as usize;
    let mut rest = keys.as_slice();
    while let Some(&first) = rest.first() {
        let gram_key = (first >> 64) as u64;
        let end = rest
            .iter()
            .position(|&key| (key >> 64) as u64 != gram_key)
            .unwrap_or(rest.len());
        let (group, after) = rest.split_at(end);
        rest = after;

        let gram = key_gram(gram_key);
        let mask = group
            .iter()
            .fold(0u8, |mask, &key| mask | 1 << field_of(key));
        entries.bytes.push(mask);
        if let Gram::Two(..) = gram {
            // The group is sorted by field, then position, so each
            // field's positions are one run, in the order of the mask bits.
            let mut fields_rest = group;
            while let Some(&first) = fields_rest.first() {
                let field = field_of(first);
                let end = fields_rest
                    .iter()
                    .position(|&key| field_of(key) != field)
                    .unwrap_or(fields_rest.len());
                let (run, after) = fields_rest.split_at(end);
                fields_rest = after;
                write_varint(&mut entries.bytes, run.len() as u64);
                let mut previous = 0;
                for &key in run {
                    let position = key as u32;
                    write_varint(&mut entries.bytes, u64::from(position - previous));
                    previous = position;
                }
            }
        }
        entries.grams.push((gram, entries.bytes.len() as u32));
    }
    entries
}

/// One decoded entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub doc: u32,
    pub mask: u8,
    /// Per field; empty for one-character grams.
    pub positions: [Vec<u32>; 4],
}

/// Decodes entries written by [`build`]; `pairs` says whether positions
/// follow each mask. `None` on malformed data.
pub fn decode_entries(bytes: &[u8], pairs: bool) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut at = 0;
    let mut doc = 0u32;
    while at < bytes.len() {
        doc = doc.checked_add(u32::try_from(read_varint(bytes, &mut at)?).ok()?)?;
        let mask = *bytes.get(at)?;
        at += 1;
        let mut positions: [Vec<u32>; 4] = Default::default();
        if pairs {
            for (field, list) in positions.iter_mut().enumerate() {
                if mask & (1 << field) == 0 {
                    continue;
                }
                let count = read_varint(bytes, &mut at)?;
                let mut position = 0u32;
                for _ in 0..count {
                    position =
                        position.checked_add(u32::try_from(read_varint(bytes, &mut at)?).ok()?)?;
                    list.push(position);
                }
            }
        }
        entries.push(Entry {
            doc,
            mask,
            positions,
        });
    }
    Some(entries)
}

/// Splits a long posting list into parts of at most about `limit` bytes,
/// each starting with an absolute document number, and returns each
/// part's first and last document and bytes. Entries are copied as
/// bytes; only the first entry of each part gets a new document number.
/// Returns no parts for malformed data.
pub fn split_parts(bytes: &[u8], pairs: bool, limit: usize) -> Vec<(u32, u32, Vec<u8>)> {
    let Some(entries) = entry_spans(bytes, pairs) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let (mut first, mut last) = (0u32, 0u32);
    for (doc, body) in entries {
        if !current.is_empty() && current.len() >= limit {
            parts.push((first, last, std::mem::take(&mut current)));
        }
        let delta = if current.is_empty() {
            first = doc;
            doc
        } else {
            doc - last
        };
        write_varint(&mut current, u64::from(delta));
        current.extend_from_slice(&bytes[body]);
        last = doc;
    }
    if !current.is_empty() {
        parts.push((first, last, current));
    }
    parts
}

/// Finds each entry's document and the byte range of what follows its
/// document delta (the mask and any positions), without decoding the
/// positions into lists. `None` on malformed data, as [`decode_entries`].
fn entry_spans(bytes: &[u8], pairs: bool) -> Option<Vec<(u32, std::ops::Range<usize>)>> {
    let mut spans = Vec::new();
    let mut at = 0;
    let mut doc = 0u32;
    while at < bytes.len() {
        doc = doc.checked_add(u32::try_from(read_varint(bytes, &mut at)?).ok()?)?;
        let start = at;
        let mask = *bytes.get(at)?;
        at += 1;
        if pairs {
            for field in 0..4 {
                if mask & (1 << field) == 0 {
                    continue;
                }
                let count = read_varint(bytes, &mut at)?;
                let mut position = 0u32;
                for _ in 0..count {
                    position =
                        position.checked_add(u32::try_from(read_varint(bytes, &mut at)?).ok()?)?;
                }
            }
        }
        spans.push((doc, start..at));
    }
    Some(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn positions_per_field() {
        let docs = [
            [field("发改局"), field(""), field(""), field("县发改局发改")],
            [field(""), field("发改"), field(""), field("")],
        ];
        let postings = build(docs.chunks(CHUNK).map(<[_]>::to_vec));
        let list = &postings[&Gram::Two('发', '改')];
        assert_eq!(list.doc_count, 2);
        let entries = decode_entries(&list.bytes, true).unwrap();
        assert_eq!(entries[0].doc, 0);
        assert_eq!(entries[0].mask, 0b1001);
        assert_eq!(entries[0].positions[0], vec![0]);
        assert_eq!(entries[0].positions[3], vec![1, 4]);
        assert_eq!(entries[1].doc, 1);
        assert_eq!(entries[1].mask, 0b0010);
        // No pair spans two fields.
        assert!(!postings.contains_key(&Gram::Two('局', '县')));
    }

    #[test]
    fn parts_round_trip() {
        let docs: Vec<[Vec<char>; 4]> = (0..500)
            .map(|i| {
                [
                    field(&format!("诚信{i}")),
                    field(""),
                    field(""),
                    field("诚信建设诚信"),
                ]
            })
            .collect();
        let postings = build(docs.chunks(CHUNK).map(<[_]>::to_vec));
        let list = &postings[&Gram::Two('诚', '信')];
        let whole = decode_entries(&list.bytes, true).unwrap();
        let parts = split_parts(&list.bytes, true, 200);
        assert!(parts.len() > 3);
        let mut joined = Vec::new();
        for (first, last, bytes) in &parts {
            let entries = decode_entries(bytes, true).unwrap();
            assert_eq!(entries.first().unwrap().doc, *first);
            assert_eq!(entries.last().unwrap().doc, *last);
            joined.extend(entries);
        }
        assert_eq!(joined, whole);
    }
}
