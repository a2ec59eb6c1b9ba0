// The home page and a list page fit a 390 px wide phone screen without
// horizontal scrolling. Screenshots of the home page at 390 px and
// 1280 px are saved for people to look at, and nothing compares them.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

run(async () => {
  const home = baseUrl();
  const listPage = new URL(process.env.E2E_LIST_PATH || 'commitments/', home).href;
  const screenshotDir = requireEnv('E2E_SCREENSHOT_DIR');
  await mkdir(screenshotDir, { recursive: true });

  const overflowing = [];
  await withBrowser({ viewport: PHONE }, async (context) => {
    const page = await context.newPage();
    for (const url of [home, listPage]) {
      const response = await page.goto(url, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, `status of ${url}`);
      if (url === home) {
        await page.screenshot({ path: path.join(screenshotDir, 'home-390.png'), fullPage: true });
      }

      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      console.log(`${url} at ${PHONE.width} px: scrollWidth ${scrollWidth}`);
      if (scrollWidth > PHONE.width) {
        overflowing.push(`${url}: document.documentElement.scrollWidth is ${scrollWidth} at a ${PHONE.width} px wide viewport`);
      }
    }
  });

  await withBrowser({ viewport: DESKTOP }, async (context) => {
    const page = await context.newPage();
    const response = await page.goto(home, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, `status of ${home}`);
    await page.screenshot({ path: path.join(screenshotDir, 'home-1280.png'), fullPage: true });
  });
  console.log(`screenshots in ${screenshotDir}`);

  assert.deepEqual(overflowing, [], 'pages scroll horizontally on a phone');
});
