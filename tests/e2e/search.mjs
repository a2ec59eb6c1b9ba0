// The search page in Chromium against the fixture site tests/fixtures/search:
// every query of tests/search/queries.toml finds exactly its expected
// documents (all pages of results), and the page works as a citizen uses
// it: typing, Enter, a filter, the back button, the live region, the
// header search box of another page, a failed index fetch, and no
// horizontal scrolling at 390 px.
//
// tests/e2e.rs parses queries.toml and passes it as JSON in the file named
// by E2E_QUERIES_FILE: [{ "q": …, "expect": [url paths], "why": … }].

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const WAIT_MS = 10_000;

/** Waits until the search page has finished its latest search. */
async function settled(page) {
  await page.waitForSelector('#search-app[data-state="done"]:not([aria-busy]), #search-app[data-state="error"]', { timeout: WAIT_MS });
  const state = await page.getAttribute('#search-app', 'data-state');
  assert.equal(state, 'done', `search failed on ${page.url()}: ${await page.textContent('#search-summary')}`);
}

/** Returns the result links of the page shown, as URL paths. */
function resultPaths(page) {
  return page.$$eval('#search-list a.item-title', (links) => links.map((a) => new URL(a.href).pathname));
}

/** Collects the results of every page of the current search by following
    the pager's 下一页 link, and checks the count each page announces. */
async function allResults(page) {
  const paths = [];
  for (let pageNumber = 1; ; pageNumber++) {
    await settled(page);
    paths.push(...(await resultPaths(page)));
    const next = await page.$('#search-pager a[rel="next"]');
    if (!next) {
      break;
    }
    assert.ok(pageNumber < 20, 'more than 20 pages of results');
    await next.click();
    await page.waitForURL((url) => url.searchParams.get('page') === String(pageNumber + 1), { timeout: WAIT_MS });
  }
  return paths;
}

function sorted(values) {
  return [...values].sort();
}

