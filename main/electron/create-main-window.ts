/** The app's one window, with Electron's secure defaults spelt out (each with its reason). */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { SYSTEM_LOCALE_QUERY_PARAM } from '../../contract/index.js';
import { appEntryUrl } from './serve-app-protocol.js';
import { WINDOW_MIN_SIZE, WINDOW_SIZE } from './window-size.js';

const outDir = join(import.meta.dirname, '..');
export const rendererDir = join(outDir, 'renderer');
/** The page the window shows, from the app:// origin (serve-app-protocol.ts), never file://. */
export const rendererEntryUrl = appEntryUrl;

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    ...WINDOW_SIZE,
    minWidth: WINDOW_MIN_SIZE.width,
    minHeight: WINDOW_MIN_SIZE.height,
    title: 'Backprop Lab',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      // The preload's world and the page's are separate: the page sees only window.lab.
      contextIsolation: true,
      // The renderer runs in Chromium's OS-level sandbox; the preload gets only the sandboxed Electron API.
      sandbox: true,
      // The page has no require/process: it cannot reach Node even if an injected script ran.
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      // Same-origin checks stay on, and nothing from http(s) runs inside the app's pages.
      webSecurity: true,
      allowRunningInsecureContent: false,
      // No <webview>: it would embed remote content.
      webviewTag: false,
      // Chromium's experimental features stay off: less attack surface.
      experimentalFeatures: false,
      // The chart stays live when the window is behind another one (training goes on anyway: it is in the engine).
      backgroundThrottling: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The system's language for the first run (the renderer reads it before navigator.languages; a
  // language chosen in Settings wins over both). After app 'ready', as app.getLocale() requires.
  const entry = new URL(rendererEntryUrl);
  entry.searchParams.set(SYSTEM_LOCALE_QUERY_PARAM, app.getLocale());
  void window.loadURL(entry.href);
  return window;
}
