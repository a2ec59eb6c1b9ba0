// Times searches in headless Chromium against a site served by nginx on
// 127.0.0.1, for gongshi's search page or for a Pagefind bundle in the
// same site. Run by bench/search.sh; playwright-core comes from the
// repository's node_modules (scripts/install-test-deps) and drives
// Debian's /usr/bin/chromium.
//
//   node bench/browser.mjs --engine gongshi|pagefind --base http://127.0.0.1:PORT/zwcx/
//        --queries bench/queries.txt --runs 3 --out result.json
//        [--urls gongshi-urls.json --pagefind-dir PUBLIC/pagefind]
//
// gongshi: the search page is loaded with an empty HTTP cache, the query
// is put in the box and Enter is pressed. The time runs from that keydown
// to the moment search.js marks the results as shown (#search-app gets
// data-state="done" and loses aria-busy), measured inside the page with
// performance.now(). Enter skips the 150 ms that the page waits after the
// last keystroke when one types without pressing Enter. "First" is the
// first query on a freshly loaded page with an empty cache. "Later" runs
// the list in order on one page, as a user searching again.
//
// pagefind: on the same page, the time runs from importing pagefind.js
// (Pagefind's own UI imports it on the first keystroke) through init(),
// search() and loading the data of the first 20 results, the same page
// size as gongshi's. Later searches reuse the loaded module.
//
// Bytes are the encoded body sizes of the responses (after nginx's gzip,
// without headers) as Playwright reports them, requests made by workers
// included. They are counted from the keystroke, plus search.js, which
// the page loaded before; Pagefind fetches its script after the keystroke.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach
// Google's hosts, which this machine's closed network refuses.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PAGE_SIZE = 20;
const WAIT_MS = 60_000;
// The whole script stops after this long, whatever it is doing.
const SCRIPT_TIMEOUT_MS = 30 * 60_000;

function parseArgs(argv) {
  const args = { runs: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    args[key] = argv[i + 1];
  }
  for (const required of ['engine', 'base', 'queries', 'out']) {
    if (!args[required]) {
      throw new Error(`missing --${required}; usage: node bench/browser.mjs --engine gongshi|pagefind --base URL --queries FILE --out FILE [--runs N] [--urls FILE --pagefind-dir DIR]`);
    }
  }
  if (!['gongshi', 'pagefind'].includes(args.engine)) {
    throw new Error(`--engine must be gongshi or pagefind, not ${args.engine}`);
  }
  args.runs = Number(args.runs);
  args.base = args.base.endsWith('/') ? args.base : `${args.base}/`;
  return args;
}

async function readQueries(file) {
  const text = await readFile(file, 'utf8');
  return text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) {
    return null;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Records every finished request of the page, its workers' included. */
function requestLog(page) {
  const log = [];
  page.on('requestfinished', (request) => log.push(request));
  return log;
}

/** Files and encoded body bytes of the requests in `requests`. */
async function bytesOf(requests) {
  let bytes = 0;
  for (const request of requests) {
    bytes += (await request.sizes()).responseBodySize;
  }
  return { files: requests.length, bytes };
}

// --- gongshi ---

/** Installs the timing hooks on the search page: the time of the Enter
    keydown, and of the first "done" state after it. */
async function installHooks(page) {
  await page.evaluate(() => {
    const app = document.getElementById('search-app');
    window.__bench = { keydown: 0, done: 0 };
    document.getElementById('q-page').addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        window.__bench = { keydown: performance.now(), done: 0 };
      }
    }, true);
    new MutationObserver(() => {
      const b = window.__bench;
      if (b.keydown && !b.done && app.getAttribute('data-state') === 'done' && !app.hasAttribute('aria-busy')) {
        b.done = performance.now();
      }
    }).observe(app, { attributes: true });
  });
}

/** Types `query` into the box, presses Enter and waits for the results. */
async function gongshiSearch(page, query) {
  await page.evaluate((q) => { document.getElementById('q-page').value = q; }, query);
  await page.focus('#q-page');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__bench.done > 0 || document.getElementById('search-app').getAttribute('data-state') === 'error', null, { timeout: WAIT_MS });
  return page.evaluate(() => {
    const app = document.getElementById('search-app');
    return {
      state: app.getAttribute('data-state'),
      count: Number(app.getAttribute('data-count')),
      ms: window.__bench.done - window.__bench.keydown,
      keydown: window.__bench.keydown,
    };
  });
}

