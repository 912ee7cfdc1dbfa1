/**
 * The Electron main-process modules against a recording stand-in for the `electron` module (no
 * Electron binary runs here): the window's secure webPreferences, navigation and window-opening
 * refused, IPC from a foreign frame refused, and the engine host's crash → status → restart path.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; loaded?: string }>,
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  forks: [] as Array<{ entry: string; args: string[]; pid: number; exit?: (code: number) => void; posted: unknown[]; killed: boolean }>,
  opened: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { on: vi.fn(), send: vi.fn(), postMessage: vi.fn(), session: { on: vi.fn() } };
    constructor(options: Record<string, unknown>) {
      recorded.windows.push({ options });
    }
    once() {}
    loadURL(url: string) {
      recorded.windows[recorded.windows.length - 1]!.loaded = url;
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    app: { on: (event: string, handler: (...args: unknown[]) => void) => recorded.appHandlers.set(event, handler), getLocale: () => 'zh-CN' },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } },
    shell: { openExternal: (url: string) => void recorded.opened.push(url) },
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => recorded.ipcHandlers.set(channel, handler) },
    MessageChannelMain: class {
      port1 = { name: 'port1' };
      port2 = { name: 'port2' };
    },
    utilityProcess: {
      fork(entry: string, args: string[]) {
        const child = { entry, args, pid: 1000 + recorded.forks.length, posted: [] as unknown[], killed: false, exit: undefined as ((code: number) => void) | undefined };
        recorded.forks.push(child);
        return {
          pid: child.pid,
          once: (_event: string, handler: (code: number) => void) => void (child.exit = handler),
          postMessage: (message: unknown) => void child.posted.push(message),
          kill: () => void (child.killed = true),
        };
      },
    },
  };
});
vi.mock('../engine/utility-entry?modulePath', () => ({ default: '/app/out/main/chunks/utility-entry.js' }));

const { createMainWindow, rendererEntryUrl } = await import('./create-main-window.js');
const { restrictNavigation } = await import('./restrict-navigation.js');
const { routeIpc } = await import('./route-ipc.js');
const { startEngineHost } = await import('./start-engine-host.js');
const { ipcInvokeChannels, ipcPushChannels } = await import('../../contract/index.js');
const ENGINE_STATUS_REQUEST = ipcInvokeChannels['engine.status'];
const ENGINE_RESTART_REQUEST = ipcInvokeChannels['engine.restart'];
const ENGINE_STATUS_CHANNEL = ipcPushChannels.engineStatus;
const ENGINE_PORT_CHANNEL = ipcPushChannels.enginePort;

beforeEach(() => {
  recorded.windows.length = 0;
  recorded.forks.length = 0;
  recorded.opened.length = 0;
});

describe('createMainWindow', () => {
  it('turns on isolation and the sandbox, turns off Node, webviews and insecure content, and loads the bundled page', () => {
    createMainWindow();
    const { options, loaded } = recorded.windows[0]!;
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
    });
    expect(String((options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    // The app:// origin, with the system's language for the page's first run.
    expect(loaded).toBe('app://bundle/index.html?systemLocale=zh-CN');
  });
});

describe('restrictNavigation', () => {
  it('keeps every page on the app, opens allow-listed https links in the browser and no window at all', () => {
    restrictNavigation(() => rendererEntryUrl);
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = { on: (event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener), setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h) };
    recorded.appHandlers.get('web-contents-created')!({}, contents);

    const navigate = (url: string) => {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      listeners.get('will-navigate')!(event, url);
      return event.prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${rendererEntryUrl}#train`)).toBe(false);
    expect(openHandler!({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://github.com/onnx/onnx' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://user:pw@github.com/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://github.com.evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'http://pytorch.org/' })).toEqual({ action: 'deny' });
    expect(recorded.opened).toEqual(['https://github.com/onnx/onnx']);
  });
});

describe('the engine host and its IPC', () => {
  it('reports a crash to the page, refuses IPC from other frames, validates params, and restarts on request', async () => {
    const page = { send: vi.fn(), postMessage: vi.fn() };
    const host = startEngineHost({ dataDir: '/data', pages: () => [page as never] });
    expect(recorded.forks[0]).toMatchObject({ entry: '/app/out/main/chunks/utility-entry.js', args: ['--data-dir', '/data'] });
    // Every open page gets its own port to the new engine.
    expect(recorded.forks[0]!.posted).toEqual([{ type: 'connect' }]);
    expect(page.postMessage).toHaveBeenCalledWith(ENGINE_PORT_CHANNEL, null, [{ name: 'port2' }]);

    recorded.forks[0]!.exit!(9);
    expect(host.status()).toMatchObject({ state: 'crashed', message: 'the engine stopped (exit code 9)' });
    expect(page.send).toHaveBeenLastCalledWith(ENGINE_STATUS_CHANNEL, host.status());

    routeIpc(host);
    const fromApp = { senderFrame: { url: `${rendererEntryUrl}#draw` } };
    const fromElsewhere = { senderFrame: { url: 'https://example.com/' } };
    expect(() => recorded.ipcHandlers.get(ENGINE_RESTART_REQUEST)!(fromElsewhere, {})).toThrow(/IPC refused/);
    expect(() => recorded.ipcHandlers.get(ENGINE_STATUS_REQUEST)!(fromApp, { extra: 1 })).toThrow();
    expect(recorded.forks).toHaveLength(1);

    const restarted = recorded.ipcHandlers.get(ENGINE_RESTART_REQUEST)!(fromApp, {});
    expect(restarted).toMatchObject({ state: 'ready', pid: 1001, generation: 2 });
    expect(recorded.forks).toHaveLength(2);
    expect(page.send).toHaveBeenLastCalledWith(ENGINE_STATUS_CHANNEL, restarted);
    expect(recorded.forks[1]!.posted).toEqual([{ type: 'connect' }]);
  });
});
