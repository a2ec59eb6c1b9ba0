//! A reader of the index files that runs queries the way the browser
//! client does, file for file. Tests check the index through it, and the
//! benchmark uses it to count the bytes a query downloads.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::encode::{gram_hash, read_varint};
use super::normalize::{normalize_char_with, prepare_char, query_terms_with};
use super::postings::{Entry, decode_entries};

/// Ranking weight of a match in each field: title, units, meta, body.
pub const FIELD_WEIGHTS: [u32; 4] = [8, 4, 2, 1];

/// At most this many candidates of a term are confirmed by reading their
/// result files instead of the remaining pairs' part files, and only when
/// the result files are the fewer bytes. The client uses the same number.
pub const VERIFY_MAX_CANDIDATES: usize = 60;

/// Storage of a gram's entries: inline bytes or part files.
#[derive(Debug, Clone)]
enum Layout {
    Inline(Vec<u8>),
    Parts(Vec<Part>),
}

#[derive(Debug, Clone)]
struct Part {
    first: u32,
    last: u32,
    size: usize,
    path: String,
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

/// The parts of a result file that the reader uses.
#[derive(Debug, Clone)]
struct DocFile {
    url: String,
    /// The four fields, normalised.
    fields: [Vec<char>; 4],
}

/// The documents of a term, each with the (field, start) of every
/// occurrence. A one-character term has start 0 in each field it is in.
type Found = BTreeMap<u32, Vec<(usize, u32)>>;

#[derive(Debug)]
struct Meta {
    shards: usize,
    doc_bytes: usize,
    t2s: Vec<String>,
    facets: Vec<String>,
    facet_chunk: usize,
    facets_open: bool,
}

/// Runs queries against index files fetched through `fetch` (a path under
/// the output root → the file's bytes), counting the bytes fetched. The
/// reader caches every file it fetches, as the client does per session,
/// so each file is fetched at most once.
pub struct Reader<F: FnMut(&str) -> Option<Vec<u8>>> {
    fetch: F,
    meta: Meta,
    t2s: HashMap<char, char>,
    t2s_loaded: BTreeSet<usize>,
    shards: HashMap<usize, HashMap<Vec<char>, GramInfo>>,
    parts: HashMap<String, Vec<Entry>>,
    docs: HashMap<u32, DocFile>,
    facets_loaded: BTreeSet<usize>,
    pub bytes_fetched: usize,
}

impl<F: FnMut(&str) -> Option<Vec<u8>>> Reader<F> {
    /// Opens an index by reading `search/meta.json`.
    pub fn open(mut fetch: F) -> Option<Self> {
        let bytes = fetch("search/meta.json")?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        let names = |key: &str| -> Option<Vec<String>> {
            value
                .get(key)?
                .as_array()?
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let meta = Meta {
            shards: usize::try_from(value.get("shards")?.as_u64()?).ok()?,
            doc_bytes: usize::try_from(value.get("doc_bytes")?.as_u64()?).ok()?,
            t2s: names("t2s")?,
            facets: names("facets")?,
            facet_chunk: usize::try_from(value.get("facet_chunk")?.as_u64()?).ok()?,
            facets_open: value.get("facets_open")?.as_bool()?,
        };
        Some(Reader {
            fetch,
            meta,
            t2s: HashMap::new(),
            t2s_loaded: BTreeSet::new(),
            shards: HashMap::new(),
            parts: HashMap::new(),
            docs: HashMap::new(),
            facets_loaded: BTreeSet::new(),
            bytes_fetched: bytes.len(),
        })
    }

    /// Returns whether the client fetches facet files with a search on a
    /// wide screen (its filter panel starts open).
    pub fn facets_open(&self) -> bool {
        self.meta.facets_open
    }

    fn get(&mut self, path: &str) -> Option<Vec<u8>> {
        let bytes = (self.fetch)(path)?;
        self.bytes_fetched += bytes.len();
        Some(bytes)
    }

    /// Fetches the t2s buckets of the characters of `text` that may be
    /// traditional (all but ASCII).
    fn load_t2s(&mut self, text: &str) -> Option<()> {
        let count = self.meta.t2s.len();
        if count == 0 {
            return Some(());
        }
        for c in text.chars().filter_map(prepare_char) {
            let bucket = c as usize % count;
            if c.is_ascii() || self.t2s_loaded.contains(&bucket) {
                continue;
            }
            let path = format!("search/{}", self.meta.t2s[bucket]);
            let bytes = self.get(&path)?;
            let pairs: String = serde_json::from_slice(&bytes).ok()?;
            add_pairs(&mut self.t2s, &pairs);
            self.t2s_loaded.insert(bucket);
        }
        Some(())
    }

    fn gram(&mut self, chars: &[char]) -> Option<Option<GramInfo>> {
        let shard = gram_hash(chars) as usize % self.meta.shards.max(1);
        if !self.shards.contains_key(&shard) {
            let bytes = self.get(&format!("search/s/{shard}.bin"))?;
            let grams = parse_shard(shard, &bytes)?;
            self.shards.insert(shard, grams);
        }
        Some(self.shards.get(&shard)?.get(chars).cloned())
    }

    /// Returns the parts of `info` that contain a document of `wanted`
    /// (all parts when `None`).
    fn needed_parts<'a>(info: &'a GramInfo, wanted: Option<&Found>) -> Vec<&'a Part> {
        match &info.layout {
            Layout::Inline(_) => Vec::new(),
            Layout::Parts(parts) => parts
                .iter()
                .filter(|p| wanted.is_none_or(|docs| docs.range(p.first..=p.last).next().is_some()))
                .collect(),
        }
    }

