// The search page on a site large enough that the index has many shards,
// posting lists split into part files and result files in more than one
// folder (search/d/0/, search/d/1/). tests/e2e.rs builds it from the search
// fixture plus generated records. Each query's results in Chromium must
// equal what a brute-force scan of the result files finds, and a query
// with one candidate must fetch few of the part files.

import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';
import { addRandomQueries, compareResults, readIndex } from './search_oracle.mjs';

// Queries with more results are checked by count only, to keep the run short.
const MAX_PAGED_RESULTS = 60;

run(async () => {
  const base = baseUrl();
  const publicDir = requireEnv('E2E_PUBLIC_DIR');
  const { meta, searchDir, docs, oracle } = await readIndex(publicDir);
  assert.ok(meta.shards > 1, `the index has ${meta.shards} shard, the test needs several`);
  assert.ok(meta.docs > 1000, `the index has ${meta.docs} documents, the test needs more than 1000`);
  const partFolders = await readdir(path.join(searchDir, 'g')).catch(() => []);
  assert.ok(partFolders.length > 0, 'the index has no part files (search/g/)');

  // Fixed queries: one whose pairs are split into parts and which has a
  // single candidate, one that needs every part, and terms spread over
  // many shards. Then random substrings of the documents' fields.
  const queries = ['贡水河巡查记录第1000号', '贡水河', '第7号 贡水', '水质 第1099号', '县发改局 巡查'];
  addRandomQueries(queries, docs, 20250630, 40);

  const failures = [];
  await withBrowser({ viewport: { width: 1280, height: 900 } }, async (context) => {
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));

    for (const q of queries) {
      const truth = oracle(q).map((url) => new URL(url, base).pathname);
      fetched.length = 0;
      const failure = await compareResults(page, base, q, truth, MAX_PAGED_RESULTS);
      if (failure) {
        failures.push(failure);
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
    }
  });
  console.log(`${queries.length - failures.length} of ${queries.length} queries match the scan of the result files`);
  assert.deepEqual(failures, [], 'search results differ from a scan of the result files');
});
