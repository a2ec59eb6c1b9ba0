// Accessibility audit with axe-core: one page of every template
// (pages.mjs) in the mode that E2E_MODE names (`normal`, or `elderly` for
// the 适老化 mode: 大字 and 高对比度 on) at the viewport that E2E_VIEWPORT
// names (`desktop`, 1280 px, or `phone`, 390 px). Fails on any violation of impact serious or critical
// and on a page that scrolls sideways; lists the minor and moderate
// violations without failing.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';
import { DESKTOP, ELDERLY_MODE_CLASSES, ELDERLY_MODE_STORAGE, PHONE, TEMPLATE_PAGES } from './pages.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const FAILING_IMPACTS = new Set(['serious', 'critical']);

const MODES = {
  normal: { name: 'normal', storage: {}, classes: [] },
  elderly: { name: '适老化', storage: ELDERLY_MODE_STORAGE, classes: ELDERLY_MODE_CLASSES },
};

/** Describes one axe violation with the elements it found, for the failure message. */
function describe(violation) {
  const targets = violation.nodes
    .slice(0, 5)
    .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ').trim()}`)
    .join('\n');
  const more = violation.nodes.length > 5 ? `\n    … and ${violation.nodes.length - 5} more` : '';
  return `  [${violation.impact}] ${violation.id}: ${violation.help}\n${targets}${more}`;
}

run(async () => {
  const viewportName = requireEnv('E2E_VIEWPORT');
  const viewport = { desktop: DESKTOP, phone: PHONE }[viewportName];
  assert.ok(viewport, `E2E_VIEWPORT must be desktop or phone, not ${viewportName}`);
  const modeName = requireEnv('E2E_MODE');
  const mode = MODES[modeName];
  assert.ok(mode, `E2E_MODE must be normal or elderly, not ${modeName}`);

  const failures = [];
  let audited = 0;
  await withBrowser({ viewport }, async (context) => {
    await context.addInitScript((storage) => {
      for (const [key, value] of Object.entries(storage)) {
        window.localStorage.setItem(key, value);
      }
    }, mode.storage);
    const page = await context.newPage();

    for (const { template, path, status = 200, waitFor } of TEMPLATE_PAGES) {
      const url = new URL(path, baseUrl()).href;
      const response = await page.goto(url, { waitUntil: 'load' });
      assert.equal(response?.status(), status, `status of ${url}`);
      if (waitFor) {
        await page.waitForSelector(waitFor, { timeout: 10_000 });
      }
      const classes = await page.evaluate(() => document.documentElement.className.split(/\s+/));
      for (const name of mode.classes) {
        assert.ok(classes.includes(name), `${url} in the ${mode.name} mode lacks the class ${name} on <html>`);
      }

      const where = `${template} ${url} (${mode.name}, ${viewport.width} px)`;
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > viewport.width) {
        failures.push(`${where}: the page scrolls sideways (${scrollWidth} px wide)`);
      }

      await page.addScriptTag({ path: AXE_PATH });
      // target-size (WCAG 2.2, 24 px targets) is off by default in axe-core
      // 4.14; the 适老化 mode promises larger touch targets, so it is on.
      const results = await page.evaluate(() => window.axe.run(document, {
        resultTypes: ['violations'],
        rules: { 'target-size': { enabled: true } },
      }));
      audited += 1;
      const failing = results.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact));
      const other = results.violations.filter((violation) => !FAILING_IMPACTS.has(violation.impact));
      console.log(`${where}: ${failing.length} serious or critical, ${other.length} minor or moderate`);
      for (const violation of other) {
        console.log(describe(violation));
      }
      if (failing.length > 0) {
        failures.push(`${where}:\n${failing.map(describe).join('\n')}`);
      }
    }
  });

  assert.equal(audited, TEMPLATE_PAGES.length, 'pages audited');
  assert.deepEqual(failures, [], `axe-core found serious or critical violations:\n${failures.join('\n')}`);
});
