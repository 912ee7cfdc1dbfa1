/**
 * What every spec gets, on top of Playwright Test's own fixtures. Import `test` and `expect` from here:
 *
 * - `page`: the app, open and connected (in the browser projects: the served page with its token, in a
 *   fresh context whose system language is the project's `locale`; in `electron`: the desktop window);
 * - `uiLocale`: the language the app shows (`en` or `zh-CN`), and `t(key, params)`: a message in it;
 * - `engine`: the engine seen from outside the page (`status()`, `kill()` as a crash would, `request()`
 *   of its own record: what there is before a step, rather than what a view has loaded so far);
 * - `server`: the headless server's origin, token and data directory (browser projects only);
 * - `target`: `browser` or `electron`, the project's option;
 * - `firstRun`: an option; when true the page opens as on a first run, with the welcome guide (by default
 *   the guide is dismissed beforehand, so the other specs see the views as a returning user does).
 *
 * Every spec starts with a working engine that trains nothing: one that an earlier spec left down is
 * restarted, and a run an earlier spec left running or paused (it failed before its own Stop) is stopped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, _electron, type ElectronApplication, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { parseResult, TOKEN_QUERY_PARAM, type EngineStatus, type MethodName, type MethodParams, type MethodResult } from '../contract/index.js';
import { ACTIVE_STATUSES } from '../main/store/run-record.js';
import { hasDisplay, locateElectron } from '../main/electron/locate-binary.mjs';
import { pickLocale, type Locale } from '../renderer/i18n/languages.js';
import { WELCOME_STORAGE_KEY } from '../renderer/composables/welcome-storage.js';
import { e2eEnvironment, repositoryRoot } from './environment.js';
import { translator, type Translate } from './i18n.js';
import { hasXvfb, startXvfb } from './virtual-display.js';

export interface LabOptions {
  /** Where the app runs: served to Chromium, or the Electron window. */
  target: 'browser' | 'electron';
}

interface TestOptions {
  /** Open the page as a first run (the welcome guide shown). */
  firstRun: boolean;
}

export interface ServerInfo {
  origin: string;
  token: string;
  dataDir: string;
}

/**
 * The requests a spec makes of the engine directly: its own record (to count what is there before a
 * step) and Stop. Their params are none or `{ id }`, so the desktop window's `lab` bridge takes them too.
 */
export type RecordMethod = 'runs.list' | 'runs.get' | 'runs.stop' | 'models.list' | 'handwriting.list';

export interface EngineHandle {
  status(): Promise<EngineStatus>;
  /** SIGKILLs the engine's process, as a crash would; returns the pid it killed. */
  kill(): Promise<number>;
  /** A request to the engine the page talks to, its result checked against the contract. */
  request<M extends RecordMethod>(method: M, params?: MethodParams<M>): Promise<MethodResult<M>>;
}

type Request = EngineHandle['request'];

interface WorkerFixtures {
  server: ServerInfo;
  /** The desktop app (electron project), or why it cannot start here. */
  desktop: { app: ElectronApplication } | { reason: string } | null;
}

interface TestFixtures {
  uiLocale: Locale;
  t: Translate;
  engine: EngineHandle;
}

/** One request to the engine over the server's WebSocket, from outside the page (its result checked against the contract). */
export async function requestOverWebSocket<M extends MethodName>(server: ServerInfo, method: M, params = {} as MethodParams<M>): Promise<MethodResult<M>> {
  const socket = new WebSocket(`${server.origin.replace(/^http/, 'ws')}/api?${TOKEN_QUERY_PARAM}=${server.token}`);
  try {
    return await new Promise<MethodResult<M>>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ id: 1, method, params })));
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
        if (message.id !== 1) return;
        if (message.error) reject(new Error(message.error.message));
        else resolve(parseResult(method, message.result));
      });
    });
  } finally {
    socket.close();
  }
}

/** `request` of the engine the page talks to: the headless server's over its WebSocket, the desktop app's through the window's `lab`. */
function engineRequest(target: LabOptions['target'], page: Page, server: ServerInfo): Request {
  return async (method, params = {} as never) => {
    if (target === 'browser') return requestOverWebSocket(server, method, params);
    const id = (params as { id?: string }).id;
    const result = await page.evaluate(([name, runId]) => {
      const [area, call] = name.split('.') as [string, string];
      const lab = (globalThis as unknown as { lab: Record<string, Record<string, (id?: string) => Promise<unknown>>> }).lab;
      return runId === undefined ? lab[area]![call]!() : lab[area]![call]!(runId);
    }, [method, id] as const);
    return parseResult(method, result);
  };
}

/**
 * Stops the runs an earlier spec left running or paused (it failed before its own Stop), and waits until
 * the engine records them as ended: otherwise the Train view would follow one and Start stay disabled.
 */
async function stopRunsLeftTraining(request: Request): Promise<void> {
  const going = async () => (await request('runs.list')).filter((run) => ACTIVE_STATUSES.includes(run.status)).map((run) => run.id);
  const left = await going();
  if (left.length === 0) return;
  // A run that ended meanwhile refuses Stop; the engine's list below says whether any is still going.
  for (const id of left) await request('runs.stop', { id }).catch(() => undefined);
  await expect.poll(going, { message: 'the runs an earlier spec left training, stopped', timeout: 60_000 }).toEqual([]);
}

