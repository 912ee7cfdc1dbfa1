/**
 * The LabApi over the headless server's WebSocket (`ws(s)://<host>/api?token=…`), for the renderer in a
 * plain browser. Requests wait while the socket (re)connects; a lost connection rejects what was in
 * flight, is reported as an `engine.status` event and is retried with a growing delay (0.5 s doubling up
 * to 5 s); once back, the engine's real status is fetched and reported, which clears the banner. A
 * refused token (close code 4401) is final: retrying cannot fix it.
 */
import {
  bindLabApi, LabError, parseServerMessage, TOKEN_QUERY_PARAM, TOKEN_STORAGE_KEY, WS_CLOSE_UNAUTHORIZED, WS_PATH,
  type EngineStatus, type LabApi, type LabTransport, type MethodName, type Unsubscribe,
} from '../../contract/index.js';

export interface WebSocketLabOptions {
  /** Full WebSocket URL including the token; by default derived from the page's location. */
  url?: string;
  /** The WebSocket constructor (tests pass a stand-in). */
  createSocket?: (url: string) => WebSocket;
  firstRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** The token from the page URL (remembered for reloads in sessionStorage), else the remembered one. */
export function pageToken(location: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const fromUrl = new URLSearchParams(location.search).get(TOKEN_QUERY_PARAM);
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

export function defaultSocketUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = pageToken(location) ?? '';
  return `${scheme}://${location.host}${WS_PATH}?${TOKEN_QUERY_PARAM}=${encodeURIComponent(token)}`;
}

export function createWebSocketTransport(options: WebSocketLabOptions = {}): LabTransport {
  const url = options.url ?? defaultSocketUrl();
  const createSocket = options.createSocket ?? ((address: string) => new WebSocket(address));
  const firstRetryDelayMs = options.firstRetryDelayMs ?? 500;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;

  const listeners = new Set<(message: unknown) => void>();
  const pending = new Map<number, Pending>();
  let waitingForOpen: Array<() => void> = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryDelayMs = firstRetryDelayMs;
  let refused = false;
  let lostConnection = false;
  let generation = 0;

  const deliver = (message: unknown) => listeners.forEach((listener) => listener(message));
  const reportStatus = (status: EngineStatus) => deliver({ event: 'engine.status', payload: status });

  function connect() {
    const current = createSocket(url);
    socket = current;
    current.addEventListener('open', () => {
      retryDelayMs = firstRetryDelayMs;
      const waiting = waitingForOpen;
      waitingForOpen = [];
      waiting.forEach((send) => send());
      if (lostConnection) {
        lostConnection = false;
        void transport.call('engine.status', {}).then(
          (status) => reportStatus(status as EngineStatus),
          () => undefined,
        );
      }
    });
    current.addEventListener('message', (event: MessageEvent) => onMessage(event.data));
    current.addEventListener('close', (event: CloseEvent) => onClose(event.code));
  }

  function onMessage(data: unknown) {
    let message;
    try {
      message = parseServerMessage(data);
    } catch (error) {
      console.warn('lab: dropped an invalid message:', error instanceof Error ? error.message : error);
      return;
    }
    if ('event' in message) {
      if (message.event === 'engine.status') generation = (message.payload as EngineStatus).generation;
      deliver(message);
      return;
    }
    if (message.id === null && 'error' in message) {
      console.warn('lab: the server rejected a message:', message.error.message);
      return;
    }
    const waiter = typeof message.id === 'number' ? pending.get(message.id) : undefined;
    if (!waiter) return;
    pending.delete(message.id as number);
    if ('error' in message) waiter.reject(new LabError(message.error));
    else waiter.resolve(message.result);
  }

  function onClose(code: number) {
    socket = null;
    refused = code === WS_CLOSE_UNAUTHORIZED;
    const reason = refused
      ? 'The server refused this page: its token is missing or wrong. Open the address printed by `backprop-lab serve`.'
      : 'Lost the connection to the Backprop Lab server; reconnecting…';
    for (const waiter of pending.values()) waiter.reject(new Error(reason));
    pending.clear();
    if (refused) {
      const waiting = waitingForOpen;
      waitingForOpen = [];
      waiting.forEach((send) => send());
    }
    lostConnection = true;
    reportStatus({ state: refused ? 'stopped' : 'crashed', message: reason, generation });
    if (!refused) {
      setTimeout(connect, retryDelayMs);
      retryDelayMs = Math.min(maxRetryDelayMs, retryDelayMs * 2);
    }
  }

  const transport: LabTransport = {
    call(method: MethodName, params: unknown): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const send = () => {
          if (refused || !socket || socket.readyState !== 1) {
            reject(new Error(refused ? 'The server refused this page: its token is missing or wrong.' : 'Not connected to the Backprop Lab server.'));
            return;
          }
          const id = nextId++;
          pending.set(id, { resolve, reject });
          socket.send(JSON.stringify({ id, method, params }));
        };
        if (socket && socket.readyState === 1) send();
        else if (refused) send();
        else waitingForOpen.push(send);
      });
    },
    subscribe(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  connect();
  return transport;
}

export function createWebSocketLab(options: WebSocketLabOptions = {}): LabApi {
  return bindLabApi(createWebSocketTransport(options));
}
