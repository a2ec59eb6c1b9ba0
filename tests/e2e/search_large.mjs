// The search page on a site large enough that the index has many shards,
// posting lists split into part files and result files in more than one
// folder (search/d/0/, search/d/1/). tests/e2e.rs builds it from the search
// fixture plus generated records. Each query's results in Chromium must
// equal what a brute-force scan of the result files finds, and a query
// with one candidate must fetch few of the part files.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';

const WAIT_MS = 10_000;
// Queries with more results are checked by count only, to keep the run short.
const MAX_PAGED_RESULTS = 60;

// The normalisation of docs/ARCHITECTURE.md, for the brute-force oracle.
const OPEN = '〔【[﹝⦗〖(';
const CLOSE = '〕】]﹞⦘〗)';
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

/** A small deterministic generator, so every run samples the same queries. */
function generator(seed) {
  let state = seed;
  return (bound) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % bound;
  };
}

async function settled(page) {
  await page.waitForSelector('#search-app[data-state="done"]:not([aria-busy]), #search-app[data-state="error"]', { timeout: WAIT_MS });
  assert.equal(await page.getAttribute('#search-app', 'data-state'), 'done', `search failed on ${page.url()}`);
}

run(async () => {
  const base = baseUrl();
  const publicDir = requireEnv('E2E_PUBLIC_DIR');
  const searchDir = path.join(publicDir, 'search');
  const meta = JSON.parse(await readFile(path.join(searchDir, 'meta.json'), 'utf8'));
  assert.ok(meta.shards > 1, `the index has ${meta.shards} shard, the test needs several`);
  assert.ok(meta.docs > 1000, `the index has ${meta.docs} documents, the test needs more than 1000`);
  const partFolders = await readdir(path.join(searchDir, 'g')).catch(() => []);
  assert.ok(partFolders.length > 0, 'the index has no part files (search/g/)');

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

  // Fixed queries: one whose pairs are split into parts and which has a
  // single candidate, one that needs every part, and terms spread over
  // many shards. Then random substrings of the documents' fields.
  const queries = ['贡水河巡查记录第1000号', '贡水河', '第7号 贡水', '水质 第1099号', '县发改局 巡查'];
  const random = generator(20250630);
  while (queries.length < 40) {
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

  const failures = [];
  await withBrowser({ viewport: { width: 1280, height: 900 } }, async (context) => {
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));

    for (const q of queries) {
      const truth = oracle(q).map((url) => new URL(url, base).pathname);
      fetched.length = 0;
      await page.goto(`${base}search/?q=${encodeURIComponent(q)}`);
      await settled(page);
      const count = Number(await page.getAttribute('#search-app', 'data-count'));
      if (count !== truth.length) {
        failures.push(`${JSON.stringify(q)}: ${count} results, the scan finds ${truth.length}`);
        continue;
      }
      if (q === '贡水河巡查记录第1000号') {
        const parts = fetched.filter((p) => p.includes('/search/g/'));
        const total = (await Promise.all(partFolders.map((f) => readdir(path.join(searchDir, 'g', f))))).flat().length;
        console.log(`${q}: fetched ${parts.length} of ${total} part files`);
        if (parts.length >= total / 10) {
          failures.push(`${JSON.stringify(q)} fetched ${parts.length} of ${total} part files; expected a few at most`);
        }
      }
      if (truth.length > MAX_PAGED_RESULTS) {
        continue;
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
        failures.push(`${JSON.stringify(q)}: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(unexpected)}`);
      }
    }
  });
  console.log(`${queries.length - failures.length} of ${queries.length} queries match the scan of the result files`);
  assert.deepEqual(failures, [], 'search results differ from a scan of the result files');
});
