/**
 * The end-to-end suite (Playwright Test). One `backprop-lab serve` for the whole run (`webServer`: a free
 * port, a fresh temporary data directory, a token fixed here so the specs can open the page), driven in
 * Debian's Chromium, never a downloaded browser:
 *
 * - `browser`: every spec in e2e/specs/, the system language English;
 * - `browser-zh-CN`: the same specs with the system language Chinese (specs tagged `@language-neutral`
 *   assert nothing the language changes and run once);
 * - `electron`: the same specs in the desktop window through `_electron.launch`, skipped with a one-line
 *   reason where Electron's binary or a display is missing;
 * - `screenshots`: refreshes docs/screenshots/ (every view, both languages); defined only under
 *   `npm run screenshots`, so no test run rewrites tracked files.
 *
 * Traces, failure screenshots and the HTML report go to test-results/ and playwright-report/ (gitignored).
 * The values chosen here reach the worker processes through the environment (the config is loaded once
 * per process, so they are chosen once, in the runner).
 */
import { defineConfig } from '@playwright/test';
import { e2eEnvironment } from './e2e/environment.js';
import { chromiumLaunchOptions } from './e2e/chromium.js';
import type { LabOptions } from './e2e/fixtures.js';

const { port, token, dataDir, screenshots } = e2eEnvironment();

const specs = { testDir: './e2e/specs', testMatch: '**/*.spec.ts' };

export default defineConfig<LabOptions>({
  outputDir: 'test-results',
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  // One engine serves every spec, and the machine's cores are the engine's: one spec at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 240_000,
  expect: { timeout: 30_000 },
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `node bin/backprop-lab.mjs serve --port ${port} --data-dir "${dataDir}"`,
    // Without the token the server answers 401, which Playwright counts as up.
    url: `http://127.0.0.1:${port}/`,
    env: { BACKPROP_LAB_TOKEN: token },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    { name: 'browser', ...specs, use: { target: 'browser', locale: 'en-US', launchOptions: chromiumLaunchOptions } },
    { name: 'browser-zh-CN', ...specs, grepInvert: /@language-neutral/, use: { target: 'browser', locale: 'zh-CN', launchOptions: chromiumLaunchOptions } },
    // Chromium is launched here too (Playwright's page fixture needs a browser) but the specs drive Electron.
    { name: 'electron', ...specs, use: { target: 'electron', locale: 'en-US', launchOptions: chromiumLaunchOptions } },
    ...(screenshots
      ? [{ name: 'screenshots', testDir: './e2e/screenshots', testMatch: '**/*.shots.ts', use: { target: 'browser' as const, launchOptions: chromiumLaunchOptions } }]
      : []),
  ],
});
