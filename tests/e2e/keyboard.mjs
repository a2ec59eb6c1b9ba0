// Keyboard-only use of the example site: with Tab, Enter, Space and the
// arrow keys alone a reader reaches and uses the skip link, the search
// boxes, the menu, the list filters and pagination, and the search page's
// filters and pagination. Every element that takes focus on the way shows
// a visible focus indicator inside the viewport. No mouse event is sent.

import assert from 'node:assert/strict';
import { baseUrl, run, withBrowser } from './browser.mjs';
import { DESKTOP, PHONE } from './pages.mjs';

const WAIT_MS = 10_000;
// More than the focusable elements of any page of the example site; the
// walk stops earlier when focus comes back to the first element.
const MAX_TAB_STOPS = 400;
const SEARCH_QUERY = '宣恩县';

/** Describes the focused element and whether its focus indicator shows. */
function focusState() {
  const element = document.activeElement;
  if (!element || element === document.body) {
    return null;
  }
  const style = getComputedStyle(element);
  const rect = element.getBoundingClientRect();
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    && style.outlineColor !== 'rgba(0, 0, 0, 0)' && style.outlineColor !== 'transparent';
  const shadowed = style.boxShadow !== 'none';
  const inViewport = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
    && rect.top < window.innerHeight && rect.left < window.innerWidth;
  const text = (element.getAttribute('aria-label') || element.textContent || element.getAttribute('placeholder') || '')
    .replace(/\s+/g, ' ').trim().slice(0, 40);
  return {
    description: `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''}> «${text}»`,
    id: element.id,
    tag: element.tagName.toLowerCase(),
    href: element.getAttribute('href'),
    text,
    visible: (outlined || shadowed) && inViewport,
    why: `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}, box-shadow ${style.boxShadow}, box ${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}×${Math.round(rect.height)}`,
  };
}

/**
 * Presses Tab (or `key`, such as Shift+Tab) until `matches(state)` holds
 * for the focused element and returns that state. Every stop on the way
 * must show its focus; stops without a visible indicator are added to
 * `problems`.
 */
async function tabTo(page, label, matches, problems, key = 'Tab') {
  for (let stop = 0; stop < MAX_TAB_STOPS; stop++) {
    await page.keyboard.press(key);
    const state = await page.evaluate(focusState);
    if (!state) {
      continue;
    }
    if (!state.visible) {
      problems.push(`${page.url()}: ${state.description} has no visible focus (${state.why})`);
    }
    if (matches(state)) {
      return state;
    }
  }
  throw new Error(`${page.url()}: ${MAX_TAB_STOPS} presses of ${key} never reached ${label}`);
}

/** Presses Tab through the whole page until focus comes back to the first stop, and returns every stop. */
async function tabThrough(page, problems) {
  const stops = [];
  for (let stop = 0; stop < MAX_TAB_STOPS; stop++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(focusState);
    if (!state) {
      if (stops.length > 0) {
        return stops;
      }
      continue;
    }
    if (stops.length > 0 && state.description === stops[0].description && state.href === stops[0].href) {
      return stops;
    }
    if (!state.visible) {
      problems.push(`${page.url()}: ${state.description} has no visible focus (${state.why})`);
    }
    stops.push(state);
  }
  throw new Error(`${page.url()}: focus did not come round after ${MAX_TAB_STOPS} presses of Tab`);
}

/** Loads `url` with focus at the start of the document. */
async function open(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `status of ${url}`);
}

/** Waits until the search page has finished its latest search. */
async function searchSettled(page) {
  await page.waitForSelector('#search-app[data-state="done"]:not([aria-busy])', { timeout: WAIT_MS });
}

async function checkHome(page, base, problems) {
  await open(page, base);
  const stops = await tabThrough(page, problems);
  const menu = await page.$$eval('nav.main-nav a', (links) => links.map((a) => a.getAttribute('href')));
  assert.ok(menu.length >= 7, `the home page menu has only ${menu.length} links`);
  assert.equal(stops[0].description.startsWith('<a.skip-link>'), true, `the first Tab stop is ${stops[0].description}, not the skip link`);
  for (const href of menu) {
    assert.ok(stops.some((s) => s.tag === 'a' && s.href === href), `Tab never reaches the menu link ${href}`);
  }
  for (const id of ['q-home']) {
    assert.ok(stops.some((s) => s.id === id), `Tab never reaches the search box #${id}`);
  }
  for (const text of ['大字', '高对比度']) {
    assert.ok(stops.some((s) => s.tag === 'button' && s.text.endsWith(text)), `Tab never reaches the ${text} switch`);
  }
  console.log(`home: ${stops.length} Tab stops, the menu's ${menu.length} links among them`);

  // The skip link moves focus to the main content.
  await open(page, base);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus after Enter on the skip link');

  // The search box of the home page searches.
  await open(page, base);
  await tabTo(page, 'the search box #q-home', (s) => s.id === 'q-home', problems);
  await page.keyboard.type(SEARCH_QUERY);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname.endsWith('/search/') && url.searchParams.get('q') === SEARCH_QUERY, { timeout: WAIT_MS });
  await searchSettled(page);
}

