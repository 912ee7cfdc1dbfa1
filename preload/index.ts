/**
 * The bridge: exposes one typed object, `window.lab` (a LabApi), and nothing else — never ipcRenderer.
 * Engine requests go over the MessagePort the main process hands this page (straight to the engine's
 * utilityProcess); engine.status/restart go to the main process. Every response and event is validated
 * against the contract here, at the receiving end, before the page sees it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { bindLabApi, ipcInvokeChannels, ipcPushChannels, isIpcInvokeMethod, parseServerMessage, type LabTransport, type MethodName, type Response } from '../contract/index.js';

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/** The page's end of the channel to the engine (a DOM MessagePort). */
let port: Electron.IpcRendererEvent['ports'][number] | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
const queued: object[] = [];
const listeners = new Set<(message: unknown) => void>();

function deliver(message: unknown): void {
  let parsed;
  try {
    parsed = parseServerMessage(message);
  } catch (error) {
    console.warn('lab: dropped an invalid message from the engine:', (error as Error).message);
    return;
  }
  if ('event' in parsed) {
    for (const listener of listeners) listener(parsed);
    return;
  }
  settle(parsed);
}

function settle(response: Response): void {
  if (response.id === null && 'error' in response) {
    console.warn('lab: the engine rejected a message:', response.error.message);
    return;
  }
  const entry = typeof response.id === 'number' ? pending.get(response.id) : undefined;
  if (!entry) return;
  pending.delete(response.id as number);
  // A plain object, not an Error: the contextBridge copies only an Error's message, and the renderer
  // needs the code, params and layer index (renderer/stores/errors.ts reads either form).
  if ('error' in response) entry.reject({ name: 'LabError', ...response.error });
  else entry.resolve(response.result);
}

function failPending(message: string): void {
  for (const [id, entry] of pending) {
    pending.delete(id);
    entry.reject(new Error(message));
  }
}

ipcRenderer.on(ipcPushChannels.enginePort, (event) => {
  const given = event.ports[0];
  if (!given) return;
  port?.close();
  port = given;
  port.onmessage = (message: { data: unknown }) => deliver(message.data);
  port.start();
  for (const message of queued.splice(0)) port.postMessage(message);
});

ipcRenderer.on(ipcPushChannels.engineStatus, (_event, status: unknown) => {
  deliver({ event: 'engine.status', payload: status });
  const state = (status as { state?: unknown } | null)?.state;
  if (state !== 'ready') {
    port?.close();
    port = null;
    failPending('the engine stopped');
  }
});

const transport: LabTransport = {
  call(method: MethodName, params: unknown): Promise<unknown> {
    if (isIpcInvokeMethod(method)) return ipcRenderer.invoke(ipcInvokeChannels[method], params);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      const message = { id, method, params };
      if (port) port.postMessage(message);
      else queued.push(message);
    });
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('lab', bindLabApi(transport));
