/**
 * An in-memory LabApi for component tests: canned presets, models, runs and settings; every call is
 * recorded; events are pushed by the test with `emit`; any method can be replaced or made to fail.
 * It goes through bindLabApi, so results and events are validated against the contract as in the app.
 * Like the engine it keeps the iteration and epoch points emitted for a run (returned by `runs.get`), and
 * it can crash: `crash()` leaves every running or paused run `interrupted` and fails engine requests
 * until `engine.restart` (or `recover()`, a reconnect) brings it back; `runs.resume` then continues an
 * interrupted run, announcing it with `training.status` as the engine does.
 */
import {
  FRESH_START, MNIST_WHOLE, ONE_THREAD,
  bindLabApi, type EventName, type EventPayload, type LabApi, type MethodName, type MethodParams, type MethodResult,
  type EngineStatus, type EpochPoint, type IterationPoint, type ModelInfo, type Preset, type RunSummary, type Settings,
  type SkippedModelFile,
} from '../../contract/index.js';
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import { presets } from '@backprop-lab/core';
import { fakeExperimentHandlers } from './fake-experiments.js';
import { fakeHandwritingHandlers } from './fake-handwriting.js';

type Handler<M extends MethodName> = (params: MethodParams<M>) => MethodResult<M> | Promise<MethodResult<M>>;
type Handlers = { [M in MethodName]: Handler<M> };

export interface FakeLab {
  api: LabApi;
  /** Every call in order, with its params. */
  calls: Array<{ method: MethodName; params: unknown }>;
  /** Pushes an event to every subscriber, as the engine would. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Replace a method's behaviour (e.g. to make it fail). */
  handle<M extends MethodName>(method: M, handler: Handler<M>): void;
  callsOf(method: MethodName): unknown[];
  /** The engine dies: running and paused runs become `interrupted`, `engine.status` crashed is pushed. */
  crash(message?: string): void;
  /**
   * The engine answers again (a reconnect, or a restart with `newGeneration`); `engine.status` ready is
   * pushed unless `push` is false (a host whose event was lost: only a restart's answer tells).
   */
  recover(options?: { newGeneration?: boolean; push?: boolean }): EngineStatus;
}

/** The preset the fake offers: core's own seed-mlp, so the fake cannot drift from the real one. */
export const seedMlpSpec: ModelSpec = presets['seed-mlp'].modelSpec;
export const seedMlpTrainSpec: TrainSpec = presets['seed-mlp'].trainSpec;
/** The description parts of a run on the whole MNIST from fresh weights, as the engine's runs.get gives them. */
export const MNIST_FRESH_ONE_THREAD = { dataset: MNIST_WHOLE, start: FRESH_START, executor: ONE_THREAD };

const time = '2026-01-01T10:00:00.000Z';

export function fakeRun(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'run-1', name: 'seed-mlp', preset: 'seed-mlp', status: 'running', createdAt: time, updatedAt: time,
    epochsDone: 0, epochs: 2, durationMs: 0, ...overrides,
  };
}

function lastOfEach<T>(points: T[], keyOf: (point: T) => number): T[] {
  const byKey = new Map<number, T>();
  for (const point of points) byKey.set(keyOf(point), point);
  return [...byKey.entries()].sort((a, b) => a[0] - b[0]).map(([, point]) => point);
}

