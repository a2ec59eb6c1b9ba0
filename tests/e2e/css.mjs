// Every stylesheet of the home page is served from the site's static/
// folder with a long cache lifetime, and gzip-compressed unless it is
// smaller than nginx's gzip_min_length. The page itself must be revalidated.

import assert from 'node:assert/strict';
import { baseUrl, run, withBrowser } from './browser.mjs';

const GZIP_MIN_LENGTH = 256;

run(async () => {
  const home = baseUrl();
  const staticPrefix = new URL('static/', home).pathname;

  await withBrowser({}, async (context) => {
    const page = await context.newPage();
    const cssResponses = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'stylesheet') {
        cssResponses.push(response);
      }
    });

    const homeResponse = await page.goto(home, { waitUntil: 'load' });
    assert.ok(homeResponse, `no response for ${home}`);
    assert.match((await homeResponse.allHeaders())['cache-control'] ?? '', /no-cache/, `Cache-Control of ${home}`);

    assert.ok(cssResponses.length > 0, `the home page ${home} loaded no stylesheet`);
    let compressible = 0;
    for (const response of cssResponses) {
      const url = response.url();
      const headers = await response.allHeaders();
      assert.equal(response.status(), 200, `status of ${url}`);
      assert.ok(new URL(url).pathname.startsWith(staticPrefix), `stylesheet ${url} is not under ${staticPrefix}`);
      assert.match(headers['content-type'] ?? '', /^text\/css;\s*charset=utf-8$/i, `Content-Type of ${url}`);
      // gzip_min_length in docs/nginx/gongshi.conf leaves files under 256 bytes uncompressed.
      const size = (await response.body()).length;
      if (size >= GZIP_MIN_LENGTH) {
        compressible += 1;
        assert.equal(headers['content-encoding'], 'gzip', `Content-Encoding of ${url} (${size} bytes)`);
      }
      assert.match(headers['cache-control'] ?? '', /max-age=(\d{6,})/, `Cache-Control of ${url} gives no long max-age`);
      console.log(`${url}: ${size} bytes, Content-Encoding ${headers['content-encoding'] ?? 'none'}, Cache-Control ${headers['cache-control']}`);
    }
    assert.ok(compressible > 0, `no stylesheet of ${home} is ${GZIP_MIN_LENGTH} bytes or larger, so gzip went unchecked`);
  });
});
