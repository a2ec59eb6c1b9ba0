// Times the editors' loop of `gongshi serve`: a record of the site is
// saved by atomic rename (write a temporary file, rename it over the
// record), and the script waits for the live-reload event that open pages
// receive. bench/serve.sh runs it on a synthetic site.
//
// Usage: node bench/serve.mjs --gongshi BIN --site DIR --record FILE [--runs N] [--edit body|title] [--out JSON]
//
// --edit body (the default) appends a sentence to the record's body;
// --edit title changes its title, which moves it in lists and archives.
// Before each save the script waits until serve reports the search
// index of the previous build done (serve --verbose), as when an editor
// takes a few seconds between saves.
//
// Reported per save: the time from the rename to the reload event, and
// that time less the quiet period serve waits for after the last file
// event (QUIET_PERIOD in src/serve/watch.rs). The second figure is the
// time from the end of the debounce to the reload event. serve also prints the time of
// each rebuild; that figure is reported beside them.

import { spawn } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const QUIET_PERIOD_MS = 120;
const TIMEOUT_MS = 600_000;

function options() {
  const args = process.argv.slice(2);
  const value = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const gongshi = value('--gongshi');
  const site = value('--site');
  const record = value('--record');
  if (!gongshi || !site || !record) {
    console.error('usage: node bench/serve.mjs --gongshi BIN --site DIR --record FILE [--runs N] [--edit body|title] [--out JSON]');
    process.exit(2);
  }
  const edit = value('--edit', 'body');
  if (edit !== 'body' && edit !== 'title') {
    console.error(`--edit must be body or title, not ${edit}`);
    process.exit(2);
  }
  return { gongshi, site, record, edit, runs: Number(value('--runs', '5')), out: value('--out') };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves with the first line of `lines` (an array filled as serve
    prints) that matches `pattern`, at or after index `from`. */
function waitForLine(lines, pattern, from) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const index = lines.findIndex((line, i) => i >= from && pattern.test(line));
      if (index >= 0) {
        resolve({ index, line: lines[index] });
      } else if (Date.now() - started > TIMEOUT_MS) {
        reject(new Error(`serve printed no line matching ${pattern}`));
      } else {
        setTimeout(check, 5);
      }
    };
    check();
  });
}

async function main() {
  const { gongshi, site, record, edit, runs, out } = options();
  const port = await freePort();
  const child = spawn(gongshi, ['serve', '--verbose', '--site', site, '--port', String(port), '--as-of', '2026-12-01'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = [];
  let buffer = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop();
    lines.push(...parts);
  });
  const stop = () => { if (child.exitCode === null) { child.kill('SIGTERM'); } };
  process.on('exit', stop);

  try {
    const first = await waitForLine(lines, /^已生成：/, 0);
    console.log(`first build: ${first.line}`);
    const address = (await waitForLine(lines, /^预览地址：/, 0)).line.match(/(http:\/\/\S+?)（/)[1];
    const events = [];
    const request = http.get(`${address}__gongshi/events`, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        for (const match of chunk.matchAll(/^event: (\w+)$/gm)) {
          events.push({ name: match[1], at: performance.now() });
        }
      });
    });
    request.on('error', (error) => { console.error(`event stream: ${error.message}`); });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const original = await readFile(record, 'utf8');
    const results = [];
    let indexed = 0;
    for (let run = 1; run <= runs; run++) {
      const from = lines.length;
      const seen = events.length;
      const temporary = path.join(path.dirname(record), `.${path.basename(record)}.tmp${run}`);
      await waitForLine(lines, /^搜索索引已更新/, indexed);
      indexed = lines.length;
      const text = edit === 'title'
        ? original.replace(/^title = "(.*)"$/m, `title = "$1（第 ${run} 次修改）"`)
        : `${original}\n第 ${run} 次修改。\n`;
      if (text === original) {
        throw new Error(`${record} has no title line to change`);
      }
      await writeFile(temporary, text);
      const saved = performance.now();
      await rename(temporary, record);
      const rebuilt = await waitForLine(lines, /^已重新生成/, from);
      while (!events.slice(seen).some((e) => e.name === 'reload')) {
        if (performance.now() - saved > TIMEOUT_MS) {
          throw new Error(`no reload event within ${TIMEOUT_MS} ms of save ${run}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const reload = events.slice(seen).find((e) => e.name === 'reload');
      const total = reload.at - saved;
      const seconds = Number((rebuilt.line.match(/用时 ([\d.]+) 秒/) || [])[1]);
      results.push({ run, save_to_reload_ms: total, after_debounce_ms: total - QUIET_PERIOD_MS, rebuild_ms: seconds * 1000 });
      console.log(`save ${run}: reload after ${total.toFixed(0)} ms (${(total - QUIET_PERIOD_MS).toFixed(0)} ms after the debounce); serve: ${rebuilt.line}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await writeFile(record, original);
    request.destroy();
    const sorted = (key) => results.map((r) => r[key]).sort((a, b) => a - b);
    const median = (values) => values[Math.floor(values.length / 2)];
    // Peak resident memory of serve so far (Linux only).
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const peakKib = Number((status.match(/^VmHWM:\s+(\d+) kB/m) || [])[1]) || null;
    const summary = {
      edit,
      serve_peak_rss_mib: peakKib && Math.round(peakKib / 1024),
      runs: results,
      median_save_to_reload_ms: median(sorted('save_to_reload_ms')),
      median_after_debounce_ms: median(sorted('after_debounce_ms')),
      median_rebuild_ms: median(sorted('rebuild_ms')),
    };
    console.log(`median (${edit} edits): ${summary.median_after_debounce_ms.toFixed(0)} ms from the end of the debounce to the reload event (goal: under 100 ms); serve's peak memory ${summary.serve_peak_rss_mib ?? '?'} MiB`);
    if (out) {
      await writeFile(out, JSON.stringify(summary, null, 2));
    }
  } finally {
    stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