export function createFakeLab(): FakeLab {
  const listeners = new Set<(message: unknown) => void>();
  const calls: FakeLab['calls'] = [];
  const models: ModelInfo[] = [
    { id: 'bundled/seed-mlp', name: 'seed-mlp', source: 'bundled', modelSpec: seedMlpSpec, testAccuracy: 0.9751 },
    { id: 'user/run-0', name: 'my model', source: 'user', modelSpec: seedMlpSpec, testAccuracy: 0.9, runId: 'run-0', createdAt: time },
  ];
  /** Files the library could not read (none unless a test hands one in through `handle`). */
  const skipped: SkippedModelFile[] = [];
  const presets: Preset[] = [
    { name: 'seed-mlp', description: '784 → 64 sigmoid → 16 tanh → 10', modelSpec: seedMlpSpec, trainSpec: seedMlpTrainSpec },
  ];
  let runs: RunSummary[] = [fakeRun({ id: 'run-0', status: 'completed', epochsDone: 2, durationMs: 61_000, testAccuracy: 0.9, modelId: 'user/run-0' })];
  const settings: Settings = {
    providers: [
      { name: 'reference', available: true },
      { name: 'wasm', available: true, detail: 'SIMD' },
      { name: 'tfjs-node', available: false, reason: 'package @tensorflow/tfjs-node is not installed' },
      { name: 'tfjs-node-gpu', available: false, reason: 'package @tensorflow/tfjs-node-gpu is not installed' },
    ],
    provider: 'auto', activeProvider: 'wasm', cudaAvailable: false,
    cudaReason: 'package @tensorflow/tfjs-node-gpu is not installed', dataDir: '/home/user/.backprop-lab', version: '0.1.0',
  };

  /** Points emitted per run, as the engine's metrics file keeps them. */
  const metrics = new Map<string, { iterations: IterationPoint[]; epochPoints: EpochPoint[] }>();
  const metricsOf = (runId: string) => {
    if (!metrics.has(runId)) metrics.set(runId, { iterations: [], epochPoints: [] });
    return metrics.get(runId)!;
  };
  let engine: EngineStatus = { state: 'ready', pid: 4242, generation: 1 };
  const engineMethods = new Set<MethodName>(['engine.status', 'engine.restart', 'window.setTheme']);

  const runById = (id: string) => {
    const run = runs.find((r) => r.id === id);
    if (!run) throw new Error(`no run "${id}"`);
    return run;
  };
  const setStatus = (id: string, status: RunSummary['status']) => {
    runs = runs.map((r) => (r.id === id ? { ...r, status } : r));
    return runById(id);
  };

  const handlers: Handlers = {
    'models.list': () => models,
    'models.skipped': () => skipped,
    'models.get': ({ id }) => {
      const model = models.find((m) => m.id === id);
      if (!model) throw new Error(`no model "${id}"`);
      // seed-mlp: 784·64 + 64 = 50,240; 64·16 + 16 = 1,040; 16·10 + 10 = 170.
      const summary = [
        { index: 0, type: 'dense', outputShape: [64], paramCount: 50_240 },
        { index: 1, type: 'dense', outputShape: [16], paramCount: 1_040 },
        { index: 2, type: 'dense', outputShape: [10], paramCount: 170 },
      ];
      return { ...model, summary, totalParams: 51_450 };
    },
    'models.delete': ({ id }) => {
      models.splice(models.findIndex((m) => m.id === id), 1);
      return { ok: true };
    },
    'models.export': ({ id, format }) => ({ fileName: `${id.replace('/', '-')}.${format === 'native' ? 'bplab' : format}`, base64: 'AAEC', byteLength: 3 }),
    'models.import': ({ fileName }) => {
      const stem = fileName.replace(/\.[^.]*$/, '');
      if (!fileName.endsWith('.onnx')) throw new Error(`${fileName}: cannot tell the format from the name`);
      const model = { ...models[0]!, id: `user:${stem}`, name: stem, source: 'user' as const, testAccuracy: undefined };
      models.push(model);
      return model;
    },
    // A stand-in classifier: the class is the number of inked pixels modulo 10.
    'predict': ({ modelId, input }) => {
      const inked = input.filter((v) => v > 0.5).length;
      const digit = inked % 10;
      const probabilities = Array.from({ length: 10 }, (_, i) => (i === digit ? 0.91 : 0.01));
      return { probabilities, digit, modelId };
    },
    'presets.list': () => presets,
    'runs.list': () => runs,
    // Like the engine: the last point of each step and of each epoch, in order (a resumed run replays some).
    'runs.get': ({ id }) => ({
      ...runById(id), modelSpec: seedMlpSpec, trainSpec: seedMlpTrainSpec, ...MNIST_FRESH_ONE_THREAD,
      iterations: lastOfEach(metricsOf(id).iterations, (p) => p.step),
      epochPoints: lastOfEach(metricsOf(id).epochPoints, (p) => p.epoch),
    }),
    'runs.start': (params) => {
      const run = fakeRun({ id: `run-${runs.length + 1}`, name: params.name ?? params.preset ?? 'custom', preset: params.preset, epochs: params.overrides?.epochs ?? params.trainSpec?.epochs ?? 2 });
      runs = [...runs, run];
      return run;
    },
    'runs.pause': ({ id }) => setStatus(id, 'paused'),
    'runs.resume': ({ id }) => {
      const resumed = setStatus(id, 'running');
      emit('training.status', { run: resumed });
      return resumed;
    },
    'runs.stop': ({ id }) => setStatus(id, 'stopped'),
    'runs.delete': ({ id }) => {
      runs = runs.filter((r) => r.id !== id);
      return { ok: true };
    },
    'runs.rename': ({ id, name }) => {
      runs = runs.map((r) => (r.id === id ? { ...r, name } : r));
      return runById(id);
    },
    'runs.checkpoints': ({ id }) => (runById(id), []),
    'datasets.list': () => [],
    'models.fitting': () => models.map((m) => ({ modelId: m.id })),
    'settings.get': () => settings,
    'settings.setProvider': ({ provider }) => Object.assign(settings, { provider }),
    'engine.status': () => engine,
    'engine.restart': () => recover({ newGeneration: true }),
    'window.setTheme': () => ({ native: false }),
    ...fakeExperimentHandlers(emit),
    ...fakeHandwritingHandlers(),
  };

  function emit<E extends EventName>(event: E, payload: EventPayload<E>) {
    if (event === 'training.iteration') {
      const { runId, iterationsPerEpoch: _perEpoch, ...point } = payload as EventPayload<'training.iteration'>;
      metricsOf(runId).iterations.push(point);
    } else if (event === 'training.epoch') {
      const { runId, epochs: _epochs, ...point } = payload as EventPayload<'training.epoch'>;
      metricsOf(runId).epochPoints.push(point);
    }
    listeners.forEach((listener) => listener({ event, payload }));
  }

  function crash(message = 'the engine stopped: killed by SIGKILL') {
    runs = runs.map((r) => (r.status === 'running' || r.status === 'paused' ? { ...r, status: 'interrupted' } : r));
    engine = { state: 'crashed', generation: engine.generation, message };
    emit('engine.status', engine);
  }

  function recover(options: { newGeneration?: boolean; push?: boolean } = {}): EngineStatus {
    engine = options.newGeneration
      ? { state: 'ready', pid: (engine.pid ?? 4242) + 1, generation: engine.generation + 1 }
      : { state: 'ready', pid: engine.pid ?? 4242, generation: engine.generation };
    if (options.push !== false) emit('engine.status', engine);
    return engine;
  }

  const api = bindLabApi({
    async call(method, params) {
      calls.push({ method, params });
      if (engine.state !== 'ready' && !engineMethods.has(method)) throw new Error(`the engine is not running (${engine.message ?? engine.state}); restart it`);
      const handler = handlers[method] as (params: unknown) => unknown;
      return structuredClone(await handler(params));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });

  return {
    api,
    calls,
    emit,
    handle(method, handler) {
      (handlers as Record<MethodName, unknown>)[method] = handler;
    },
    callsOf(method) {
      return calls.filter((call) => call.method === method).map((call) => call.params);
    },
    crash,
    recover,
  };
}
