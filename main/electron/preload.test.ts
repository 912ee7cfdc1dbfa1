/**
 * The bridge against a stand-in `electron` module: it exposes exactly one key, `lab`; engine requests go
 * over the MessagePort the main process hands it, engine.* over invoke; responses and events are
 * validated before the page sees them; the engine's death fails what was in flight.
 */
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../contract/index.js';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  invoked: [] as Array<[string, unknown]>,
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value) },
  ipcRenderer: {
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => bridge.listeners.set(channel, listener),
    invoke: async (channel: string, params: unknown) => {
      bridge.invoked.push([channel, params]);
      return { state: 'ready', generation: 1 };
    },
  },
}));

await import('../../preload/index.js');
const lab = bridge.exposed.get('lab') as LabApi;

/** A stand-in for the page's end of the MessageChannel. */
function givePort() {
  const port = { sent: [] as Array<{ id: number; method: string }>, onmessage: null as null | ((m: { data: unknown }) => void), start: vi.fn(), close: vi.fn(), postMessage(message: { id: number; method: string }) { this.sent.push(message); } };
  bridge.listeners.get('lab:engine-port')!({ ports: [port] });
  return port;
}

describe('preload', () => {
  it('exposes one object, lab, and no ipcRenderer', () => {
    expect([...bridge.exposed.keys()]).toEqual(['lab']);
    expect(JSON.stringify(Object.keys(lab))).not.toMatch(/ipc/i);
  });

  it('queues requests until the port arrives, then resolves valid results and rejects invalid ones', async () => {
    const models = lab.models.list();
    const port = givePort();
    expect(port.sent.map((m) => m.method)).toEqual(['models.list']);
    port.onmessage!({ data: { id: port.sent[0]!.id, result: [] } });
    await expect(models).resolves.toEqual([]);

    const presets = lab.presets.list();
    port.onmessage!({ data: { id: port.sent[1]!.id, result: [{ name: 42 }] } });
    await expect(presets).rejects.toThrow(/presets\.list: invalid result/);
  });

  it('drops invalid events and passes valid ones', () => {
    const port = givePort();
    const seen: unknown[] = [];
    lab.on('training.error', (payload) => seen.push(payload));
    port.onmessage!({ data: { event: 'training.error', payload: { runId: 1 } } });
    port.onmessage!({ data: { event: 'training.error', payload: { runId: 'r', message: 'NaN' } } });
    expect(seen).toEqual([{ runId: 'r', message: 'NaN' }]);
  });

  it('asks the main process for engine.status, and fails requests in flight when the engine dies', async () => {
    await expect(lab.engine.status()).resolves.toEqual({ state: 'ready', generation: 1 });
    expect(bridge.invoked).toEqual([['lab:engine.status', {}]]);
    givePort();
    const pending = lab.runs.list();
    bridge.listeners.get('lab:engine-status')!({}, { state: 'crashed', generation: 1, message: 'exit 9' });
    await expect(pending).rejects.toThrow('the engine stopped');
  });
});