async function launchDesktop(locale: string, dataDir: string, display?: string): Promise<{ app: ElectronApplication } | { reason: string }> {
  const electron = locateElectron();
  if (!electron.binary) return { reason: `Electron is not available (${electron.reason})` };
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('`npm run build` failed, so the desktop app cannot be tested');
  // Chromium refuses to start as root with its sandbox on (CI containers run as root).
  const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({
    executablePath: electron.binary,
    args: [...sandboxArgs, `--lang=${locale}`, repositoryRoot],
    env: { ...process.env, ...(display ? { DISPLAY: display } : {}), BACKPROP_LAB_DATA_DIR: dataDir, LANG: `${locale.replace('-', '_')}.UTF-8` } as Record<string, string>,
  });
  return { app };
}

/** The page's localStorage (this file is typed for Node, without the DOM's names). */
type PageStorage = { setItem(key: string, value: string): void };

export const test = base.extend<TestFixtures & TestOptions, WorkerFixtures & LabOptions>({
  target: ['browser', { option: true, scope: 'worker' }],
  firstRun: [false, { option: true }],

  server: [async ({}, use) => {
    const { port, token, dataDir } = e2eEnvironment();
    await use({ origin: `http://127.0.0.1:${port}`, token, dataDir });
  }, { scope: 'worker' }],

  desktop: [async ({ target }, use, workerInfo) => {
    if (target !== 'electron') return use(null);
    const unavailable = (reason: string) => {
      // Once per worker, in the run's output: why every spec of this project is skipped.
      console.log(`project ${workerInfo.project.name}: skipped, ${reason}`);
      return use({ reason });
    };
    const electron = locateElectron();
    if (!electron.binary) return unavailable(`Electron is not available (${electron.reason})`);
    if (!hasDisplay() && !hasXvfb()) return unavailable('there is no display and Xvfb is not installed (apt-get install xvfb)');
    const xvfb = hasDisplay() ? undefined : await startXvfb();
    const dataDir = mkdtempSync(join(tmpdir(), 'backprop-lab-electron-'));
    try {
      const desktop = await launchDesktop(workerInfo.project.use.locale ?? 'en-US', dataDir, xvfb?.display);
      await use(desktop);
      if ('app' in desktop) await desktop.app.close();
    } finally {
      xvfb?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, { scope: 'worker' }],

  page: async ({ target, page, desktop, server, firstRun }, use, testInfo) => {
    const welcome = firstRun ? 'no' : 'yes';
    if (target === 'electron') {
      if (!desktop || 'reason' in desktop) return testInfo.skip(true, desktop ? desktop.reason : 'no desktop app');
      const window = await desktop.app.firstWindow();
      await window.setViewportSize({ width: 1360, height: 900 });
      await window.evaluate(([key, value]) => (globalThis as unknown as { localStorage: PageStorage }).localStorage.setItem(key!, value!), [WELCOME_STORAGE_KEY, welcome]);
      // Each spec starts with a working engine, even after one that failed with the engine down (as below).
      type DesktopEngine = { lab: { engine: { status(): Promise<EngineStatus>; restart(): Promise<unknown> } } };
      const engineState = async () => (await window.evaluate(() => (globalThis as unknown as DesktopEngine).lab.engine.status())).state;
      if ((await engineState()) !== 'ready') await window.evaluate(() => (globalThis as unknown as DesktopEngine).lab.engine.restart());
      await expect.poll(engineState, 'the engine before the spec').toBe('ready');
      await stopRunsLeftTraining(engineRequest(target, window, server));
      await window.reload();
      return use(window);
    }
    // A fresh context has empty storage: a first run as it is; otherwise the guide is dismissed on every load.
    if (!firstRun) await page.addInitScript((key) => (globalThis as unknown as { localStorage: PageStorage }).localStorage.setItem(key, 'yes'), WELCOME_STORAGE_KEY);
    // Each spec starts with a working engine, even after one that failed with the engine down.
    if ((await requestOverWebSocket(server, 'engine.status')).state !== 'ready') await requestOverWebSocket(server, 'engine.restart');
    await expect.poll(async () => (await requestOverWebSocket(server, 'engine.status')).state, 'the engine before the spec').toBe('ready');
    await stopRunsLeftTraining(engineRequest(target, page, server));
    await page.goto(`${server.origin}/?${TOKEN_QUERY_PARAM}=${server.token}`);
    await use(page);
  },

  uiLocale: async ({ locale }, use) => use(pickLocale([locale ?? 'en'])),

  t: async ({ uiLocale }, use) => use(translator(uiLocale)),

  engine: async ({ target, page, server }, use) => {
    const status = target === 'electron'
      ? () => page.evaluate(() => (globalThis as unknown as { lab: { engine: { status(): Promise<EngineStatus> } } }).lab.engine.status())
      : () => requestOverWebSocket(server, 'engine.status');
    await use({
      status,
      request: engineRequest(target, page, server),
      async kill() {
        const { pid } = await status();
        if (!pid) throw new Error('the engine reports no process id');
        process.kill(pid, 'SIGKILL');
        return pid;
      },
    });
  },
});

export { expect, type Page };
