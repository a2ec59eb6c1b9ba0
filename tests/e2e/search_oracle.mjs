// Shared by the search scripts that compare the search page with a
// brute-force scan: the normalisation of docs/ARCHITECTURE.md, the
// documents read from the built index's result files, random substring
// queries, and a check that pages through the results in Chromium.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const WAIT_MS = 10_000;
const OPEN = '〔【[﹝⦗〖(';
const CLOSE = '〕】]﹞⦘〗)';

/** Returns a function that normalises text as the index does, with the
    traditional → simplified table `t2s`. */
function normalizer(t2s) {
  return (text) => Array.from(text).map((c) => {
    let cp = c.codePointAt(0);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
    }
    let out = String.fromCodePoint(cp);
    if (/\s/.test(out) || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      return '';
    }
    if (cp >= 0x41 && cp <= 0x5A) {
      out = out.toLowerCase();
    } else if (OPEN.includes(out)) {
      out = '(';
    } else if (CLOSE.includes(out)) {
      out = ')';
    }
    return t2s.get(out) ?? out;
  }).join('');
}

/** Reads the index under `publicDir`/search: its meta.json, and every
    document's URL and normalised fields from the result files. Returns
    them with `oracle(query)`, the URLs of the documents that contain
    every term of the query. */
export async function readIndex(publicDir) {
  const searchDir = path.join(publicDir, 'search');
  const meta = JSON.parse(await readFile(path.join(searchDir, 'meta.json'), 'utf8'));
  const t2s = new Map();
  for (const bucket of meta.t2s) {
    const pairs = Array.from(JSON.parse(await readFile(path.join(searchDir, bucket), 'utf8')));
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      t2s.set(pairs[i], pairs[i + 1]);
    }
  }
  const normalize = normalizer(t2s);
  const docs = [];
  for (let n = 0; n < meta.docs; n++) {
    const file = JSON.parse(await readFile(path.join(searchDir, 'd', String(Math.floor(n / 1000)), `${n}.json`), 'utf8'));
    docs.push({ url: file.u, fields: file.f.map(normalize) });
  }
  const oracle = (query) => {
    const terms = query.split(/\s+/).map(normalize).filter(Boolean);
    return docs.filter((doc) => terms.length && terms.every((t) => doc.fields.some((f) => f.includes(t)))).map((doc) => doc.url);
  };
  return { meta, searchDir, docs, oracle };
}

/** A small deterministic generator, so every run samples the same queries. */
function generator(seed) {
  let state = seed;
  return (bound) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % bound;
  };
}

/** Adds random queries of one or two substrings (2 to 6 characters) of
    the documents' fields to `queries` until it has `count` entries. */
export function addRandomQueries(queries, docs, seed, count) {
  const random = generator(seed);
  while (queries.length < count) {
    const terms = [];
    for (let t = 1 + random(2); t > 0; t--) {
      const field = docs[random(docs.length)].fields[random(4)];
      const chars = Array.from(field);
      if (chars.length >= 2) {
        const length = 2 + random(Math.min(5, chars.length - 1));
        const start = random(chars.length - length + 1);
        terms.push(chars.slice(start, start + length).join(''));
      }
    }
    if (terms.length) {
      queries.push(terms.join(' '));
    }
  }
}

/** Waits until the search page has finished its latest search. */
export async function settled(page) {
  await page.waitForSelector('#search-app[data-state="done"]:not([aria-busy]), #search-app[data-state="error"]', { timeout: WAIT_MS });
  assert.equal(await page.getAttribute('#search-app', 'data-state'), 'done', `search failed on ${page.url()}`);
}

/** Loads the search page for `q` and compares its count and, when there
    are at most `maxPaged` results, every page of its results with the
    URL paths `truth`. Returns a failure message, or null. */
export async function compareResults(page, base, q, truth, maxPaged) {
  await page.goto(`${base}search/?q=${encodeURIComponent(q)}`);
  await settled(page);
  const count = Number(await page.getAttribute('#search-app', 'data-count'));
  if (count !== truth.length) {
    return `${JSON.stringify(q)}: ${count} results, the scan finds ${truth.length}`;
  }
  if (truth.length > maxPaged) {
    return null;
  }
  const found = [];
  for (let n = 1; ; n++) {
    await settled(page);
    found.push(...(await page.$$eval('#search-list a.item-title', (links) => links.map((a) => new URL(a.href).pathname))));
    const next = await page.$('#search-pager a[rel="next"]');
    if (!next) {
      break;
    }
    await next.click();
    await page.waitForURL((url) => url.searchParams.get('page') === String(n + 1), { timeout: WAIT_MS });
  }
  const missing = truth.filter((p) => !found.includes(p));
  const unexpected = found.filter((p) => !truth.includes(p));
  if (missing.length || unexpected.length || found.length !== truth.length) {
    return `${JSON.stringify(q)}: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(unexpected)}`;
  }
  return null;
}
