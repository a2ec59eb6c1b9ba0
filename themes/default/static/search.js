/* Full-text search of the portal, run in the browser from the static
   index under <base>search/ (format: docs/ARCHITECTURE.md, "Search index").
   No server code runs and nothing is loaded from outside the site.

   Text is compared by Unicode code points after the same normalisation the
   index writer applies (src/index/normalize.rs): full width to ASCII,
   whitespace and control characters dropped, ASCII lower case, every kind
   of bracket to ( ), traditional to simplified characters. A document
   matches when every term of the query is a substring of one of its four
   fields. The index finds candidates by character pairs and confirms by
   positions that the pairs are adjacent, or, for a few candidates, by
   their result files' text, so results are exact. src/index/query.rs is
   the same algorithm in Rust; keep the two in step.

   ES2017 on purpose: only this page needs a current browser. Every other
   page of the site works without this file. */
(function () {
  'use strict';

  const app = document.getElementById('search-app');
  if (!app || !window.fetch || !Array.from || !window.URLSearchParams || !history.pushState) {
    return;
  }

  const FORMAT = 2;
  const PAGE_SIZE = 20;
  const DEBOUNCE_MS = 150;
  // Weights of the fields in index order (title, units, meta, body). A term
  // found in a heavier field ranks higher, as in src/index/query.rs.
  const FIELD_WEIGHTS = [8, 4, 2, 1];
  const FIELD_LABELS = ['标题', '单位', '信息', '正文'];
  const FACETS = ['kind', 'unit', 'year', 'category', 'status'];
  const PASSAGE_BEFORE = 24;
  const PASSAGE_LENGTH = 90;
  // At most this many candidates are confirmed by their result files, as
  // VERIFY_MAX_CANDIDATES in src/index/query.rs.
  const VERIFY_MAX_CANDIDATES = 60;

  const base = app.getAttribute('data-base') || '/';
  const form = document.getElementById('search-form');
  const input = document.getElementById('q-page');
  const summary = document.getElementById('search-summary');
  const list = document.getElementById('search-list');
  const pager = document.getElementById('search-pager');
  const filters = document.getElementById('search-filters');
  const clearButton = document.getElementById('search-clear');
  const activeNote = document.getElementById('search-filters-active');
  const sortSelect = document.getElementById('search-sort');
  const resultsTitle = document.getElementById('search-results-title');
  const selects = {};
  FACETS.forEach((name) => { selects[name] = document.getElementById('search-' + name); });

  // --- Fetching, cached in memory for the session ---

  const files = new Map();

  /** Fetches `path` under <base>search/ once per session, as bytes or JSON. */
  function load(path, type) {
    const key = type + ':' + path;
    if (!files.has(key)) {
      const promise = fetch(base + 'search/' + path).then((response) => {
        if (!response.ok) {
          throw new Error('failed to fetch search/' + path + ': HTTP ' + response.status);
        }
        return type === 'json' ? response.json() : response.arrayBuffer().then((b) => new Uint8Array(b));
      });
      // A failed request is not cached, so the next search tries again.
      promise.catch(() => files.delete(key));
      files.set(key, promise);
    }
    return files.get(key);
  }

  // --- Normalisation ---

  const OPEN = '〔【[﹝⦗〖(';
  const CLOSE = '〕】]﹞⦘〗)';
  let t2s = new Map();
  const charCache = new Map();

  /** Applies the steps before the traditional → simplified table to one
      code point: '' when it is dropped. */
  function prepareChar(c) {
    let cp = c.codePointAt(0);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
    }
    let out = String.fromCodePoint(cp);
    // \s is the whitespace set that src/index/normalize.rs lists, and the
    // control characters (Unicode Cc) are those of Rust's char::is_control.
    if (/\s/.test(out) || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      out = '';
    } else {
      if (cp >= 0x41 && cp <= 0x5A) {
        out = String.fromCharCode(cp + 32);
      } else if (OPEN.includes(out)) {
        out = '(';
      } else if (CLOSE.includes(out)) {
        out = ')';
      }
    }
    return out;
  }

  /** Returns the normalised form of one code point: '' when it is dropped.
      Traditional characters map only once their t2s bucket or a result
      file that lists them has been loaded. */
  function normalizeChar(c) {
    let cached = charCache.get(c);
    if (cached === undefined) {
      const out = prepareChar(c);
      cached = t2s.get(out) || out;
      charCache.set(c, cached);
    }
    return cached;
  }

  /** Adds a string of traditional → simplified pairs to the table. */
  function addPairs(text) {
    const pairs = Array.from(text || '');
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (t2s.get(pairs[i]) !== pairs[i + 1]) {
        t2s.set(pairs[i], pairs[i + 1]);
        charCache.clear();
      }
    }
  }

  /** Fetches the t2s buckets of the characters of `text` that may be
      traditional (all but ASCII): a character's bucket is its code point
      mod the bucket count. */
  function loadT2s(text) {
    const buckets = new Set();
    Array.from(text).forEach((c) => {
      const p = prepareChar(c);
      if (p && p.codePointAt(0) > 0x7F) {
        buckets.add(p.codePointAt(0) % meta.t2s.length);
      }
    });
    return Promise.all(Array.from(buckets).map((b) => load(meta.t2s[b], 'json').then(addPairs)));
  }

  /** Normalises `text` and maps each normalised code point to the index,
      in code points, of the original one it came from. */
  function normalizeMapped(text) {
    const source = Array.from(text);
    const chars = [];
    const origin = [];
    source.forEach((c, i) => {
      const n = normalizeChar(c);
      if (n) {
        chars.push(n);
        origin.push(i);
      }
    });
    return { source: source, chars: chars, origin: origin };
  }

  /** Splits a query at whitespace into normalised terms (arrays of code points). */
  function queryTerms(query) {
    return query.split(/\s+/)
      .map((part) => Array.from(part).map(normalizeChar).filter(Boolean))
      .filter((term) => term.length > 0);
  }

  // --- Index files ---

  /** Reads unsigned LEB128 varints and bytes from `bytes`. */
  class Reader {
    constructor(bytes) { this.bytes = bytes; this.at = 0; }
    byte() {
      if (this.at >= this.bytes.length) {
        throw new Error('index file is truncated');
      }
      return this.bytes[this.at++];
    }
    varint() {
      let value = 0;
      let scale = 1;
      for (;;) {
        const b = this.byte();
        value += (b & 0x7F) * scale;
        if (!(b & 0x80)) {
          return value;
        }
        scale *= 128;
      }
    }
    magic(text) {
      for (let i = 0; i < text.length; i++) {
        if (this.byte() !== text.charCodeAt(i)) {
          throw new Error('invalid index file: missing magic ' + text);
        }
      }
    }
  }

  /** FNV-1a, 32 bits, over the code points of a gram: picks its shard. */
  function gramHash(gram) {
    let h = 0x811C9DC5;
    for (const c of gram) {
      h ^= c.codePointAt(0);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  let meta = null;
  let labels = null;
  const shards = new Map();
  // Facets by document number, filled a facet file at a time.
  const facets = [];
  const facetFiles = new Map();

  /** Loads meta.json, once. */
  async function open() {
    if (meta) {
      return;
    }
    const m = await load('meta.json', 'json');
    if (m.format !== FORMAT) {
      throw new Error('search/meta.json has format ' + m.format + ', this script reads format ' + FORMAT);
    }
    // Each filter's values in menu order, with their labels. Years are
    // added as facet files bring them.
    labels = {
      kind: new Map(m.kinds),
      unit: new Map(m.units),
      year: new Map(),
      category: new Map(m.categories.map((c) => [c, c])),
      status: new Map(m.statuses),
    };
    meta = m;
    // The filter panel starts open on wide screens only when the facet
    // files are small. Otherwise it starts folded and its counts load when
    // it is opened, so a first search downloads only what its results need.
    const phone = window.matchMedia && window.matchMedia('(max-width: 40em)').matches;
    filters.open = Boolean(m.facets_open) && !phone;
  }

  /** Fetches the facet files that hold the documents of `hits`. */
  function loadFacets(hits) {
    const needed = new Set(hits.map((hit) => Math.floor(hit.doc / meta.facet_chunk)));
    return Promise.all(Array.from(needed).map((index) => {
      if (!facetFiles.has(index)) {
        const promise = load(meta.facets[index], 'bytes').then((bytes) => parseFacets(bytes, index * meta.facet_chunk));
        promise.catch(() => facetFiles.delete(index));
        facetFiles.set(index, promise);
      }
      return facetFiles.get(index);
    })).then(() => {
      const years = new Set(labels.year.keys());
      facets.forEach((f) => { if (f) { f.year.forEach((y) => years.add(y)); } });
      labels.year = new Map(Array.from(years).sort().reverse().map((y) => [y, y + '年']));
    });
  }

  /** Reads a facet file: per document from `first` on, the values of
      each filter as the URL writes them (kind key, unit id, year,
      category, status key). */
  function parseFacets(bytes, first) {
    const m = meta;
    const r = new Reader(bytes);
    r.magic('GSF1');
    const key = (pairs, i) => (pairs[i] || [''])[0];
    for (let n = first; r.at < bytes.length; n++) {
      const days = r.varint();
      const kind = r.byte();
      const category = r.varint();
      const status = [];
      for (let i = r.varint(); i > 0; i--) {
        status.push(key(m.statuses, r.varint()));
      }
      const unit = [];
      for (let i = r.varint(); i > 0; i--) {
        unit.push(key(m.units, r.varint()));
      }
      facets[n] = {
        kind: [key(m.kinds, kind)],
        unit: unit,
        // Units have no date (0) and so no year.
        year: days ? [String(new Date(days * 86400000).getUTCFullYear())] : [],
        category: category ? [m.categories[category - 1]] : [],
        status: status,
      };
    }
  }

  /** Returns the shard's grams: gram → {count, inline bytes | parts}. */
  function shard(k) {
    if (!shards.has(k)) {
      shards.set(k, load('s/' + k + '.bin', 'bytes').then((bytes) => {
        const r = new Reader(bytes);
        r.magic('GSS1');
        const grams = new Map();
        const total = r.varint();
        for (let g = 0; g < total; g++) {
          let gram = '';
          for (let i = r.varint(); i > 0; i--) {
            gram += String.fromCodePoint(r.varint());
          }
          const info = { count: r.varint() };
          if (r.byte() === 0) {
            const length = r.varint();
            info.bytes = bytes.subarray(r.at, r.at + length);
            r.at += length;
          } else {
            info.parts = [];
            for (let p = r.varint(), i = 0; i < p; i++) {
              info.parts.push({ first: r.varint(), last: r.varint(), size: r.varint(), path: 'g/' + k + '/' + g + '-' + i + '.bin' });
            }
          }
          grams.set(gram, info);
        }
        return grams;
      }));
      shards.get(k).catch(() => shards.delete(k));
    }
    return shards.get(k);
  }

  /** Returns the gram's index entry, or null when no document has it. */
  async function gramInfo(gram) {
    const grams = await shard(gramHash(gram) % meta.shards);
    return grams.get(gram) || null;
  }

  /** Decodes entries: document, field mask and, for pairs, the positions
      of each field in the mask. With `keep` (a Set), only the entries of
      its documents are returned; the others are skipped without building
      their position lists, which is most of the work for common pairs. */
  function decodeEntries(bytes, pairs, keep) {
    const end = bytes.length;
    let at = 0;
    // Reads one unsigned LEB128 varint; the one-byte case comes first
    // because most deltas are small.
    const varint = () => {
      if (at >= end) {
        throw new Error('index file is truncated');
      }
      let b = bytes[at++];
      if (b < 0x80) {
        return b;
      }
      let value = b & 0x7F;
      let scale = 128;
      for (;;) {
        if (at >= end) {
          throw new Error('index file is truncated');
        }
        b = bytes[at++];
        value += (b & 0x7F) * scale;
        if (b < 0x80) {
          return value;
        }
        scale *= 128;
      }
    };
    const entries = [];
    let doc = 0;
    while (at < end) {
      doc += varint();
      if (at >= end) {
        throw new Error('index file is truncated');
      }
      const mask = bytes[at++];
      const wanted = !keep || keep.has(doc);
      const positions = [null, null, null, null];
      if (pairs) {
        for (let f = 0; f < 4; f++) {
          if (mask & (1 << f)) {
            const count = varint();
            if (wanted) {
              const list = new Array(count);
              let position = 0;
              for (let i = 0; i < count; i++) {
                position += varint();
                list[i] = position;
              }
              positions[f] = list;
            } else {
              for (let i = 0; i < count; i++) {
                varint();
              }
            }
          }
        }
      }
      if (wanted) {
        entries.push({ doc: doc, mask: mask, positions: positions });
      }
    }
    return entries;
  }

  /** Returns the parts of a gram holding a document of `wanted` (sorted
      document numbers; all parts when it is null). */
  function neededParts(info, wanted) {
    return info.bytes ? [] : info.parts.filter((part) => !wanted || hasInRange(wanted, part.first, part.last));
  }

  /** Returns the bytes still to fetch to read `info` for `wanted`. */
  function unfetchedBytes(info, wanted) {
    return neededParts(info, wanted).filter((part) => !files.has('bytes:' + part.path)).reduce((sum, part) => sum + part.size, 0);
  }

  /** Returns the entries of a gram. When `wanted` (sorted document
      numbers) is given, fetches only the parts whose range contains one. */
  async function entries(info, pairs, wanted) {
    const keep = wanted ? new Set(wanted) : null;
    if (info.bytes) {
      return decodeEntries(info.bytes, pairs, keep);
    }
    const decoded = await Promise.all(neededParts(info, wanted).map((part) => load(part.path, 'bytes').then((b) => decodeEntries(b, pairs, keep))));
    return [].concat(...decoded);
  }

  /** Tells whether the sorted array `docs` has a value in [first, last]. */
  function hasInRange(docs, first, last) {
    let lo = 0;
    let hi = docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (docs[mid] < first) { lo = mid + 1; } else { hi = mid; }
    }
    return lo < docs.length && docs[lo] <= last;
  }

  /** Fetches a document's result file; the t2s pairs it lists join the table. */
  function loadDoc(doc) {
    const path = 'd/' + Math.floor(doc / 1000) + '/' + doc + '.json';
    return load(path, 'json').then((file) => {
      addPairs(file.x);
      return file;
    });
  }

  function docLoaded(doc) {
    return files.has('json:d/' + Math.floor(doc / 1000) + '/' + doc + '.json');
  }

  // --- Query ---

  /** Returns the grams of a term: the character itself, or its adjacent pairs. */
  function termGrams(term) {
    if (term.length === 1) {
      return [term[0]];
    }
    const grams = [];
    for (let i = 0; i + 1 < term.length; i++) {
      grams.push(term[i] + term[i + 1]);
    }
    return grams;
  }

  /** Chooses the pairs of a term to read: a set that covers every
      character (pair i covers characters i and i + 1) of least total
      cost. Confirming each chosen pair at its offset from a start confirms
      every character, so the common pairs in between can be skipped. */
  function cover(costs) {
    const n = costs.length;
    const best = [costs[0]];
    const from = [-1];
    for (let i = 1; i < n; i++) {
      const previous = i >= 2 && best[i - 2] < best[i - 1] ? i - 2 : i - 1;
      best.push(best[previous] + costs[i]);
      from.push(previous);
    }
    const chosen = [];
    for (let at = n - 1; at >= 0; at = from[at]) {
      chosen.unshift(at);
    }
    return chosen;
  }

  /** Finds a term in the result files of `candidates`: Map doc → starts. */
  async function verifyByText(term, candidates) {
    const text = term.join('');
    const docs = await Promise.all(candidates.map(loadDoc));
    const found = new Map();
    docs.forEach((file, i) => {
      const at = [];
      (file.f || []).forEach((field, f) => {
        const chars = Array.from(field || '').map(normalizeChar).filter(Boolean);
        const joined = chars.join('');
        if (!joined.includes(text)) {
          return;
        }
        for (let s = 0; s + term.length <= chars.length; s++) {
          let j = 0;
          while (j < term.length && chars[s + j] === term[j]) {
            j++;
          }
          if (j === term.length) {
            at.push([f, s]);
          }
        }
      });
      if (at.length) {
        found.set(candidates[i], at);
      }
    });
    return found;
  }

  /** Returns the cost of reading a pair for `candidates`: bytes still to
      fetch, plus a share of an inline list's length for decoding it, plus
      1 so that a cover of fewer pairs wins a tie. */
  function pairCost(info, candidates) {
    return 1 + (info.bytes ? info.bytes.length >> 3 : 0) + unfetchedBytes(info, candidates);
  }

  /** Tells whether confirming `candidates` by their result files fetches
      fewer bytes than reading the pairs `rest` for them. */
  function preferText(candidates, rest) {
    if (candidates.length > VERIFY_MAX_CANDIDATES) {
      return false;
    }
    const text = candidates.filter((doc) => !docLoaded(doc)).length * meta.doc_bytes;
    const index = rest.reduce((sum, info) => sum + unfetchedBytes(info, candidates), 0);
    return text < index;
  }

  /** Finds the documents holding one term: Map doc → [[field, start], …].
      A one-character term has start 0 in each field it occurs in.
      `within` (sorted document numbers) limits the search when given. */
  async function findTerm(term, infos, within) {
    const keep = within ? new Set(within) : null;
    if (term.length === 1) {
      const found = new Map();
      for (const e of await entries(infos[0], false, within)) {
        if (!keep || keep.has(e.doc)) {
          const at = [];
          for (let f = 0; f < 4; f++) {
            if (e.mask & (1 << f)) { at.push([f, 0]); }
          }
          found.set(e.doc, at);
        }
      }
      return found;
    }

    // The chosen pairs are read one at a time, cheapest first. After each,
    // the candidates are fewer, so the costs and the cover are worked out
    // again; pairs already read cost nothing.
    const applied = infos.map(() => false);
    let found = null;
    for (;;) {
      const candidates = found ? Array.from(found.keys()).sort((a, b) => a - b) : within;
      const costs = infos.map((info, i) => (applied[i] ? 0 : pairCost(info, candidates)));
      const rest = cover(costs).filter((i) => !applied[i]);
      if (!rest.length) {
        break;
      }
      const offset = rest.reduce((best, i) => (costs[i] < costs[best] || (costs[i] === costs[best] && infos[i].count < infos[best].count) ? i : best));
      if (candidates && preferText(candidates, rest.map((i) => infos[i]))) {
        return verifyByText(term, candidates);
      }
      applied[offset] = true;
      const list = await entries(infos[offset], true, candidates);
      if (!found) {
        // The first pair read gives the candidates and their starts.
        found = new Map();
        for (const e of list) {
          if (keep && !keep.has(e.doc)) {
            continue;
          }
          const at = [];
          e.positions.forEach((positions, f) => {
            if (positions) {
              positions.forEach((p) => { if (p >= offset) { at.push([f, p - offset]); } });
            }
          });
          if (at.length) {
            found.set(e.doc, at);
          }
        }
      } else {
        // Each other pair must sit at its offset from a start, in the
        // same field.
        const byDoc = new Map();
        list.forEach((e) => byDoc.set(e.doc, e));
        for (const [doc, at] of found) {
          const e = byDoc.get(doc);
          const still = e ? at.filter(([f, s]) => e.positions[f] && e.positions[f].includes(s + offset)) : [];
          if (still.length) { found.set(doc, still); } else { found.delete(doc); }
        }
      }
      if (!found.size) {
        break;
      }
    }
    return found;
  }

  /** Runs a query: every matching document with its ranking keys, in
      relevance order (terms side by side as typed, best fields, newest). */
  async function search(terms) {
    const gramLists = terms.map(termGrams);
    const infoLists = await Promise.all(gramLists.map((grams) => Promise.all(grams.map(gramInfo))));
    if (infoLists.some((infos) => infos.some((info) => !info))) {
      return [];
    }

    // Rarest term first, so each later term reads only the parts that
    // overlap the documents still in the running.
    const rarity = infoLists.map((infos) => Math.min(...infos.map((x) => x.count)));
    const order = terms.map((_, i) => i).sort((a, b) => rarity[a] - rarity[b] || a - b);
    const matches = new Array(terms.length);
    let within = null;
    for (const i of order) {
      const found = await findTerm(terms[i], infoLists[i], within);
      if (!found.size) {
        return [];
      }
      matches[i] = found;
      within = Array.from(found.keys()).sort((a, b) => a - b);
    }

    const hits = within.map((doc) => {
      let score = 0;
      matches.forEach((found) => {
        score += Math.max(...found.get(doc).map(([f]) => FIELD_WEIGHTS[f]));
      });
      let adjacent = 0;
      for (let i = 0; i + 1 < terms.length; i++) {
        if (terms[i].length > 1 && terms[i + 1].length > 1) {
          const after = matches[i + 1].get(doc);
          const length = terms[i].length;
          if (matches[i].get(doc).some(([f, s]) => after.some(([g, t]) => f === g && t === s + length))) {
            adjacent++;
          }
        }
      }
      return { doc: doc, adjacent: adjacent, score: score };
    });
    return hits.sort((a, b) => b.adjacent - a.adjacent || b.score - a.score || a.doc - b.doc);
  }

  // --- Filters (facets) ---

  function passes(doc, state, except) {
    return FACETS.every((name) => name === except || !state[name] || facets[doc][name].includes(state[name]));
  }

  /** Fills each filter with the values found among the hits that pass
      the other filters, with their counts. */
  function renderFilters(hits, state) {
    FACETS.forEach((name) => {
      const counts = new Map();
      let total = 0;
      hits.forEach((hit) => {
        if (passes(hit.doc, state, name)) {
          total++;
          facets[hit.doc][name].forEach((v) => counts.set(v, (counts.get(v) || 0) + 1));
        }
      });
      const select = selects[name];
      const first = select.options[0];
      first.textContent = first.textContent.replace(/（\d+）$/, '') + '（' + total + '）';
      while (select.options.length > 1) {
        select.remove(1);
      }
      labels[name].forEach((label, value) => {
        const count = counts.get(value) || 0;
        if (count || value === state[name]) {
          select.add(new Option(label + '（' + count + '）', value));
        }
      });
      select.value = state[name] || '';
    });
    sortSelect.value = state.sort === 'date' ? 'date' : '';
    const active = FACETS.filter((name) => state[name]).length;
    clearButton.hidden = !active;
    activeNote.textContent = active ? '（已选 ' + active + ' 项）' : '';
  }

  // --- State in the URL ---

  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { q: params.get('q') || '', sort: params.get('sort') === 'date' ? 'date' : '', page: 1 };
    FACETS.forEach((name) => { state[name] = params.get(name) || ''; });
    const page = parseInt(params.get('page'), 10);
    if (page > 1) {
      state.page = page;
    }
    return state;
  }

  function stateUrl(state, page) {
    const params = new URLSearchParams();
    if (state.q) {
      params.set('q', state.q);
    }
    FACETS.forEach((name) => { if (state[name]) { params.set(name, state[name]); } });
    if (state.sort) {
      params.set('sort', state.sort);
    }
    if (page > 1) {
      params.set('page', String(page));
    }
    const text = params.toString();
    return location.pathname + (text ? '?' + text : '');
  }

  /** Records `state` in the history: a new entry for a deliberate step
      (Enter, a filter, a page), the current one while typing. */
  function remember(state, push) {
    const url = stateUrl(state, state.page);
    if (url === location.pathname + location.search) {
      return;
    }
    if (push) {
      history.pushState(null, '', url);
    } else {
      history.replaceState(null, '', url);
    }
  }

  // --- Rendering ---

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /** Returns the [start, end) code-point ranges in `mapped.source` where
      any term occurs in the normalised text, merged and sorted. */
  function termRanges(mapped, terms) {
    const ranges = [];
    const chars = mapped.chars;
    terms.forEach((term) => {
      for (let i = 0; i + term.length <= chars.length; i++) {
        let j = 0;
        while (j < term.length && chars[i + j] === term[j]) {
          j++;
        }
        if (j === term.length) {
          ranges.push([mapped.origin[i], mapped.origin[i + term.length - 1] + 1]);
        }
      }
    });
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    ranges.forEach((r) => {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.push(r.slice());
      }
    });
    return merged;
  }

  /** Appends source[from, to) to `parent`, with <mark> around the ranges. */
  function appendMarked(parent, source, ranges, from, to) {
    let at = from;
    ranges.forEach(([start, end]) => {
      start = Math.max(start, from);
      end = Math.min(end, to);
      if (start >= end) {
        return;
      }
      if (start > at) {
        parent.appendChild(document.createTextNode(source.slice(at, start).join('')));
      }
      parent.appendChild(element('mark', '', source.slice(start, end).join('')));
      at = end;
    });
    if (at < to) {
      parent.appendChild(document.createTextNode(source.slice(at, to).join('')));
    }
  }

  /** Returns the passage shown under a result, with every term marked.
      It is cut from the field where the first term was found, trying the
      body, then meta, then units, because the title is shown anyway. */
  function passage(fields, terms) {
    const mapped = fields.map((text) => normalizeMapped(text || ''));
    const first = terms[0].join('');
    let field = [3, 2, 1].find((f) => mapped[f].chars.join('').includes(first));
    if (field === undefined) {
      if (!mapped[3].chars.length) {
        return null;
      }
      field = 3;
    }
    const m = mapped[field];
    const ranges = termRanges(m, terms);
    const firstAt = termRanges(m, [terms[0]])[0];
    let from = firstAt ? Math.max(0, firstAt[0] - PASSAGE_BEFORE) : 0;
    const to = Math.min(m.source.length, from + PASSAGE_LENGTH);
    from = Math.max(0, Math.min(from, to - PASSAGE_LENGTH));
    const p = element('p', 'search-passage');
    p.appendChild(element('span', 'search-passage-label', FIELD_LABELS[field] + '：'));
    if (from > 0) {
      p.appendChild(document.createTextNode('…'));
    }
    appendMarked(p, m.source, ranges, from, to);
    if (to < m.source.length) {
      p.appendChild(document.createTextNode('…'));
    }
    return p;
  }

  function renderResult(doc, terms) {
    const li = element('li', 'item search-result');
    const heading = element('h3', 'search-result-title');
    const link = element('a', 'item-title');
    link.href = base + doc.u;
    const title = normalizeMapped(doc.t);
    appendMarked(link, title.source, termRanges(title, terms), 0, title.source.length);
    heading.appendChild(link);
    li.appendChild(heading);

    const info = element('p', 'item-meta');
    const kind = meta.kinds[doc.k];
    info.appendChild(element('span', 'search-kind', kind ? kind[1] : ''));
    (doc.b || []).forEach(([text, tone]) => {
      info.appendChild(element('span', 'badge badge--' + (/^[a-z]+$/.test(tone) ? tone : 'muted'), text));
      info.appendChild(document.createTextNode(' '));
    });
    if (doc.d) {
      const date = element('span', 'item-date', '日期 ');
      const time = element('time', '', doc.d);
      time.setAttribute('datetime', doc.d);
      date.appendChild(time);
      info.appendChild(date);
    }
    if (doc.n && !(kind && kind[0] === 'units')) {
      info.appendChild(element('span', 'item-units', '单位：' + doc.n));
    }
    li.appendChild(info);

    const p = passage(doc.f || [], terms);
    if (p) {
      li.appendChild(p);
    }
    return li;
  }

  function pageLink(state, page, text, current, rel) {
    const li = element('li');
    const a = element('a', '', text);
    a.href = stateUrl(state, page);
    a.setAttribute('data-page', String(page));
    if (current) {
      a.setAttribute('aria-current', 'page');
    }
    if (rel) {
      a.rel = rel;
    }
    li.appendChild(a);
    return li;
  }

  function renderPager(state, pages) {
    pager.textContent = '';
    pager.hidden = pages < 2;
    if (pages < 2) {
      return;
    }
    pager.appendChild(element('p', 'pager-status', '第 ' + state.page + ' 页，共 ' + pages + ' 页'));
    const ul = element('ul');
    if (state.page > 1) {
      ul.appendChild(pageLink(state, state.page - 1, '上一页', false, 'prev'));
    }
    for (let n = 1; n <= pages; n++) {
      if (n === 1 || n === pages || Math.abs(n - state.page) <= 2) {
        ul.appendChild(pageLink(state, n, String(n), n === state.page));
      } else if (n === 2 || n === pages - 1) {
        const gap = element('li', 'pager-gap', '…');
        gap.setAttribute('aria-hidden', 'true');
        ul.appendChild(gap);
      }
    }
    if (state.page < pages) {
      ul.appendChild(pageLink(state, state.page + 1, '下一页', false, 'next'));
    }
    pager.appendChild(ul);
  }

  function showError(error) {
    list.textContent = '';
    pager.hidden = true;
    filters.hidden = true;
    summary.textContent = '';
    const p = element('p', 'search-error', '搜索暂时无法使用，请稍后再试。也可以');
    const a = element('a', '', '按栏目浏览全部公示信息');
    a.href = '#search-browse';
    p.appendChild(a);
    p.appendChild(document.createTextNode('。'));
    summary.appendChild(p);
    app.setAttribute('data-state', 'error');
    if (window.console) {
      console.error('gongshi search:', error);
    }
  }

  // --- Running a search ---

  let current = readState();
  let run = 0;
  let lastQuery = null;
  let lastHits = [];
  // Whether the filter menus show the counts of the current results.
  let countsShown = false;

  /** Searches for `state` and shows its page of results. Later calls win
      over earlier ones still waiting for files. */
  async function show(state) {
    const token = ++run;
    current = state;
    app.setAttribute('aria-busy', 'true');
    app.setAttribute('data-state', 'busy');
    try {
      await open();
      await loadT2s(state.q);
      const terms = queryTerms(state.q);
      let hits = lastHits;
      if (state.q !== lastQuery) {
        hits = terms.length ? await search(terms) : [];
      }
      if (token !== run) {
        return;
      }
      lastQuery = state.q;
      lastHits = hits;

      // Facets are needed to filter and to count; with the panel folded
      // and no filter chosen they are not fetched at all.
      const filtering = FACETS.some((name) => state[name]);
      const counting = filters.open && hits.length > 0;
      if (filtering || counting) {
        await loadFacets(hits);
        if (token !== run) {
          return;
        }
      }
      const filtered = filtering ? hits.filter((hit) => passes(hit.doc, state, null)) : hits.slice();
      if (state.sort === 'date') {
        // Documents are numbered newest first, units after the records.
        filtered.sort((a, b) => a.doc - b.doc);
      }
      const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
      if (state.page > pages) {
        state.page = pages;
      }
      const shown = filtered.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE);
      const docs = await Promise.all(shown.map((hit) => loadDoc(hit.doc)));
      if (token !== run) {
        return;
      }

      list.textContent = '';
      docs.forEach((doc) => list.appendChild(renderResult(doc, terms)));
      filters.hidden = !terms.length || !hits.length;
      countsShown = filtering || counting;
      if (terms.length && hits.length && countsShown) {
        renderFilters(hits, state);
      }
      renderPager(state, pages);
      summary.textContent = describe(state, terms, hits.length, filtered.length, pages);
      app.setAttribute('data-state', 'done');
      app.setAttribute('data-count', String(filtered.length));
    } catch (error) {
      if (token === run) {
        showError(error);
      }
    } finally {
      if (token === run) {
        app.removeAttribute('aria-busy');
      }
    }
  }

  /** Returns the sentence the live region announces. */
  function describe(state, terms, found, shown, pages) {
    if (!terms.length) {
      return '请输入要搜索的词语。';
    }
    const query = '“' + state.q.trim() + '”';
    if (!found) {
      return '没有找到包含' + query + '的公示信息。请换一个词，或减少词语再试。';
    }
    let text = '找到 ' + shown + ' 条包含' + query + '的结果';
    if (shown !== found) {
      text += '（已筛选，共 ' + found + ' 条）';
    }
    if (pages > 1) {
      text += '，第 ' + state.page + ' 页，共 ' + pages + ' 页';
    }
    return text + '。';
  }

  function withChanges(changes) {
    return Object.assign({}, current, changes);
  }

  // --- Events ---

  let timer = 0;

  /** Searches for the box's text once typing pauses. */
  function scheduleSearch() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const state = withChanges({ q: input.value, page: 1 });
      remember(state, false);
      show(state);
    }, DEBOUNCE_MS);
  }

  // While an input method composes a character, the box contains pinyin or
  // strokes instead of the words meant, so the search waits for the result.
  input.addEventListener('input', (event) => {
    if (!event.isComposing) {
      scheduleSearch();
    }
  });
  input.addEventListener('compositionend', scheduleSearch);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const state = withChanges({ q: input.value, page: 1 });
    remember(state, true);
    show(state);
  });

  FACETS.forEach((name) => {
    selects[name].addEventListener('change', () => {
      const changes = { page: 1 };
      changes[name] = selects[name].value;
      const state = withChanges(changes);
      remember(state, true);
      show(state);
    });
  });

  sortSelect.addEventListener('change', () => {
    const state = withChanges({ sort: sortSelect.value === 'date' ? 'date' : '', page: 1 });
    remember(state, true);
    show(state);
  });

  clearButton.addEventListener('click', () => {
    const changes = { page: 1 };
    FACETS.forEach((name) => { changes[name] = ''; });
    const state = withChanges(changes);
    remember(state, true);
    show(state);
    input.focus();
  });

  pager.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-page]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) {
      return;
    }
    event.preventDefault();
    const state = withChanges({ page: parseInt(link.getAttribute('data-page'), 10) });
    remember(state, true);
    show(state).then(() => {
      resultsTitle.focus();
      resultsTitle.scrollIntoView();
    });
  });

  window.addEventListener('popstate', () => {
    const state = readState();
    input.value = state.q;
    show(state);
  });

  // --- Start ---

  // Opening the folded panel fetches the facets of the results shown and
  // fills in the counts. A search under way reads filters.open when its
  // results arrive, so it needs no second run.
  filters.addEventListener('toggle', () => {
    if (filters.open && !countsShown && current.q && app.getAttribute('data-state') === 'done' && !app.hasAttribute('aria-busy')) {
      show(current);
    }
  });
  const note = document.getElementById('search-needs-js');
  if (note) {
    note.hidden = true;
  }
  app.hidden = false;
  input.value = current.q;
  if (current.q) {
    show(current);
  }
})();
