// Prints the figures that bench/search.sh collected as Markdown tables.
//
//   node bench/summary.mjs RESULTS_DIR SIZE...
//
// RESULTS_DIR/SIZE/ contains the JSON files of one record count:
// build.json, index-size.json, reader.json, browser-gongshi.json,
// pagefind-build.json, pagefind-size.json and browser-pagefind.json.
// Figures from missing files show as "—".

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [resultsDir, ...sizes] = process.argv.slice(2);
if (!resultsDir || !sizes.length) {
  console.error('usage: node bench/summary.mjs RESULTS_DIR SIZE...');
  process.exit(2);
}

const load = (size, name) => {
  const file = path.join(resultsDir, size, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};
const kib = (bytes) => (bytes == null ? '—' : `${(bytes / 1024).toFixed(1)} KiB`);
const mib = (bytes) => (bytes == null ? '—' : `${(bytes / 1048576).toFixed(1)} MiB`);
const ms = (value) => (value == null ? '—' : `${value.toFixed(1)} ms`);
const orDash = (value, format = String) => (value == null ? '—' : format(value));
const percent = (x) => (x == null ? '—' : `${(x * 100).toFixed(0)}%`);
function medianOf(values) {
  const sorted = (values ?? []).filter((v) => v != null).sort((a, b) => a - b);
  if (!sorted.length) {
    return null;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
/** "k of n": queries whose Pagefind results are exactly gongshi's (recall
    and precision 1, or both empty), of those compared. */
function sameSets(queries) {
  if (!queries) {
    return '—';
  }
  const compared = queries.filter((q) => q.recall !== undefined || q.precision !== undefined);
  const same = compared.filter((q) => (q.recall ?? 1) === 1 && (q.precision ?? 1) === 1);
  return `${same.length} of ${compared.length}`;
}

const data = sizes.map((size) => ({
  size,
  build: load(size, 'build.json'),
  index: load(size, 'index-size.json'),
  reader: load(size, 'reader.json'),
  browser: load(size, 'browser-gongshi.json'),
  pagefindBuild: load(size, 'pagefind-build.json'),
  pagefindSize: load(size, 'pagefind-size.json'),
  pagefind: load(size, 'browser-pagefind.json'),
}));

const rows = [
  ['build: status', (d) => orDash(d.build?.status, (s) => (s === 0 ? 'ok' : `failed (exit ${s})`))],
  ['build: wall time', (d) => orDash(d.build?.wall_s, (s) => `${s.toFixed(1)} s`)],
  ['build: peak memory', (d) => orDash(d.build?.peak_mib, (m) => `${m} MiB`)],
  ['index: documents', (d) => orDash(d.reader?.docs)],
  ['index: files in search/', (d) => orDash(d.index?.files)],
  ['index: size raw', (d) => mib(d.index?.raw)],
  ['index: size gzip-6 (per file)', (d) => mib(d.index?.gzip6)],
  ['first query, reader: gzip-6 bytes (median)', (d) => kib(d.reader?.median.first.gzip6)],
  ['first query, reader: bytes as served by gongshi.conf (median)', (d) => kib(d.reader?.median.first.served)],
  ['first query, Chromium: bytes received (median)', (d) => kib(d.browser?.median_first_bytes)],
  ['later query, reader: gzip-6 bytes (median)', (d) => kib(d.reader?.median.later.gzip6)],
  ['first query, reader: time (median)', (d) => ms(d.reader?.median.first_ms)],
  ['later query, reader: time (median)', (d) => ms(d.reader?.median.later_ms)],
  ['first search, Chromium: Enter to results (median)', (d) => ms(d.browser?.median_first_ms)],
  ['later search, Chromium: Enter to results (median)', (d) => ms(d.browser?.median_later_ms)],
  ['Pagefind: index status', (d) => orDash(d.pagefindBuild?.status, (s) => (s === 0 ? 'ok' : `failed (exit ${s})`))],
  ['Pagefind: pages given to it', (d) => orDash(d.pagefindBuild?.pages)],
  ['Pagefind: index wall time', (d) => orDash(d.pagefindBuild?.wall_s, (s) => `${s.toFixed(1)} s`)],
  ['Pagefind: index peak memory', (d) => orDash(d.pagefindBuild?.peak_mib, (m) => `${m} MiB`)],
  ['Pagefind: files', (d) => orDash(d.pagefindSize?.files)],
  ['Pagefind: size raw (files are gzip already)', (d) => mib(d.pagefindSize?.raw)],
  ['Pagefind: first search, Chromium (median)', (d) => ms(d.pagefind?.median_first_ms)],
  ['Pagefind: later search, Chromium (median)', (d) => ms(d.pagefind?.median_later_ms)],
  ['Pagefind: first-search bytes received (median)', (d) => kib(d.pagefind?.median_first_bytes)],
  ['Pagefind: recall against gongshi (median over queries)', (d) => percent(medianOf(d.pagefind?.queries.map((q) => q.recall)))],
  ['Pagefind: precision against gongshi (median over queries)', (d) => percent(medianOf(d.pagefind?.queries.map((q) => q.precision)))],
  ['Pagefind: queries with the same result set as gongshi', (d) => sameSets(d.pagefind?.queries)],
];

console.log(`| measure | ${sizes.map((s) => `${Number(s).toLocaleString('en')} records`).join(' | ')} |`);
console.log(`| --- | ${sizes.map(() => '---:').join(' | ')} |`);
for (const [label, value] of rows) {
  console.log(`| ${label} | ${data.map(value).join(' | ')} |`);
}

for (const d of data) {
  if (!d.reader) {
    continue;
  }
  console.log(`\nQueries at ${Number(d.size).toLocaleString('en')} records (results; first-query gzip-6 KiB through the reader; Chromium ms first / later):\n`);
  console.log('| query | gongshi results | first KiB | Chromium first | Chromium later | Pagefind results | Pagefind recall | Pagefind precision | Pagefind first |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  d.reader.queries.forEach((q, i) => {
    const b = d.browser?.queries[i];
    const p = d.pagefind?.queries[i];
    console.log(`| ${q.query} | ${q.results} | ${(q.first.gzip6 / 1024).toFixed(1)} | ${ms(b?.first_ms)} | ${ms(b?.later_ms)} | ${orDash(p?.count)} | ${percent(p?.recall)} | ${percent(p?.precision)} | ${ms(p?.first_ms)} |`);
  });
}
