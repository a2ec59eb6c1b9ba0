// With JavaScript off, one page of every template (pages.mjs) still works.
// The heading, the content and the whole menu show, and no control that
// needs a script is shown (the 适老化 switches hide themselves). Each page
// fits a phone. Pagination, the list filters and the search page's links
// to browse by kind are plain links that load.

import assert from 'node:assert/strict';
import { baseUrl, run, withBrowser } from './browser.mjs';
import { PHONE, TEMPLATE_PAGES } from './pages.mjs';

/** Returns what the check needs from the loaded page. */
function pageFacts() {
  const visible = (element) => {
    const rect = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden';
  };
  const main = document.querySelector('main');
  const h1 = document.querySelector('main h1');
  return {
    classes: document.documentElement.className,
    h1: h1 && visible(h1) ? h1.textContent.trim() : null,
    mainText: main ? main.innerText.trim().length : 0,
    menuLinks: document.querySelectorAll('nav.main-nav a').length,
    hiddenMenuLinks: [...document.querySelectorAll('nav.main-nav a')].filter((a) => !visible(a)).map((a) => a.textContent),
    // A button that submits nothing only works with a script.
    scriptButtons: [...document.querySelectorAll('button[type="button"]')].filter(visible).map((b) => b.textContent.trim()),
    scrollWidth: document.documentElement.scrollWidth,
  };
}

run(async () => {
  const base = baseUrl();
  const problems = [];

  await withBrowser({ viewport: PHONE, javaScriptEnabled: false }, async (context) => {
    const page = await context.newPage();

    for (const { template, path, status = 200 } of TEMPLATE_PAGES) {
      const url = new URL(path, base).href;
      const response = await page.goto(url, { waitUntil: 'load' });
      assert.equal(response?.status(), status, `status of ${url}`);
      const facts = await page.evaluate(pageFacts);
      const where = `${template} ${url}`;
      assert.doesNotMatch(facts.classes, /\bjs\b/, `${where}: a script ran although JavaScript is off`);
      if (!facts.h1) problems.push(`${where}: no visible h1`);
      if (facts.mainText < 20) problems.push(`${where}: the main content has only ${facts.mainText} characters`);
      if (facts.menuLinks < 7) problems.push(`${where}: the menu has only ${facts.menuLinks} links`);
      if (facts.hiddenMenuLinks.length > 0) problems.push(`${where}: hidden menu links ${facts.hiddenMenuLinks.join('、')}`);
      if (facts.scriptButtons.length > 0) problems.push(`${where}: visible buttons that need a script: ${facts.scriptButtons.join('、')}`);
      if (facts.scrollWidth > PHONE.width) problems.push(`${where}: scrolls sideways (${facts.scrollWidth} px wide)`);
      console.log(`${where}: «${facts.h1}», ${facts.mainText} characters`);
    }

    // Pagination and filters are links that load without a script.
    await page.goto(new URL('commitments/', base).href);
    const next = await page.getAttribute('.pager a[rel="next"]', 'href');
    assert.ok(next, 'the commitment list has no 下一页 link');
    const second = await page.goto(new URL(next, base).href);
    assert.equal(second?.status(), 200, `status of ${next}`);
    assert.ok((await page.$$('.item-list .item')).length > 0, `${next} lists no records`);
    const filter = await page.getAttribute('.browse a[href*="/status/overdue/"]', 'href');
    assert.ok(filter, 'the commitment list has no 已逾期 filter link');
    const filtered = await page.goto(new URL(filter, base).href);
    assert.equal(filtered?.status(), 200, `status of ${filter}`);

    // The search page explains that search needs a script and links the lists instead.
    await page.goto(new URL('search/', base).href);
    assert.ok(await page.isVisible('#search-needs-js'), 'the search page hides its note about JavaScript');
    assert.ok(!(await page.isVisible('#search-app')), 'the search page shows the script-only results area');
    const browse = await page.$$eval('#search-browse a', (links) => links.map((a) => a.href));
    assert.ok(browse.length >= 4, `the search page offers ${browse.length} lists to browse`);
    for (const href of browse) {
      const response = await page.goto(href);
      assert.equal(response?.status(), 200, `status of ${href}, linked from the search page`);
    }
  });

  assert.deepEqual(problems, [], `pages not usable without JavaScript:\n${problems.join('\n')}`);
});