    /// Returns the bytes still to fetch to read `info` for the documents
    /// of `wanted`.
    fn unfetched_bytes(&self, info: &GramInfo, wanted: Option<&Found>) -> usize {
        Self::needed_parts(info, wanted)
            .iter()
            .filter(|p| !self.parts.contains_key(&p.path))
            .map(|p| p.size)
            .sum()
    }

    /// Entries of a gram for documents in `wanted` (all when `None`).
    fn entries(
        &mut self,
        info: &GramInfo,
        pairs: bool,
        wanted: Option<&Found>,
    ) -> Option<Vec<Entry>> {
        match &info.layout {
            Layout::Inline(bytes) => decode_entries(bytes, pairs),
            Layout::Parts(_) => {
                let mut entries = Vec::new();
                for part in Self::needed_parts(info, wanted) {
                    if !self.parts.contains_key(&part.path) {
                        let bytes = self.get(&part.path)?;
                        let decoded = decode_entries(&bytes, pairs)?;
                        self.parts.insert(part.path.clone(), decoded);
                    }
                    entries.extend(self.parts.get(&part.path)?.iter().cloned());
                }
                Some(entries)
            }
        }
    }

    /// Reads a result file, once.
    fn doc(&mut self, doc: u32) -> Option<&DocFile> {
        if !self.docs.contains_key(&doc) {
            let bytes = self.get(&doc_path(doc))?;
            let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
            if let Some(pairs) = value.get("x").and_then(|x| x.as_str()) {
                add_pairs(&mut self.t2s, pairs);
            }
            let mut fields: [Vec<char>; 4] = Default::default();
            let written = value.get("f")?.as_array()?;
            for (field, text) in fields.iter_mut().zip(written) {
                *field = text
                    .as_str()?
                    .chars()
                    .filter_map(|c| normalize_char_with(c, &self.t2s))
                    .collect();
            }
            let url = value.get("u")?.as_str()?.to_string();
            self.docs.insert(doc, DocFile { url, fields });
        }
        self.docs.get(&doc)
    }

    /// Finds a term in the result files of `candidates`: every start of
    /// the term in each field.
    fn verify_by_text(&mut self, term: &[char], candidates: &Found) -> Option<Found> {
        let mut found = Found::new();
        for &doc in candidates.keys() {
            let file = self.doc(doc)?;
            let starts: Vec<(usize, u32)> = file
                .fields
                .iter()
                .enumerate()
                .flat_map(|(field, text)| {
                    text.windows(term.len())
                        .enumerate()
                        .filter(|(_, window)| *window == term)
                        .map(move |(start, _)| (field, start as u32))
                })
                .collect();
            if !starts.is_empty() {
                found.insert(doc, starts);
            }
        }
        Some(found)
    }

    /// Returns the cost of reading a pair for `candidates`: the bytes still to
    /// fetch plus, for a list inline in its shard, a share of its length
    /// for decoding it. The 1 makes a cover of fewer pairs win a tie.
    fn pair_cost(&self, info: &GramInfo, candidates: Option<&Found>) -> usize {
        let inline = match &info.layout {
            Layout::Inline(bytes) => bytes.len() / 8,
            Layout::Parts(_) => 0,
        };
        1 + inline + self.unfetched_bytes(info, candidates)
    }

    /// Returns whether confirming `candidates` by their result files fetches fewer
    /// bytes than reading the pairs `rest` for them.
    fn prefer_text(&self, candidates: &Found, rest: &[&GramInfo]) -> bool {
        if candidates.len() > VERIFY_MAX_CANDIDATES {
            return false;
        }
        let text: usize = candidates
            .keys()
            .filter(|doc| !self.docs.contains_key(doc))
            .count()
            * self.meta.doc_bytes;
        let index: usize = rest
            .iter()
            .map(|info| self.unfetched_bytes(info, Some(candidates)))
            .sum();
        text < index
    }

