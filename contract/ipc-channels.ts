/**
 * The Electron IPC channel names: the one list main/electron (route-ipc.ts, start-engine-host.ts) and the
 * preload bridge (the renderer's IPC client) both use. Everything else between the page and the engine
 * goes over the MessagePort that `enginePort` delivers, as the contract's wire messages.
 * tests/ipc-channels.test.ts fails when a channel is used without being listed here, or listed and unused.
 */
import type { MethodName } from './methods.js';

/** Pushed by the main process to the page. */
export const ipcPushChannels = {
  /** A MessagePort straight to the engine's utilityProcess (on load, after each restart). */
  enginePort: 'lab:engine-port',
  /** The engine process's status (an `EngineStatus`), whenever it changes. */
  engineStatus: 'lab:engine-status',
} as const;

/** The methods the main process itself answers (it owns the engine process and the window), each on its own invoke channel. */
export const ipcInvokeChannels = {
  'engine.status': 'lab:engine.status',
  'engine.restart': 'lab:engine.restart',
  'window.setTheme': 'lab:window.setTheme',
} as const satisfies Partial<Record<MethodName, `lab:${MethodName}`>>;

export type IpcInvokeMethod = keyof typeof ipcInvokeChannels;

export function isIpcInvokeMethod(method: MethodName): method is IpcInvokeMethod {
  return Object.hasOwn(ipcInvokeChannels, method);
}

/** Every channel name, for the drift test. */
export const ipcChannelNames: readonly string[] = [...Object.values(ipcPushChannels), ...Object.values(ipcInvokeChannels)];
