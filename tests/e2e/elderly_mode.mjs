// The 适老化 switches (大字 and 高对比度 in the header) work by keyboard
// alone. Screen readers get them as toggle buttons whose pressed state
// follows the mode, checked in Chromium's accessibility tree. The next
// page remembers the choice without drawing a frame in the wrong size or
// colours first.

import assert from 'node:assert/strict';
import { baseUrl, run, withBrowser } from './browser.mjs';
import { DESKTOP } from './pages.mjs';

const WAIT_MS = 10_000;
// style.css: html is 100% (16 px in Chromium's default) and 125% with 大字.
const NORMAL_FONT_SIZE = '16px';
const LARGE_FONT_SIZE = '20px';

/**
 * Records, before every frame the page draws until it has loaded, the
 * classes of <html>, its font size and the page background. Runs as an
 * init script, so the first callback is queued before any of the page's
 * own code runs.
 */
function recordFrames() {
  window.gongshiFrames = [];
  const record = () => {
    const root = document.documentElement;
    window.gongshiFrames.push({
      classes: root.className,
      fontSize: getComputedStyle(root).fontSize,
      background: document.body ? getComputedStyle(document.body).backgroundColor : null,
    });
    if (document.readyState !== 'complete' || window.gongshiFrames.length < 3) {
      requestAnimationFrame(record);
    }
  };
  requestAnimationFrame(record);
}

/** Returns the switch named `name` as Chromium's accessibility tree has it. */
async function switchNode(cdp, name) {
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const matching = nodes.filter((node) => !node.ignored && node.role?.value === 'button' && node.name?.value === name);
  assert.equal(matching.length, 1, `buttons named «${name}» in the accessibility tree`);
  const pressed = matching[0].properties?.find((property) => property.name === 'pressed')?.value?.value;
  return { pressed };
}

/** Presses Tab until the switch `data-a11y="kind"` has focus. */
async function tabToSwitch(page, kind) {
  for (let stop = 0; stop < 40; stop++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((k) => document.activeElement?.getAttribute('data-a11y') === k, kind)) {
      return;
    }
  }
  throw new Error(`${page.url()}: Tab never reached the switch data-a11y="${kind}"`);
}

/** Presses Tab until the menu link with text `text` has focus. */
async function tabToMenu(page, text) {
  for (let stop = 0; stop < 60; stop++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.closest('nav.main-nav') ? document.activeElement.textContent : null);
    if (focused === text) {
      return;
    }
  }
  throw new Error(`${page.url()}: Tab never reached the menu link ${text}`);
}

/** Follows a menu link by keyboard and returns the frames drawn while the new page loaded. */
async function followMenu(page, text) {
  const from = page.url();
  await tabToMenu(page, text);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.href !== from, { timeout: WAIT_MS });
  await page.waitForLoadState('load');
  await page.waitForFunction(() => window.gongshiFrames?.length >= 3, null, { timeout: WAIT_MS });
  return page.evaluate(() => window.gongshiFrames);
}

function assertFrames(frames, url, expected) {
  assert.ok(frames.length > 0, `no frame recorded on ${url}`);
  frames.forEach((frame, index) => {
    const classes = ` ${frame.classes} `;
    assert.equal(classes.includes(' a11y-large '), expected.large, `frame ${index} of ${url}: classes «${frame.classes}»`);
    assert.equal(classes.includes(' a11y-contrast '), expected.contrast, `frame ${index} of ${url}: classes «${frame.classes}»`);
    assert.equal(frame.fontSize, expected.large ? LARGE_FONT_SIZE : NORMAL_FONT_SIZE, `font size of <html> in frame ${index} of ${url}`);
    if (frame.background !== null) {
      assert.equal(frame.background === 'rgb(0, 0, 0)', expected.contrast, `body background ${frame.background} in frame ${index} of ${url}`);
    }
  });
}

run(async () => {
  const base = baseUrl();

  await withBrowser({ viewport: DESKTOP }, async (context) => {
    await context.addInitScript(recordFrames);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    const cdp = await context.newCDPSession(page);

    await page.goto(base, { waitUntil: 'load' });
    assertFrames(await page.evaluate(() => window.gongshiFrames), base, { large: false, contrast: false });
    for (const name of ['大字', '高对比度']) {
      assert.equal((await switchNode(cdp, name)).pressed, 'false', `pressed state of ${name} before use`);
    }
    const group = await page.getAttribute('.a11y-tools', 'aria-label');
    assert.ok(group, 'the group of switches has no accessible name');

    // Enter turns on 大字, Space turns on 高对比度.
    await tabToSwitch(page, 'large');
    await page.keyboard.press('Enter');
    await tabToSwitch(page, 'contrast');
    await page.keyboard.press('Space');
    const classes = await page.evaluate(() => document.documentElement.className);
    assert.match(classes, /\ba11y-large\b/, 'classes of <html> after Enter on 大字');
    assert.match(classes, /\ba11y-contrast\b/, 'classes of <html> after Space on 高对比度');
    for (const name of ['大字', '高对比度']) {
      assert.equal((await switchNode(cdp, name)).pressed, 'true', `pressed state of ${name} after use`);
    }
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), LARGE_FONT_SIZE, 'font size after 大字');

    // The next page is drawn large and in high contrast from its first frame.
    let frames = await followMenu(page, '公开承诺');
    assertFrames(frames, page.url(), { large: true, contrast: true });
    for (const name of ['大字', '高对比度']) {
      assert.equal((await switchNode(cdp, name)).pressed, 'true', `pressed state of ${name} on the next page`);
    }
    console.log(`${page.url()}: ${frames.length} frames, all large and in high contrast`);

    // Turning 大字 off is remembered the same way.
    await tabToSwitch(page, 'large');
    await page.keyboard.press('Enter');
    assert.equal((await switchNode(cdp, '大字')).pressed, 'false', 'pressed state of 大字 after turning it off');
    frames = await followMenu(page, '信用档案');
    assertFrames(frames, page.url(), { large: false, contrast: true });
    console.log(`${page.url()}: ${frames.length} frames, all normal size and in high contrast`);

    assert.deepEqual(errors, [], 'script errors');
  });
});