    /// Finds the documents containing one normalised term, among `within`
    /// when given.
    fn term(&mut self, term: &[char], within: Option<&Found>) -> Option<Found> {
        if term.len() == 1 {
            let Some(info) = self.gram(term)? else {
                return Some(Found::new());
            };
            let entries = self.entries(&info, false, within)?;
            return Some(
                entries
                    .into_iter()
                    .filter(|e| within.is_none_or(|w| w.contains_key(&e.doc)))
                    .map(|e| {
                        let fields = (0..4).filter(|f| e.mask & (1 << f) != 0);
                        (e.doc, fields.map(|f| (f, 0)).collect())
                    })
                    .collect(),
            );
        }

        let mut infos = Vec::with_capacity(term.len() - 1);
        for pair in term.windows(2) {
            match self.gram(pair)? {
                Some(info) => infos.push(info),
                None => return Some(Found::new()),
            }
        }
        // The chosen pairs are read one at a time, cheapest first. After
        // each, the candidates are fewer, so the costs and the cover are
        // worked out again; pairs already read cost nothing.
        let mut applied = vec![false; infos.len()];
        let mut found: Option<Found> = None;
        loop {
            let candidates = found.as_ref().or(within);
            let costs: Vec<usize> = infos
                .iter()
                .zip(&applied)
                .map(|(info, &done)| {
                    if done {
                        0
                    } else {
                        self.pair_cost(info, candidates)
                    }
                })
                .collect();
            let rest: Vec<usize> = cover(&costs).into_iter().filter(|&i| !applied[i]).collect();
            let Some(&offset) = rest
                .iter()
                .min_by_key(|&&i| (costs[i], infos[i].doc_count, i))
            else {
                break;
            };
            if let Some(candidates) = candidates {
                let infos_left: Vec<&GramInfo> = rest.iter().map(|&i| &infos[i]).collect();
                if self.prefer_text(candidates, &infos_left) {
                    let candidates = candidates.clone();
                    return self.verify_by_text(term, &candidates);
                }
            }
            applied[offset] = true;
            let wanted = candidates.cloned();
            let entries = self.entries(&infos[offset], true, wanted.as_ref())?;
            let offset = offset as u32;
            match found.as_mut() {
                None => {
                    let mut first = Found::new();
                    for entry in entries {
                        if within.is_some_and(|w| !w.contains_key(&entry.doc)) {
                            continue;
                        }
                        let starts: Vec<(usize, u32)> = (0..4)
                            .flat_map(|f| {
                                entry.positions[f]
                                    .iter()
                                    .filter(|&&p| p >= offset)
                                    .map(move |&p| (f, p - offset))
                            })
                            .collect();
                        if !starts.is_empty() {
                            first.insert(entry.doc, starts);
                        }
                    }
                    found = Some(first);
                }
                Some(found) => {
                    let by_doc: HashMap<u32, &Entry> = entries.iter().map(|e| (e.doc, e)).collect();
                    found.retain(|doc, starts| {
                        let Some(entry) = by_doc.get(doc) else {
                            return false;
                        };
                        starts.retain(|&(field, start)| {
                            entry.positions[field]
                                .binary_search(&(start + offset))
                                .is_ok()
                        });
                        !starts.is_empty()
                    });
                }
            }
            if found.as_ref().is_some_and(BTreeMap::is_empty) {
                break;
            }
        }
        found
    }

