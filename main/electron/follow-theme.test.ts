/**
 * The window's native theme follows the Settings choice: window.setTheme over IPC sets Electron's
 * nativeTheme.themeSource to the same word, from our own page only and only for a choice the contract
 * knows. Against a recording stand-in for the `electron` module (no Electron binary runs here).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  nativeTheme: { themeSource: 'system' as 'system' | 'light' | 'dark' },
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
}));

vi.mock('electron', () => ({
  nativeTheme: electron.nativeTheme,
  ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => electron.ipcHandlers.set(channel, handler) },
  app: { on: vi.fn(), getLocale: () => 'en' },
  BrowserWindow: class {},
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } },
  shell: { openExternal: vi.fn() },
}));

const { routeIpc } = await import('./route-ipc.js');
const { themeSourceOf } = await import('./follow-theme.js');
const { rendererEntryUrl } = await import('./create-main-window.js');
const { ipcInvokeChannels, themeChoices } = await import('../../contract/index.js');
import type { EngineHost } from './start-engine-host.js';

const fromApp = { senderFrame: { url: `${rendererEntryUrl}#settings` } };
const fromElsewhere = { senderFrame: { url: 'https://example.com/' } };

describe('the native theme follows Settings', () => {
  beforeEach(() => {
    electron.ipcHandlers.clear();
    electron.nativeTheme.themeSource = 'system';
    routeIpc({} as EngineHost);
  });
  const setTheme = (sender: unknown, params: unknown) => electron.ipcHandlers.get(ipcInvokeChannels['window.setTheme'])!(sender, params);

  it('maps each choice to the themeSource of the same name', () => {
    expect(themeChoices.map(themeSourceOf)).toEqual(['system', 'light', 'dark']);
  });

  it('dark, light, then system again, each from the page', () => {
    expect(setTheme(fromApp, { theme: 'dark' })).toEqual({ native: true });
    expect(electron.nativeTheme.themeSource).toBe('dark');
    setTheme(fromApp, { theme: 'light' });
    expect(electron.nativeTheme.themeSource).toBe('light');
    setTheme(fromApp, { theme: 'system' });
    expect(electron.nativeTheme.themeSource).toBe('system');
  });

  it('refuses another frame and a choice the contract does not know, changing nothing', () => {
    expect(() => setTheme(fromElsewhere, { theme: 'dark' })).toThrow(/IPC refused/);
    expect(() => setTheme(fromApp, { theme: 'sepia' })).toThrow();
    expect(() => setTheme(fromApp, {})).toThrow();
    expect(electron.nativeTheme.themeSource).toBe('system');
  });
});
