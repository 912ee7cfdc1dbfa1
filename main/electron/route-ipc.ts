/**
 * The only IPC the main process answers: engine.status and engine.restart, and window.setTheme (the
 * window's native theme, follow-theme.ts); the engine itself answers everything else over its MessagePort. Each message's sender must be our own page; params are
 * validated against the contract before use.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcInvokeChannels, methods } from '../../contract/index.js';
import { rendererEntryUrl } from './create-main-window.js';
import type { EngineHost } from './start-engine-host.js';
import { followTheme } from './follow-theme.js';

function assertTrustedSender(event: IpcMainInvokeEvent): void {
  const url = event.senderFrame?.url ?? '';
  if (url.split('#')[0] !== rendererEntryUrl) throw new Error(`IPC refused from ${url || 'an unknown frame'}`);
}

export function routeIpc(engine: EngineHost): void {
  ipcMain.handle(ipcInvokeChannels['engine.status'], (event, params: unknown) => {
    assertTrustedSender(event);
    methods['engine.status'].params.parse(params ?? {});
    return engine.status();
  });
  ipcMain.handle(ipcInvokeChannels['engine.restart'], (event, params: unknown) => {
    assertTrustedSender(event);
    methods['engine.restart'].params.parse(params ?? {});
    return engine.restart();
  });
  ipcMain.handle(ipcInvokeChannels['window.setTheme'], (event, params: unknown) => {
    assertTrustedSender(event);
    const { theme } = methods['window.setTheme'].params.parse(params);
    followTheme(theme);
    return { native: true };
  });
}
