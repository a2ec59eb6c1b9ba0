// Shared setup for the end-to-end scripts: Debian's Chromium driven by
// playwright-core, and the settings that tests/e2e.rs passes in the
// environment. Playwright never downloads a browser here.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying to reach
// Google's hosts, which the closed network of the test machines refuses.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Whole-script limit, below the 180 s after which tests/common/node.rs
// terminates the script, so that the browser is closed cleanly first.
const SCRIPT_TIMEOUT_MS = 150_000;

/** Returns the environment variable `name`, or throws when it is missing. */
export function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set: run these scripts through \`cargo test --test e2e\``);
  }
  return value;
}

/** Base URL of the site under test, ending in a slash, e.g. http://127.0.0.1:8123/zwcx/. */
export function baseUrl() {
  const url = requireEnv('E2E_BASE_URL');
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Launches Chromium with a new empty profile folder, calls `fn(context)`,
 * then closes the browser and removes the profile.
 * Playwright passes the profile to Chromium as --user-data-dir.
 */
export async function withBrowser(contextOptions, fn) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'gongshi-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ...contextOptions,
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

/**
 * Runs the script's `main` with a time limit. A thrown error (an assertion
 * included) is printed and makes the process exit with status 1.
 */
export function run(main) {
  const timer = setTimeout(() => {
    console.error(`timed out after ${SCRIPT_TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, SCRIPT_TIMEOUT_MS);

  main()
    .then(() => {
      clearTimeout(timer);
    })
    .catch((error) => {
      clearTimeout(timer);
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    });
}
