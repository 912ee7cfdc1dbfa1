import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../contract/index.js';
import { createWebSocketLab, defaultSocketUrl, pageToken } from './websocket';

/** A stand-in WebSocket: records what is sent; the test opens, answers and closes it. */
class StandInSocket extends EventTarget {
  static made: StandInSocket[] = [];
  readyState = 0;
  sent: Array<{ id: number; method: string; params: unknown }> = [];
  constructor(readonly url: string) {
    super();
    StandInSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(message: unknown) {
    this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(message) }));
  }
  close(code: number) {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

const latest = () => StandInSocket.made[StandInSocket.made.length - 1]!;

function connect() {
  return createWebSocketLab({ url: 'ws://host/api?token=t', createSocket: (url) => new StandInSocket(url) as unknown as WebSocket, firstRetryDelayMs: 100, maxRetryDelayMs: 400 });
}

beforeEach(() => {
  StandInSocket.made = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('WebSocket LabApi', () => {
  it('queues requests until open, matches responses by id and validates them', async () => {
    const lab = connect();
    const status = lab.engine.status();
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ id: 1, method: 'engine.status', params: {} }]);
    latest().receive({ id: 1, result: { state: 'ready', generation: 3 } });
    await expect(status).resolves.toEqual({ state: 'ready', generation: 3 });

    const bad = lab.engine.status();
    latest().receive({ id: 2, result: { state: 'on fire', generation: 3 } });
    await expect(bad).rejects.toThrow(/engine\.status: invalid result/);

    const refused = lab.runs.pause('nope');
    latest().receive({ id: 3, error: { message: 'no run "nope"' } });
    await expect(refused).rejects.toThrow('no run "nope"');
  });

  it('delivers pushed events to subscribers of that event only', () => {
    const lab = connect();
    latest().open();
    const epochs: number[] = [];
    const statuses: string[] = [];
    lab.on('training.epoch', (p) => epochs.push(p.epoch));
    lab.on('engine.status', (p) => statuses.push(p.state));
    latest().receive({ event: 'training.epoch', payload: { runId: 'r', epoch: 2, epochs: 3, trainLoss: 1, trainAccuracy: 0.5, elapsedMs: 10 } });
    expect(epochs).toEqual([2]);
    expect(statuses).toEqual([]);
  });

  it('a lost connection rejects what was in flight, reports the engine down, reconnects and reports it back', async () => {
    const lab = connect();
    latest().open();
    const statuses: EngineStatus[] = [];
    lab.on('engine.status', (p) => statuses.push(p));
    const inFlight = lab.runs.list();
    latest().close(1006);
    await expect(inFlight).rejects.toThrow(/Lost the connection/);
    expect(statuses.map((s) => s.state)).toEqual(['crashed']);

    expect(StandInSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(StandInSocket.made).toHaveLength(2);
    latest().open();
    // Once back, the engine's own status is asked for and reported.
    expect(latest().sent).toEqual([{ id: 2, method: 'engine.status', params: {} }]);
    latest().receive({ id: 2, result: { state: 'ready', generation: 2 } });
    await vi.runOnlyPendingTimersAsync();
    expect(statuses.map((s) => s.state)).toEqual(['crashed', 'ready']);
  });

  it('retries with a doubling delay capped at the maximum', () => {
    connect();
    latest().close(1006);
    vi.advanceTimersByTime(100);
    latest().close(1006);
    vi.advanceTimersByTime(199);
    expect(StandInSocket.made).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(StandInSocket.made).toHaveLength(3);
    latest().close(1006);
    vi.advanceTimersByTime(400);
    latest().close(1006);
    vi.advanceTimersByTime(399);
    expect(StandInSocket.made).toHaveLength(4);
    vi.advanceTimersByTime(1);
    expect(StandInSocket.made).toHaveLength(5);
  });

  it('a refused token (4401) is final: no retry, requests fail with the reason', async () => {
    const lab = connect();
    const statuses: EngineStatus[] = [];
    lab.on('engine.status', (p) => statuses.push(p));
    const waiting = lab.models.list();
    latest().close(4401);
    await expect(waiting).rejects.toThrow(/token is missing or wrong/);
    vi.advanceTimersByTime(10_000);
    expect(StandInSocket.made).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ state: 'stopped' });
    await expect(lab.models.list()).rejects.toThrow(/token/);
  });
});

describe('page token', () => {
  it('takes the token from the URL and remembers it for reloads without it', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
    expect(pageToken({ search: '?token=abc123' } as Location, storage)).toBe('abc123');
    expect(pageToken({ search: '' } as Location, storage)).toBe('abc123');
  });

  it('builds ws:// or wss:// on the page host, path /api', () => {
    const storage = { getItem: () => 'k', setItem: () => undefined } as unknown as Storage;
    vi.stubGlobal('sessionStorage', storage);
    vi.stubGlobal('window', { sessionStorage: storage });
    expect(defaultSocketUrl({ protocol: 'https:', host: 'lab.example:8443', search: '' } as Location)).toBe('wss://lab.example:8443/api?token=k');
    expect(defaultSocketUrl({ protocol: 'http:', host: '127.0.0.1:5173', search: '?token=a b' } as Location)).toBe('ws://127.0.0.1:5173/api?token=a%20b');
    vi.unstubAllGlobals();
  });
});