async function checkList(page, base, problems) {
  const list = new URL('commitments/', base).href;

  // The pager: 下一页 with Enter opens the second page.
  await open(page, list);
  const next = await tabTo(page, 'the pager link 下一页', (s) => s.tag === 'a' && s.text === '下一页', problems);
  await page.keyboard.press('Enter');
  await page.waitForURL(new URL(next.href, list).href, { timeout: WAIT_MS });
  assert.match(new URL(page.url()).pathname, /\/commitments\/page\/2\/$/, 'URL after Enter on 下一页');
  const previous = await tabTo(page, 'the pager link 上一页', (s) => s.tag === 'a' && s.text === '上一页', problems);
  assert.ok(previous.href.endsWith('/commitments/'), `上一页 on the second page leads to ${previous.href}`);

  // A filter of the browse block: 已逾期 with Enter opens that list.
  await open(page, list);
  await tabTo(page, 'the status filter 已逾期', (s) => s.tag === 'a' && s.text.startsWith('已逾期') && s.href?.includes('/status/overdue/'), problems);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/commitments\/status\/overdue\/$/, { timeout: WAIT_MS });
  const heading = await page.textContent('h1');
  assert.match(heading ?? '', /已逾期/, 'heading of the list opened from the 已逾期 filter');

  // The header search box of a page other than home.
  await tabTo(page, 'the header search box', (s) => s.id === 'q-header', problems);
  await page.keyboard.type('承诺');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname.endsWith('/search/') && url.searchParams.get('q') === '承诺', { timeout: WAIT_MS });
  await searchSettled(page);
  console.log('list: pager, 已逾期 filter and header search used by keyboard');
}

async function checkSearch(page, base, problems) {
  const search = new URL('search/', base).href;
  await open(page, search);
  await tabTo(page, 'the search box #q-page', (s) => s.id === 'q-page', problems);
  await page.keyboard.type(SEARCH_QUERY);
  await page.keyboard.press('Enter');
  await searchSettled(page);
  const before = await page.textContent('#search-summary');

  // A filter: the kind select, changed with the arrow key.
  await tabTo(page, 'the filter 类型', (s) => s.id === 'search-kind', problems);
  await page.keyboard.press('ArrowDown');
  await page.waitForURL((url) => url.searchParams.has('kind'), { timeout: WAIT_MS });
  await searchSettled(page);
  const after = await page.textContent('#search-summary');
  assert.notEqual(after, before, 'the search summary did not change after the 类型 filter was changed by keyboard');

  // The other filters and the sort order are reachable.
  for (const id of ['search-unit', 'search-year', 'search-category', 'search-status', 'search-sort']) {
    await tabTo(page, `the filter #${id}`, (s) => s.id === id, problems);
  }

  // Back to all kinds, then the result pager.
  await tabTo(page, 'the filter 类型 again', (s) => s.id === 'search-kind', problems, 'Shift+Tab');
  await page.keyboard.press('Home');
  await page.waitForURL((url) => !url.searchParams.has('kind'), { timeout: WAIT_MS });
  await searchSettled(page);
  await tabTo(page, 'the result pager link 下一页', (s) => s.tag === 'a' && s.text === '下一页', problems);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('page') === '2', { timeout: WAIT_MS });
  await searchSettled(page);
  const focused = await page.evaluate(() => document.activeElement?.id);
  assert.equal(focused, 'search-results-title', 'focus after Enter on 下一页 of the results');
  console.log(`search: query, 类型 filter, five more filters and the result pager used by keyboard (${after})`);
}

async function checkStats(page, base, problems) {
  await open(page, new URL('stats/', base).href);
  const stops = await tabThrough(page, problems);
  const regions = await page.$$eval('main [role="region"][tabindex="0"]', (elements) => elements.length);
  const reached = stops.filter((s) => s.description.includes('.chart-scroll') || s.description.includes('.table-wrap')).length;
  assert.ok(regions > 0, 'the statistics page has no scrollable chart or table region');
  assert.equal(reached, regions, 'scrollable chart and table regions reached by Tab on the statistics page');
  console.log(`stats: ${stops.length} Tab stops, ${reached} chart and table regions`);
}

run(async () => {
  const base = baseUrl();
  const problems = [];

  await withBrowser({ viewport: DESKTOP }, async (context) => {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${page.url()}: script error ${error.message}`));
    await checkHome(page, base, problems);
    await checkList(page, base, problems);
    await checkSearch(page, base, problems);
    await checkStats(page, base, problems);
  });

  await withBrowser({ viewport: PHONE }, async (context) => {
    const page = await context.newPage();
    await checkHome(page, base, problems);
    await checkList(page, base, problems);
  });

  assert.deepEqual(problems, [], `keyboard problems:\n${problems.join('\n')}`);
});
