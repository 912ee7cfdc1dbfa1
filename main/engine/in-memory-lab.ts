/**
 * A LabApi on the real EngineService in this process, for the renderer's store and view tests: the
 * requests and events go through the contract's validation (bindLabApi) exactly as over a WebSocket,
 * and the engine's run lifecycle is the real one. Only the backend is a stand-in (stand-in-backend.ts),
 * so the test decides when training emits, fails or ends.
 *
 * `holdNext(method)` keeps the next answer of that method back until the test releases it, so a test can
 * deliver the engine's events before the answer that announced them, as a bridge that adds a hop to
 * answers but not to events (Electron's context bridge) can.
 */
import { bindLabApi, type EngineStatus, type LabApi, type MethodName, type Response } from '../../contract/index.js';
import { EngineService } from './service.js';
import type { EngineBackend } from './ports.js';

export interface InMemoryLab {
  api: LabApi;
  service: EngineService;
  /** Every request sent, in order, with its params. */
  calls: Array<{ method: MethodName; params: unknown }>;
  callsOf(method: MethodName): unknown[];
  /** Holds back the next answer of `method`; the returned function lets it through. */
  holdNext(method: MethodName): () => Promise<void>;
}

export function createInMemoryLab(backend: EngineBackend): InMemoryLab {
  const listeners = new Set<(message: unknown) => void>();
  const calls: InMemoryLab['calls'] = [];
  const held = new Map<MethodName, Promise<void>>();
  const status: EngineStatus = { state: 'ready', generation: 1 };
  const service = new EngineService(backend, (event, payload) => {
    for (const listener of listeners) listener({ event, payload });
  });
  let nextId = 1;

  const api = bindLabApi({
    async call(method, params) {
      calls.push({ method, params });
      if (method === 'engine.status' || method === 'engine.restart') return status;
      const gate = held.get(method);
      held.delete(method);
      const response: Response = await service.handleMessage({ id: nextId++, method, params });
      if (gate) await gate;
      if ('error' in response) throw new Error(response.error.message);
      return response.result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });

  return {
    api,
    service,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.params),
    holdNext(method) {
      let release!: () => void;
      held.set(method, new Promise<void>((resolve) => (release = resolve)));
      return async () => {
        release();
        // Let the held answer reach its caller.
        for (let i = 0; i < 10; i++) await Promise.resolve();
      };
    },
  };
}