async function runGongshi(context, args, queries) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const log = requestLog(page);

  // First searches: each on a freshly loaded page with an empty cache.
  const first = queries.map(() => []);
  const firstBytes = queries.map(() => null);
  const counts = queries.map(() => null);
  for (let run = 0; run < args.runs; run++) {
    for (const [i, query] of queries.entries()) {
      await cdp.send('Network.clearBrowserCache');
      log.length = 0;
      await page.goto(`${args.base}search/`, { waitUntil: 'load' });
      await installHooks(page);
      const client = log.filter((request) => request.url().endsWith('/static/search.js'));
      const mark = log.length;
      const result = await gongshiSearch(page, query);
      if (result.state !== 'done') {
        throw new Error(`gongshi search for ${JSON.stringify(query)} ended in state ${result.state}`);
      }
      first[i].push(result.ms);
      counts[i] = result.count;
      if (run === 0) {
        // Let the last requestfinished events arrive before counting.
        await page.waitForLoadState('networkidle');
        firstBytes[i] = await bytesOf([...client, ...log.slice(mark)]);
      }
    }
  }

  // Later searches: the whole list in order on one page.
  const later = queries.map(() => []);
  const laterBytes = queries.map(() => null);
  for (let run = 0; run < args.runs; run++) {
    await cdp.send('Network.clearBrowserCache');
    await page.goto(`${args.base}search/`, { waitUntil: 'load' });
    await installHooks(page);
    for (const [i, query] of queries.entries()) {
      const mark = log.length;
      const result = await gongshiSearch(page, query);
      later[i].push(result.ms);
      if (run === 0) {
        // Let the last requestfinished events arrive before counting.
        await page.waitForLoadState('networkidle');
        laterBytes[i] = await bytesOf(log.slice(mark));
      }
    }
  }
  await page.close();
  return queries.map((query, i) => ({
    query,
    count: counts[i],
    first_ms: median(first[i]),
    first_samples: first[i],
    later_ms: median(later[i]),
    first_bytes: firstBytes[i],
    later_bytes: laterBytes[i],
  }));
}

// --- Pagefind ---

/** Runs one Pagefind search and loads the data of its first page; with
    `withIds`, also returns the ids (fragment names) of all its results. */
async function pagefindSearch(page, base, query, withIds) {
  return page.evaluate(async ({ base, query, pageSize, withIds }) => {
    const started = performance.now();
    if (!window.__pagefind) {
      const pagefind = await import(`${base}pagefind/pagefind.js`);
      await pagefind.options({ baseUrl: new URL(base).pathname });
      await pagefind.init();
      window.__pagefind = pagefind;
    }
    const search = await window.__pagefind.search(query);
    const shown = await Promise.all(search.results.slice(0, pageSize).map((r) => r.data()));
    const ms = performance.now() - started;
    const ids = withIds ? search.results.map((r) => r.id) : null;
    return { count: search.results.length, shown: shown.length, ms, ids };
  }, { base, query, pageSize: PAGE_SIZE, withIds });
}