    /// Runs a query and returns the matching documents, best first.
    pub fn search(&mut self, query: &str) -> Vec<Hit> {
        if self.load_t2s(query).is_none() {
            return Vec::new();
        }
        let table = &self.t2s;
        let terms = query_terms_with(query, |c| normalize_char_with(c, table));
        if terms.is_empty() {
            return Vec::new();
        }
        // Rarest term first, so that each later term reads only the parts
        // that hold the documents still in the running.
        let mut rarity = Vec::with_capacity(terms.len());
        for term in &terms {
            let grams: Vec<&[char]> = if term.len() == 1 {
                vec![&term[..]]
            } else {
                term.windows(2).collect()
            };
            let mut least = u64::MAX;
            for gram in grams {
                match self.gram(gram) {
                    Some(Some(info)) => least = least.min(info.doc_count),
                    Some(None) => return Vec::new(),
                    None => return Vec::new(),
                }
            }
            rarity.push(least);
        }
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by_key(|&i| (rarity[i], i));

        let mut matches: Vec<Found> = vec![Found::new(); terms.len()];
        let mut within: Option<Found> = None;
        for index in order {
            match self.term(&terms[index], within.as_ref()) {
                Some(found) if !found.is_empty() => {
                    within = Some(found.clone());
                    matches[index] = found;
                }
                _ => return Vec::new(),
            }
        }
        let Some(survivors) = within else {
            return Vec::new();
        };

        let mut hits = Vec::new();
        for &doc in survivors.keys() {
            let mut field_score = 0;
            for found in &matches {
                let occurrences = found.get(&doc).map(Vec::as_slice).unwrap_or_default();
                field_score += occurrences
                    .iter()
                    .map(|&(f, _)| FIELD_WEIGHTS[f])
                    .max()
                    .unwrap_or(0);
            }
            let mut adjacent = 0;
            for (index, pair) in matches.windows(2).enumerate() {
                let length = terms[index].len() as u32;
                let (Some(before), Some(after)) = (pair[0].get(&doc), pair[1].get(&doc)) else {
                    continue;
                };
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
        Some(self.doc(doc)?.url.clone())
    }

    /// Fetches the facet files that hold the facets of `hits`, as the
    /// client does to count the filters' values.
    pub fn load_facets(&mut self, hits: &[Hit]) -> Option<()> {
        let chunk = self.meta.facet_chunk.max(1);
        let needed: BTreeSet<usize> = hits.iter().map(|hit| hit.doc as usize / chunk).collect();
        for index in needed {
            if self.facets_loaded.contains(&index) {
                continue;
            }
            let path = format!("search/{}", self.meta.facets.get(index)?);
            self.get(&path)?;
            self.facets_loaded.insert(index);
        }
        Some(())
    }
}

/// Returns the path of document `doc`'s result file.
pub fn doc_path(doc: u32) -> String {
    format!("search/d/{}/{doc}.json", doc / 1000)
}

fn add_pairs(table: &mut HashMap<char, char>, pairs: &str) {
    let chars: Vec<char> = pairs.chars().collect();
    for pair in chars.chunks_exact(2) {
        table.insert(pair[0], pair[1]);
    }
}

/// Chooses the pairs of a term that are read: a set that covers every
/// character of the term (pair i covers characters i and i + 1), of least
/// total cost. Confirming each chosen pair at its offset from a start
/// confirms every character, so the match stays exact while the commonest
/// pairs, whose lists are longest, are skipped where a neighbour covers
/// their characters. Returns the chosen indices in ascending order.
pub fn cover(costs: &[usize]) -> Vec<usize> {
    let n = costs.len();
    if n == 0 {
        return Vec::new();
    }
    // best[i]: least cost of a cover of characters 0..=i+1 whose last
    // chosen pair is i. The first pair is always chosen (only it covers
    // character 0) and so is the last; chosen pairs are at most 2 apart.
    let mut best = vec![0usize; n];
    let mut from = vec![usize::MAX; n];
    best[0] = costs[0];
    for i in 1..n {
        let (previous, cost) = if i >= 2 && best[i - 2] < best[i - 1] {
            (i - 2, best[i - 2])
        } else {
            (i - 1, best[i - 1])
        };
        best[i] = cost + costs[i];
        from[i] = previous;
    }
    let mut chosen = vec![n - 1];
    let mut at = n - 1;
    while from[at] != usize::MAX {
        at = from[at];
        chosen.push(at);
    }
    chosen.reverse();
    chosen
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
                let size = usize::try_from(read_varint(bytes, &mut at)?).ok()?;
                parts.push(Part {
                    first,
                    last,
                    size,
                    path: format!("search/g/{shard}/{position}-{part}.bin"),
                });
            }
            Layout::Parts(parts)
        };
        grams.insert(chars, GramInfo { doc_count, layout });
    }
    Some(grams)
}

#[cfg(test)]
mod tests {
    use super::cover;

    #[test]
    fn cover_skips_costly_inner_pairs() {
        // 县发改局: pairs 县发, 发改, 改局; the inner pair is not needed.
        assert_eq!(cover(&[5, 100, 5]), vec![0, 2]);
        // Two cheap pairs side by side cannot leave a character uncovered.
        assert_eq!(cover(&[1, 100, 101, 1]), vec![0, 1, 3]);
        assert_eq!(cover(&[7]), vec![0]);
        assert_eq!(cover(&[1, 1]), vec![0, 1]);
    }

    #[test]
    fn every_cover_covers_every_character() {
        for n in 1..9usize {
            for seed in 0..50usize {
                let costs: Vec<usize> = (0..n).map(|i| (i * 7919 + seed * 104_729) % 97).collect();
                let chosen = cover(&costs);
                for character in 0..=n {
                    assert!(
                        chosen.iter().any(|&i| i == character || i + 1 == character),
                        "character {character} uncovered by {chosen:?} for {costs:?}"
                    );
                }
            }
        }
    }
}
