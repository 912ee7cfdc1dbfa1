/**
 * Runs the specs in e2e/specs/ in order, in one app per project: project `browser` against
 * `backprop-lab serve` in Debian's Chromium, project `electron` through `_electron.launch` when an
 * Electron binary can start (under xvfb-run when there is no display). Prints one line per spec and
 * returns the exit status (0 when every spec that ran passed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, _electron, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { parseResult, type EngineStatus } from '../contract/index.js';
import { hasDisplay, locateElectron } from '../main/electron/locate-binary.mjs';
import { screenshotPath, type ProjectName, type Spec, type SpecContext } from './context.js';
import { repositoryRoot, startServe, type ServeProcess } from './serve.js';
import { specs } from './specs/index.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumFlags = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** One request to the engine over the server's WebSocket, from outside the page. */
export async function requestOverWebSocket(serve: ServeProcess, method: 'engine.status'): Promise<EngineStatus> {
  const socket = new WebSocket(`${serve.origin.replace(/^http/, 'ws')}/api?token=${serve.token}`);
  try {
    return await new Promise<EngineStatus>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ id: 1, method, params: {} })));
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

async function runSpecs(project: ProjectName, page: Page, context: Omit<SpecContext, 'page' | 'project'>): Promise<number> {
  let failures = 0;
  for (const spec of specs.filter((s: Spec) => !s.projects || s.projects.includes(project))) {
    const started = Date.now();
    try {
      await spec.run({ ...context, project, page });
      console.log(`  ✓ [${project}] ${spec.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failures += 1;
      console.log(`  ✗ [${project}] ${spec.name}: ${(error as Error).message}`);
      await page.screenshot({ path: join(context.downloadsDir, `failed-${spec.name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    }
  }
  return failures;
}

async function runBrowserProject(): Promise<number> {
  if (!existsSync(chromiumPath)) {
    console.log(`project browser: ${chromiumPath} not found (install Debian's chromium: apt-get install -y chromium)`);
    return 1;
  }
  if (!existsSync(join(repositoryRoot, 'out', 'renderer', 'index.html'))) {
    console.log('project browser: no built renderer in out/renderer (run `npm run build:renderer`)');
    return 1;
  }
  const serve = await startServe();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: false, args: chromiumFlags });
    const downloadsDir = mkdtempSync(join(tmpdir(), 'backprop-lab-downloads-'));
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    await page.goto(serve.url);
    console.log(`project browser: ${serve.origin} in ${chromiumPath}`);
    return await runSpecs('browser', page, {
      serve,
      downloadsDir,
      engineStatus: () => requestOverWebSocket(serve, 'engine.status'),
      async killEngine() {
        const { pid } = await requestOverWebSocket(serve, 'engine.status');
        if (!pid) throw new Error('the engine reports no process id');
        process.kill(pid, 'SIGKILL');
        return pid;
      },
      screenshot: async (name) => void (await page.screenshot({ path: screenshotPath('browser', name) })),
    });
  } finally {
    await browser?.close();
    await serve.stop();
  }
}

async function runElectronProject(binary: string): Promise<number> {
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('project electron: `npm run build` failed');
    return 1;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'backprop-lab-electron-'));
  // Chromium refuses to start as root with its sandbox on (CI containers run as root).
  const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({ executablePath: binary, args: [...sandboxArgs, repositoryRoot], env: { ...process.env, BACKPROP_LAB_DATA_DIR: dataDir } as Record<string, string> });
  try {
    const page = await app.firstWindow();
    await page.setViewportSize({ width: 1360, height: 900 });
    const status = () => page.evaluate(() => (globalThis as unknown as { lab: { engine: { status(): Promise<EngineStatus> } } }).lab.engine.status());
    return await runSpecs('electron', page, {
      downloadsDir: dataDir,
      engineStatus: status,
      async killEngine() {
        const { pid } = await status();
        if (!pid) throw new Error('the engine reports no process id');
        process.kill(pid, 'SIGKILL');
        return pid;
      },
      screenshot: async (name) => void (await page.screenshot({ path: screenshotPath('electron', name) })),
    });
  } finally {
    await app.close();
  }
}

function hasXvfbRun(): boolean {
  return spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
}

export async function runProjects(argv: string[]): Promise<number> {
  const only = argv.find((arg) => arg.startsWith('--project='))?.slice('--project='.length) as ProjectName | undefined;
  let failures = 0;
  if (!only || only === 'browser') failures += await runBrowserProject();
  if (!only || only === 'electron') {
    const electron = locateElectron();
    if (!electron.binary) {
      console.log(`project electron: skipped, Electron is not available (${electron.reason})`);
    } else if (hasDisplay()) {
      failures += await runElectronProject(electron.binary);
    } else if (hasXvfbRun()) {
      const rerun = spawnSync('xvfb-run', ['-a', process.execPath, join(repositoryRoot, 'e2e', 'run.mjs'), '--project=electron'], { cwd: repositoryRoot, stdio: 'inherit' });
      failures += rerun.status === 0 ? 0 : 1;
    } else {
      console.log('project electron: skipped, there is no display and xvfb-run is not installed');
    }
  }
  console.log(failures === 0 ? 'e2e: all specs passed' : `e2e: ${failures} spec(s) failed`);
  return failures === 0 ? 0 : 1;
}
