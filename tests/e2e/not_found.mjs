// A URL with no page behind it gets status 404 and the site's own
// 404.html, byte for byte, through nginx's error_page.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';

run(async () => {
  const missing = new URL('gongshi-e2e-no-such-page/', baseUrl()).href;
  const expected = await readFile(path.join(requireEnv('E2E_PUBLIC_DIR'), '404.html'), 'utf8');

  await withBrowser({}, async (context) => {
    const page = await context.newPage();
    const response = await page.goto(missing, { waitUntil: 'load' });

    assert.ok(response, `no response for ${missing}`);
    assert.equal(response.status(), 404, `status of ${missing}`);
    assert.match((await response.allHeaders())['content-type'] ?? '', /charset=utf-8/i, 'Content-Type of the 404 page');
    assert.ok((await response.text()) === expected, `the body served for ${missing} differs from public/404.html`);

    const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    assert.equal(lang, 'zh-CN', '<html lang> of the 404 page');
    console.log(`${missing}: 404 with the content of 404.html (${expected.length} characters)`);
  });
});
