// The search page of the example site (content/ of the repository) finds,
// for every query of tests/search/queries.toml and for random substrings
// of its documents, exactly what a brute-force scan of the result files
// finds, on every page of results.
//
// tests/e2e.rs passes the query set as JSON in the file named by
// E2E_QUERIES_FILE; only the queries are used here, because the expected
// documents in queries.toml are those of the search fixture.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';
import { addRandomQueries, compareResults, readIndex } from './search_oracle.mjs';

run(async () => {
  const base = baseUrl();
  const { meta, docs, oracle } = await readIndex(requireEnv('E2E_PUBLIC_DIR'));
  assert.ok(meta.docs > 50, `the example site's index has ${meta.docs} documents`);
  const querySet = JSON.parse(await readFile(requireEnv('E2E_QUERIES_FILE'), 'utf8'));
  const queries = querySet.map((entry) => entry.q);
  assert.ok(queries.length > 0, 'the query set is empty');
  addRandomQueries(queries, docs, 20261204, queries.length + 30);

  const failures = [];
  let found = 0;
  await withBrowser({ viewport: { width: 1280, height: 900 } }, async (context) => {
    const page = await context.newPage();
    for (const q of queries) {
      const truth = oracle(q).map((url) => new URL(url, base).pathname);
      found += truth.length > 0 ? 1 : 0;
      const failure = await compareResults(page, base, q, truth, Infinity);
      if (failure) {
        failures.push(failure);
      }
    }
  });
  console.log(`${queries.length - failures.length} of ${queries.length} queries match the scan of the example site's result files (${found} find something)`);
  assert.ok(found > queries.length / 2, `only ${found} of ${queries.length} queries find anything on the example site`);
  assert.deepEqual(failures, [], 'search results on the example site differ from a scan of its result files');
});
