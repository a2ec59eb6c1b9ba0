// Page weight: the largest record page of each kind must transfer less
// than 60 KB (60,000 bytes) of HTML, CSS and JavaScript. Each page is
// loaded in Chromium with the HTTP cache off, through nginx with
// docs/nginx/gongshi.conf, and counted as nginx sent it: gzip-compressed
// bodies plus response headers. Images (the badge and the icon) are
// reported but not counted. The script prints one `page-weight {json}`
// line per page, which bench/page-weight.sh collects.

import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { baseUrl, requireEnv, run, withBrowser } from './browser.mjs';

const LIMIT_BYTES = 60_000;
const KINDS = ['commitments', 'disclosures', 'criticisms', 'evaluations'];
const COUNTED_TYPES = new Set(['document', 'stylesheet', 'script']);

/** Returns the record page of `kind` with the largest HTML file, relative to the site root. */
async function largestRecordPage(publicDir, kind) {
  let largest = null;
  for (const year of await readdir(path.join(publicDir, kind))) {
    if (!/^\d{4}$/.test(year)) {
      continue;
    }
    for (const slug of await readdir(path.join(publicDir, kind, year))) {
      const file = path.join(publicDir, kind, year, slug, 'index.html');
      const size = (await stat(file).catch(() => null))?.size;
      if (size !== undefined && (largest === null || size > largest.size)) {
        largest = { path: `${kind}/${year}/${slug}/`, size };
      }
    }
  }
  assert.ok(largest, `the site has no record page of ${kind}`);
  return largest;
}

run(async () => {
  const base = baseUrl();
  const publicDir = requireEnv('E2E_PUBLIC_DIR');
  const over = [];

  await withBrowser({}, async (context) => {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

    for (const kind of KINDS) {
      const record = await largestRecordPage(publicDir, kind);
      const url = new URL(record.path, base).href;
      const finished = [];
      const onFinished = (request) => finished.push(request);
      page.on('requestfinished', onFinished);
      const response = await page.goto(url, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle');
      page.off('requestfinished', onFinished);
      assert.equal(response?.status(), 200, `status of ${url}`);

      const byType = {};
      const files = [];
      for (const request of finished) {
        const sizes = await request.sizes();
        const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
        const type = request.resourceType();
        const encoding = (await request.response())?.headers()['content-encoding'] ?? 'none';
        byType[type] = (byType[type] ?? 0) + bytes;
        files.push({ url: new URL(request.url()).pathname, type, bytes, encoding });
      }
      const counted = files.filter((file) => COUNTED_TYPES.has(file.type));
      const total = counted.reduce((sum, file) => sum + file.bytes, 0);
      for (const file of counted) {
        if (file.bytes >= 1024) {
          assert.equal(file.encoding, 'gzip', `${file.url} (${file.bytes} bytes) was sent without gzip`);
        }
      }
      assert.ok(files.some((file) => file.type === 'stylesheet'), `${url} loaded no stylesheet, so the measurement is incomplete`);

      console.log(`page-weight ${JSON.stringify({ kind, path: record.path, html_bytes_raw: record.size, counted_bytes: total, by_type: byType, files })}`);
      if (total >= LIMIT_BYTES) {
        over.push(`${url}: ${total} bytes of HTML, CSS and JavaScript`);
      }
    }
  });

  assert.deepEqual(over, [], `record pages at or over ${LIMIT_BYTES} bytes`);
});
