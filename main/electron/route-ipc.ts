/**
 * The only IPC the main process answers: engine.status and engine.restart (the engine itself answers
 * everything else over its MessagePort). Each message's sender must be our own page; params are
 * validated against the contract before use.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { methods } from '../../contract/index.js';
import { rendererEntryUrl } from './create-main-window.js';
import type { EngineHost } from './start-engine-host.js';

export const ENGINE_STATUS_REQUEST = 'lab:engine.status';
export const ENGINE_RESTART_REQUEST = 'lab:engine.restart';

function assertTrustedSender(event: IpcMainInvokeEvent): void {
  const url = event.senderFrame?.url ?? '';
  if (url.split('#')[0] !== rendererEntryUrl) throw new Error(`IPC refused from ${url || 'an unknown frame'}`);
}

export function routeIpc(engine: EngineHost): void {
  ipcMain.handle(ENGINE_STATUS_REQUEST, (event, params: unknown) => {
    assertTrustedSender(event);
    methods['engine.status'].params.parse(params ?? {});
    return engine.status();
  });
  ipcMain.handle(ENGINE_RESTART_REQUEST, (event, params: unknown) => {
    assertTrustedSender(event);
    methods['engine.restart'].params.parse(params ?? {});
    return engine.restart();
  });
}