run(async () => {
  const base = baseUrl();
  const basePath = new URL(base).pathname;
  const searchUrl = (query) => `${base}search/?q=${encodeURIComponent(query)}`;
  const queries = JSON.parse(await readFile(requireEnv('E2E_QUERIES_FILE'), 'utf8'));
  assert.ok(queries.length > 0, 'the query set is empty');
  const expected = (q) => {
    const entry = queries.find((query) => query.q === q);
    assert.ok(entry, `queries.toml has no query ${JSON.stringify(q)}, which this script uses`);
    return entry.expect.map((path) => basePath + path);
  };

  const outside = [];
  await withBrowser({ viewport: DESKTOP }, async (context) => {
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.hostname !== '127.0.0.1') {
        outside.push(request.url());
      }
    });
    const page = await context.newPage();
    const scriptErrors = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));

    // Every query of the set, loaded from the URL as a shared link would be.
    const failures = [];
    let passed = 0;
    for (const { q, expect, why } of queries) {
      await page.goto(searchUrl(q));
      const found = await allResults(page);
      const want = expect.map((path) => basePath + path);
      const missing = want.filter((path) => !found.includes(path));
      const unexpected = found.filter((path) => !want.includes(path));
      const repeated = found.filter((path, i) => found.indexOf(path) !== i);
      if (missing.length || unexpected.length || repeated.length) {
        failures.push(`${JSON.stringify(q)} (${why}):\n    missing ${JSON.stringify(missing)}\n    unexpected ${JSON.stringify(unexpected)}\n    repeated ${JSON.stringify(repeated)}`);
      } else {
        passed++;
      }
      const count = await page.getAttribute('#search-app', 'data-count');
      if (Number(count) !== want.length) {
        failures.push(`${JSON.stringify(q)}: the page reports ${count} results, queries.toml expects ${want.length}`);
      }
    }
    console.log(`query set: ${passed} of ${queries.length} queries found exactly their expected documents`);
    assert.deepEqual(failures, [], `search results differ from tests/search/queries.toml:\n${failures.join('\n')}`);

    // The live region announces the number of results.
    await page.goto(searchUrl('账'));
    await settled(page);
    const live = await page.$eval('#search-summary', (node) => ({
      live: node.getAttribute('aria-live'),
      role: node.getAttribute('role'),
      text: node.textContent,
    }));
    assert.equal(live.live, 'polite', 'aria-live of the result count');
    assert.equal(live.role, 'status', 'role of the result count');
    assert.match(live.text, new RegExp(`找到 ${expected('账').length} 条`), 'the live region states the count');

    // A filter narrows the results and is written to the URL; the back
    // button returns to the unfiltered results.
    const criticisms = expected('账').filter((path) => path.startsWith(`${basePath}criticisms/`));
    assert.ok(criticisms.length > 0, 'queries.toml: 账 finds criticisms');
    assert.ok(criticisms.length < expected('账').length, 'queries.toml: 账 finds records other than criticisms');
    const kindLabel = await page.$eval('#search-kind', (select) =>
      Array.from(select.options).find((option) => option.value === 'criticisms')?.textContent ?? '');
    assert.equal(kindLabel, `通报批评（${criticisms.length}）`, 'the kind filter shows the count of criticisms');
    await page.selectOption('#search-kind', 'criticisms');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'criticisms', { timeout: WAIT_MS });
    await settled(page);
    assert.deepEqual(sorted(await resultPaths(page)), sorted(criticisms), 'results with the kind filter 通报批评');
    assert.match(await page.textContent('#search-summary'), new RegExp(`找到 ${criticisms.length} 条`), 'the live region states the filtered count');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('kind'), { timeout: WAIT_MS });
    await settled(page);
    assert.deepEqual(sorted(await resultPaths(page)), sorted(expected('账')), 'results after going back from the filter');
    assert.equal(await page.inputValue('#search-kind'), '', 'the kind filter after going back');

    // Typing shows results without Enter; focus stays in the box and the
    // URL follows the query.
    await page.goto(`${base}search/`);
    await page.click('#q-page');
    await page.keyboard.type('发改', { delay: 30 });
    await page.waitForFunction(() => document.querySelectorAll('#search-list a.item-title').length > 0, null, { timeout: WAIT_MS });
    await settled(page);
    assert.deepEqual(sorted(await resultPaths(page)), sorted(expected('发改')), 'results while typing 发改');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-page', 'focus after typing');
    assert.equal(new URL(page.url()).searchParams.get('q'), '发改', 'q in the URL after typing');

    // Enter searches at once.
    await page.fill('#q-page', '新官不理旧账');
    await page.press('#q-page', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === '新官不理旧账', { timeout: WAIT_MS });
    await settled(page);
    assert.deepEqual(sorted(await resultPaths(page)), sorted(expected('新官不理旧账')), 'results after Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-page', 'focus after Enter');

    // Sorting by date lists the newest first, and the second page of a
    // long result list is reachable from its URL.
    await page.goto(`${searchUrl('宣恩县')}&sort=date`);
    await settled(page);
    const dates = await page.$$eval('#search-list time', (times) => times.map((t) => t.getAttribute('datetime')));
    assert.deepEqual(dates, [...dates].sort().reverse(), 'dates with sort=date');
    await page.goto(`${searchUrl('宣恩县')}&page=2`);
    await settled(page);
    const secondPage = await resultPaths(page);
    assert.equal(secondPage.length, expected('宣恩县').length - 20, 'results on page 2 of 宣恩县');
    assert.equal(await page.getAttribute('#search-pager a[aria-current="page"]', 'data-page'), '2', 'current page in the pager');

    // The header search box of another page leads to the search page.
    await page.goto(`${base}commitments/`);
    await page.fill('#q-header', '宣信用办〔2024〕3号');
    await page.press('#q-header', 'Enter');
    await page.waitForURL((url) => url.pathname === `${basePath}search/`, { timeout: WAIT_MS });
    await settled(page);
    assert.equal(await page.inputValue('#q-page'), '宣信用办〔2024〕3号', 'query in the search page box');
    assert.deepEqual(sorted(await resultPaths(page)), sorted(expected('宣信用办〔2024〕3号')), 'results from the header box');

    assert.deepEqual(scriptErrors, [], 'uncaught script errors on the search page');
  });

  // A failed fetch of the index shows a message and the browse links.
  await withBrowser({ viewport: DESKTOP }, async (context) => {
    await context.route('**/search/meta.json', (route) => route.fulfill({ status: 500, body: 'error' }));
    const page = await context.newPage();
    await page.goto(searchUrl('发改'));
    await page.waitForSelector('#search-app[data-state="error"]', { timeout: WAIT_MS });
    const message = await page.textContent('#search-summary');
    assert.match(message, /搜索暂时无法使用/, 'message after a failed fetch');
    assert.equal(await page.getAttribute('#search-summary a', 'href'), '#search-browse', 'link to the browse pages');
    assert.ok(await page.isVisible(`#search-browse a[href="${basePath}commitments/"]`), 'browse link to the commitments list');
  });

  // On a phone the filter panel starts folded and a search fetches no
  // facet file; opening the panel fetches them and fills in the counts.
  await withBrowser({ viewport: PHONE }, async (context) => {
    const page = await context.newPage();
    const facetFetches = [];
    page.on('request', (request) => {
      if (/\/search\/facets-[0-9a-f]+\.bin$/.test(new URL(request.url()).pathname)) {
        facetFetches.push(request.url());
      }
    });
    await page.goto(searchUrl('账'));
    await settled(page);
    assert.equal(await page.$eval('#search-filters', (details) => details.open), false, 'the filter panel on a phone');
    assert.deepEqual(facetFetches, [], 'facet files fetched with the panel folded');
    await page.click('#search-filters > summary');
    const criticisms = expected('账').filter((path) => path.startsWith(`${basePath}criticisms/`));
    await page.waitForFunction((label) => Array.from(document.querySelectorAll('#search-kind option')).some((o) => o.textContent === label),
      `通报批评（${criticisms.length}）`, { timeout: WAIT_MS });
    assert.ok(facetFetches.length > 0, 'facet files fetched once the panel is open');
  });

  // No horizontal scrolling on a phone, also with the 大字 switch on.
  const overflowing = [];
  await withBrowser({ viewport: PHONE }, async (context) => {
    const page = await context.newPage();
    for (const large of [false, true]) {
      for (const q of ['宣恩县', '11422825', '新官 旧账']) {
        await page.goto(searchUrl(q));
        await settled(page);
        if (large && !(await page.evaluate(() => document.documentElement.classList.contains('a11y-large')))) {
          await page.click('button[data-a11y="large"]');
        }
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) {
          overflowing.push(`${q}${large ? ' (大字)' : ''}: scrollWidth ${width}`);
        }
      }
    }
  });
  assert.deepEqual(overflowing, [], `the search page scrolls horizontally at ${PHONE.width} px`);

  assert.deepEqual(outside, [], 'requests to hosts other than the site');
});