async function runPagefind(context, args, queries) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const log = requestLog(page);

  // First searches: each on a freshly loaded page with an empty cache.
  const first = queries.map(() => []);
  const firstBytes = queries.map(() => null);
  const counts = queries.map(() => null);
  const ids = queries.map(() => null);
  for (let run = 0; run < args.runs; run++) {
    for (const [i, query] of queries.entries()) {
      await cdp.send('Network.clearBrowserCache');
      await page.goto(`${args.base}search/`, { waitUntil: 'load' });
      const mark = log.length;
      const result = await pagefindSearch(page, args.base, query, false);
      first[i].push(result.ms);
      counts[i] = result.count;
      if (run === 0) {
        // Let the last requestfinished events arrive before counting.
        await page.waitForLoadState('networkidle');
        firstBytes[i] = await bytesOf(log.slice(mark));
      }
    }
  }

  // Later searches: the whole list in order on one page, with the ids of
  // every result from the first pass for the comparison with gongshi.
  const later = queries.map(() => []);
  const laterBytes = queries.map(() => null);
  for (let run = 0; run < args.runs; run++) {
    await cdp.send('Network.clearBrowserCache');
    await page.goto(`${args.base}search/`, { waitUntil: 'load' });
    for (const [i, query] of queries.entries()) {
      const mark = log.length;
      const result = await pagefindSearch(page, args.base, query, run === 0);
      later[i].push(result.ms);
      if (run === 0) {
        // Let the last requestfinished events arrive before counting.
        await page.waitForLoadState('networkidle');
        laterBytes[i] = await bytesOf(log.slice(mark));
        ids[i] = result.ids;
      }
    }
  }
  await page.close();
  return queries.map((query, i) => ({
    query,
    count: counts[i],
    first_ms: median(first[i]),
    first_samples: first[i],
    later_ms: median(later[i]),
    first_bytes: firstBytes[i],
    later_bytes: laterBytes[i],
    ids: ids[i],
  }));
}

/** Returns the page URL (root-relative, e.g. /units/fgj/) stored in a
    Pagefind fragment file: gzip, the signature pagefind_dcd, then JSON. */
async function fragmentUrl(pagefindDir, id) {
  const bytes = gunzipSync(await readFile(path.join(pagefindDir, 'fragment', `${id}.pf_fragment`)));
  return JSON.parse(bytes.subarray('pagefind_dcd'.length).toString('utf8')).url;
}

/** Compares Pagefind's results with gongshi's, for every query whose
    gongshi result list was written (--url-limit of search_bench). Recall
    is the share of gongshi's results that Pagefind finds; precision the
    share of Pagefind's results that gongshi's matching rule accepts. */
async function compare(results, gongshiUrls, pagefindDir) {
  const urlOf = new Map();
  for (const result of results) {
    const truth = gongshiUrls.queries[result.query];
    if (truth && result.ids) {
      const found = new Set();
      for (const id of result.ids) {
        if (!urlOf.has(id)) {
          urlOf.set(id, (await fragmentUrl(pagefindDir, id)).replace(/^\//, ''));
        }
        found.add(urlOf.get(id));
      }
      const hits = truth.filter((url) => found.has(url)).length;
      result.recall = truth.length ? hits / truth.length : null;
      result.precision = found.size ? hits / found.size : null;
    }
    delete result.ids;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const queries = await readQueries(args.queries);
  const profile = await mkdtemp(path.join(tmpdir(), 'gongshi-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  let results;
  try {
    results = args.engine === 'gongshi' ? await runGongshi(context, args, queries) : await runPagefind(context, args, queries);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
  if (args.engine === 'pagefind' && args.urls && args['pagefind-dir']) {
    await compare(results, JSON.parse(await readFile(args.urls, 'utf8')), args['pagefind-dir']);
  }
  for (const result of results) {
    delete result.ids;
  }
  const summary = {
    engine: args.engine,
    runs: args.runs,
    page_size: PAGE_SIZE,
    median_first_ms: median(results.map((r) => r.first_ms)),
    median_later_ms: median(results.slice(1).map((r) => r.later_ms)),
    median_first_bytes: median(results.map((r) => r.first_bytes?.bytes)),
    median_later_bytes: median(results.slice(1).map((r) => r.later_bytes?.bytes)),
    queries: results,
  };
  await writeFile(args.out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`${args.engine}: median first search ${summary.median_first_ms?.toFixed(1)} ms, later ${summary.median_later_ms?.toFixed(1)} ms, `
    + `first-search download ${(summary.median_first_bytes / 1024).toFixed(1)} KiB (median over ${queries.length} queries, ${args.runs} runs)`);
}

const timer = setTimeout(() => {
  console.error(`bench/browser.mjs: stopped after ${SCRIPT_TIMEOUT_MS / 60000} minutes`);
  process.exit(1);
}, SCRIPT_TIMEOUT_MS);
main().then(() => clearTimeout(timer), (error) => {
  console.error(error);
  process.exit(1);
});
