// Checks the home page and one list page. Every link and resource URL
// stays under the site's sub-path and resolves (status below 400 after
// redirects). Every in-page #fragment has its target. Loading the pages
// fetches nothing from another origin.

import assert from 'node:assert/strict';
import { baseUrl, run, withBrowser } from './browser.mjs';

// Elements whose URL attributes the check follows, with the DOM property
// that contains the resolved absolute URL.
const URL_SOURCES = [
  ['a[href]', 'href'],
  ['area[href]', 'href'],
  ['link[href]', 'href'],
  ['img[src]', 'src'],
  ['script[src]', 'src'],
  ['source[src]', 'src'],
  ['iframe[src]', 'src'],
  ['form[action]', 'action'],
];

/** Loads `url` and returns the URLs it references, with the problems seen while loading. */
async function collectUrls(context, url) {
  const page = await context.newPage();
  const loadProblems = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== new URL(url).origin && !request.url().startsWith('data:')) {
      loadProblems.push(`${url} loads ${request.url()} from outside the site`);
    }
  });
  page.on('requestfailed', (request) => {
    loadProblems.push(`${url}: request for ${request.url()} failed: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url() !== url) {
      loadProblems.push(`${url}: ${response.url()} returned ${response.status()}`);
    }
  });

  const response = await page.goto(url, { waitUntil: 'load' });
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), 200, `status of ${url}`);

  const references = await page.evaluate((sources) => {
    const found = [];
    for (const [selector, property] of sources) {
      for (const element of document.querySelectorAll(selector)) {
        found.push({ selector, url: element[property], fragmentFound: null });
      }
    }
    for (const reference of found) {
      const target = new URL(reference.url, document.baseURI);
      const samePage = target.origin === location.origin && target.pathname === location.pathname && target.search === location.search;
      if (samePage && target.hash.length > 1) {
        const id = decodeURIComponent(target.hash.slice(1));
        reference.fragmentFound = document.getElementById(id) !== null || document.getElementsByName(id).length > 0;
      }
    }
    return found;
  }, URL_SOURCES);

  await page.close();
  return { references, loadProblems };
}

run(async () => {
  const home = baseUrl();
  const listPage = new URL(process.env.E2E_LIST_PATH || 'commitments/', home).href;
  const origin = new URL(home).origin;
  const subPath = new URL(home).pathname;

  await withBrowser({}, async (context) => {
    const problems = [];
    const toCheck = new Map(); // URL without fragment -> first page that links it
    const external = new Set();

    for (const pageUrl of [home, listPage]) {
      const { references, loadProblems } = await collectUrls(context, pageUrl);
      problems.push(...loadProblems);
      assert.ok(references.length > 0, `${pageUrl} contains no links`);

      for (const { selector, url, fragmentFound } of references) {
        const target = new URL(url);
        if (fragmentFound === false) {
          problems.push(`${pageUrl}: ${selector} ${url} points to a fragment that is not on the page`);
        }
        if (target.protocol === 'javascript:') {
          problems.push(`${pageUrl}: ${selector} uses a javascript: URL`);
          continue;
        }
        if (target.protocol === 'mailto:' || target.protocol === 'tel:') {
          continue;
        }
        if (target.origin !== origin) {
          external.add(target.href);
          continue;
        }
        if (!target.pathname.startsWith(subPath)) {
          problems.push(`${pageUrl}: ${selector} ${url} leaves the sub-path ${subPath}`);
          continue;
        }
        target.hash = '';
        if (!toCheck.has(target.href)) {
          toCheck.set(target.href, pageUrl);
        }
      }
    }

    for (const [url, linkedFrom] of toCheck) {
      const response = await context.request.get(url, { maxRedirects: 5, failOnStatusCode: false });
      if (response.status() >= 400) {
        problems.push(`${linkedFrom} links ${url}, which returns ${response.status()}`);
      }
      await response.dispose();
    }

    console.log(`checked ${toCheck.size} URLs on the site; not fetched, on other sites: ${[...external].join(', ') || 'none'}`);
    assert.deepEqual(problems, [], `${problems.length} broken or misplaced links`);
  });
});
