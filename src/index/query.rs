//! A reader of the index files that runs queries the way the browser
//! client does. Tests check the index through it, and the benchmark uses
//! it to count the bytes a query downloads.

use std::collections::{BTreeMap, HashMap};

use super::encode::{gram_hash, read_varint};
use super::normalize::query_terms;
use super::postings::{Entry, decode_entries};

/// Ranking weight of a match in each field: title, units, meta, body.
pub const FIELD_WEIGHTS: [u32; 4] = [8, 4, 2, 1];

/// Storage of a gram's entries: inline bytes or part files.
#[derive(Debug, Clone)]
enum Layout {
    Inline(Vec<u8>),
    /// (first document, last document, file path)
    Parts(Vec<(u32, u32, String)>),
}

#[derive(Debug, Clone)]
struct GramInfo {
    doc_count: u64,
    layout: Layout,
}

/// One result: the document number and its ranking keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    /// Pairs of consecutive terms found side by side, in the order typed.
    pub adjacent: u32,
    /// Sum over terms of the weight of the best field each was found in.
    pub field_score: u32,
}

/// Runs queries against index files fetched through `fetch` (a path under
/// the output root → the file's bytes), counting the bytes fetched.
pub struct Reader<F: FnMut(&str) -> Option<Vec<u8>>> {
    fetch: F,
    shard_count: usize,
    shards: HashMap<usize, HashMap<Vec<char>, GramInfo>>,
    parts: HashMap<String, Vec<Entry>>,
    pub bytes_fetched: usize,
}

impl<F: FnMut(&str) -> Option<Vec<u8>>> Reader<F> {
    /// Opens an index by reading `search/meta.json`.
    pub fn open(mut fetch: F) -> Option<Self> {
        let meta = fetch("search/meta.json")?;
        let value: serde_json::Value = serde_json::from_slice(&meta).ok()?;
        let shard_count = usize::try_from(value.get("shards")?.as_u64()?).ok()?;
        Some(Reader {
            fetch,
            shard_count,
            shards: HashMap::new(),
            parts: HashMap::new(),
            bytes_fetched: meta.len(),
        })
    }

    fn get(&mut self, path: &str) -> Option<Vec<u8>> {
        let bytes = (self.fetch)(path)?;
        self.bytes_fetched += bytes.len();
        Some(bytes)
    }

    fn gram(&mut self, chars: &[char]) -> Option<GramInfo> {
        let shard = gram_hash(chars) as usize % self.shard_count.max(1);
        if !self.shards.contains_key(&shard) {
            let bytes = self.get(&format!("search/s/{shard}.bin"))?;
            let grams = parse_shard(shard, &bytes)?;
            self.shards.insert(shard, grams);
        }
        self.shards.get(&shard)?.get(chars).cloned()
    }

    /// Entries of a gram for documents in `wanted` (all when `None`).
    fn entries(
        &mut self,
        info: &GramInfo,
        pairs: bool,
        wanted: Option<&BTreeMap<u32, Vec<(usize, u32)>>>,
    ) -> Option<Vec<Entry>> {
        match &info.layout {
            Layout::Inline(bytes) => decode_entries(bytes, pairs),
            Layout::Parts(parts) => {
                let mut entries = Vec::new();
                for (first, last, path) in parts {
                    let needed =
                        wanted.is_none_or(|docs| docs.range(*first..=*last).next().is_some());
                    if !needed {
                        continue;
                    }
                    if !self.parts.contains_key(path) {
                        let bytes = self.get(path)?;
                        let decoded = decode_entries(&bytes, pairs)?;
                        self.parts.insert(path.clone(), decoded);
                    }
                    entries.extend(self.parts.get(path)?.iter().cloned());
                }
                Some(entries)
            }
        }
    }

