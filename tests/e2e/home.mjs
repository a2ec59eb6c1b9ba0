// The home page loads under the sub-path, declares lang="zh-CN" and is
// served as HTML with charset=utf-8.

import assert from 'node:assert/strict';
import { baseUrl, run, withBrowser } from './browser.mjs';

run(async () => {
  const home = baseUrl();

  await withBrowser({}, async (context) => {
    const page = await context.newPage();
    const response = await page.goto(home, { waitUntil: 'load' });

    assert.ok(response, `no response for ${home}`);
    assert.equal(response.status(), 200, `status of ${home}`);
    assert.equal(new URL(page.url()).pathname, new URL(home).pathname, 'home page URL after redirects');

    const contentType = (await response.allHeaders())['content-type'] ?? '';
    assert.match(contentType, /^text\/html;\s*charset=utf-8$/i, `Content-Type of ${home}`);

    const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    assert.equal(lang, 'zh-CN', '<html lang> of the home page');

    const title = await page.title();
    assert.ok(title.trim().length > 0, 'the home page has an empty <title>');
    console.log(`home page ${home}: ${contentType}, lang=${lang}, title «${title}»`);
  });
});