    /// Finds the documents containing one normalised term, with the
    /// (field, start) of every occurrence. For a one-character term the
    /// start is 0 in each field where it occurs.
    fn term(&mut self, term: &[char]) -> Option<BTreeMap<u32, Vec<(usize, u32)>>> {
        if term.len() == 1 {
            let info = self.gram(term)?;
            let entries = self.entries(&info, false, None)?;
            return Some(
                entries
                    .into_iter()
                    .map(|e| {
                        (
                            e.doc,
                            (0..4)
                                .filter(|f| e.mask & (1 << f) != 0)
                                .map(|f| (f, 0))
                                .collect(),
                        )
                    })
                    .collect(),
            );
        }

        let pairs: Vec<Vec<char>> = term.windows(2).map(|w| w.to_vec()).collect();
        let mut infos = Vec::with_capacity(pairs.len());
        for pair in &pairs {
            infos.push(self.gram(pair)?);
        }
        let rarest = (0..infos.len()).min_by_key(|&i| infos[i].doc_count)?;

        let mut starts: BTreeMap<u32, Vec<(usize, u32)>> = BTreeMap::new();
        for entry in self.entries(&infos[rarest].clone(), true, None)? {
            let list: Vec<(usize, u32)> = (0..4)
                .flat_map(|f| {
                    entry.positions[f]
                        .iter()
                        .filter(|&&p| p >= rarest as u32)
                        .map(move |&p| (f, p - rarest as u32))
                })
                .collect();
            if !list.is_empty() {
                starts.insert(entry.doc, list);
            }
        }
        // The other pairs narrow the candidates rarest first, so that the
        // common pairs' parts are fetched only where candidates remain.
        let mut order: Vec<usize> = (0..infos.len()).filter(|&i| i != rarest).collect();
        order.sort_by_key(|&i| infos[i].doc_count);
        for offset in order {
            let info = &infos[offset];
            if starts.is_empty() {
                break;
            }
            let entries = self.entries(&info.clone(), true, Some(&starts))?;
            let by_doc: HashMap<u32, &Entry> = entries.iter().map(|e| (e.doc, e)).collect();
            starts.retain(|doc, list| {
                let Some(entry) = by_doc.get(doc) else {
                    return false;
                };
                list.retain(|&(field, start)| {
                    entry.positions[field]
                        .binary_search(&(start + offset as u32))
                        .is_ok()
                });
                !list.is_empty()
            });
        }
        Some(starts)
    }

    /// Runs a query and returns the matching documents, best first.
    pub fn search(&mut self, query: &str) -> Vec<Hit> {
        let terms = query_terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut matches = Vec::with_capacity(terms.len());
        for term in &terms {
            match self.term(term) {
                Some(found) if !found.is_empty() => matches.push(found),
                _ => return Vec::new(),
            }
        }

        let mut hits = Vec::new();
        'documents: for &doc in matches[0].keys() {
            let mut field_score = 0;
            for found in &matches {
                let Some(occurrences) = found.get(&doc) else {
                    continue 'documents;
                };
                field_score += occurrences
                    .iter()
                    .map(|&(f, _)| FIELD_WEIGHTS[f])
                    .max()
                    .unwrap_or(0);
            }
            let mut adjacent = 0;
            for (index, pair) in matches.windows(2).enumerate() {
                let length = terms[index].len() as u32;
                let (before, after) = (&pair[0][&doc], &pair[1][&doc]);
                let side_by_side = terms[index].len() > 1
                    && terms[index + 1].len() > 1
                    && before
                        .iter()
                        .any(|&(f, s)| after.iter().any(|&(g, t)| f == g && t == s + length));
                adjacent += u32::from(side_by_side);
            }
            hits.push(Hit {
                doc,
                adjacent,
                field_score,
            });
        }
        hits.sort_by(|a, b| {
            (b.adjacent, b.field_score, a.doc).cmp(&(a.adjacent, a.field_score, b.doc))
        });
        hits
    }

    /// Reads the URL path of a document from its result file.
    pub fn url(&mut self, doc: u32) -> Option<String> {
        let bytes = self.get(&format!("search/d/{}/{doc}.json", doc / 1000))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        Some(value.get("u")?.as_str()?.to_string())
    }
}

fn parse_shard(shard: usize, bytes: &[u8]) -> Option<HashMap<Vec<char>, GramInfo>> {
    if !bytes.starts_with(b"GSS1") {
        return None;
    }
    let mut at = 4;
    let count = read_varint(bytes, &mut at)?;
    let mut grams = HashMap::new();
    for position in 0..count {
        let length = read_varint(bytes, &mut at)?;
        let mut chars = Vec::new();
        for _ in 0..length {
            chars.push(char::from_u32(
                u32::try_from(read_varint(bytes, &mut at)?).ok()?,
            )?);
        }
        let doc_count = read_varint(bytes, &mut at)?;
        let layout_byte = *bytes.get(at)?;
        at += 1;
        let layout = if layout_byte == 0 {
            let size = usize::try_from(read_varint(bytes, &mut at)?).ok()?;
            let data = bytes.get(at..at + size)?.to_vec();
            at += size;
            Layout::Inline(data)
        } else {
            let part_count = read_varint(bytes, &mut at)?;
            let mut parts = Vec::new();
            for part in 0..part_count {
                let first = u32::try_from(read_varint(bytes, &mut at)?).ok()?;
                let last = u32::try_from(read_varint(bytes, &mut at)?).ok()?;
                let _size = read_varint(bytes, &mut at)?;
                parts.push((
                    first,
                    last,
                    format!("search/g/{shard}/{position}-{part}.bin"),
                ));
            }
            Layout::Parts(parts)
        };
        grams.insert(chars, GramInfo { doc_count, layout });
    }
    Some(grams)
}
