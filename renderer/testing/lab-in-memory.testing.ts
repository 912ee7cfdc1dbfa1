/**
 * Test support for the renderer's store and view tests: the real engine in memory. Requests go through
 * the contract (bindLabApi) to the real EngineSupervisor and EngineService, on a real backend over a
 * temporary data folder (run store, model library with the bundled models, settings.json, datasets;
 * MNIST is its first images, mnist-subset.testing.ts);
 * provider detection reports `standInProviders` (or the test's), and the engine's provider is the one
 * `auto` means in that report, so nothing loads or times the machine's real providers;
 * only training is left to the test (main/engine/driven-lifecycle.testing.ts): `emit` of a run's
 * iteration or epoch goes through the engine's own run lifecycle, which writes run.json and
 * metrics.jsonl and pushes the event. Each engine generation owns its runs as a process would, so
 * `crash()` leaves them `interrupted` for the next engine (`engine.restart`), read from run.json.
 *
 * `handle(method, fn)` replaces an answer: only for failures the engine cannot be made to produce here
 * (a spawn that fails, a refusal of a state no real run reaches). `holdNext(method)` keeps one answer
 * back until the test lets it through (a bridge that adds a hop to answers but not to events).
 * `settle()` waits until every request sent has been answered and the page has reacted (the engine
 * reads and writes real files, which a flush of promises alone does not wait for). Every lab is shut
 * down and its folder removed after each test.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { MODEL_FILE_EXTENSION, providerNames } from '@backprop-lab/core';
import {
  bindLabApi, LabError, type EventName, type EventPayload, type LabApi, type MethodName, type MethodParams, type MethodResult,
  type EngineStatus, type ProviderStatusRecord, type RunSummary,
} from '../../contract/index.js';
import { providerAutoMeans } from '../../main/engine/active-provider.js';
import { createBackend } from '../../main/engine/backend.js';
import { createDrivenLifecycle, type DrivenEnding, type DrivenRun } from '../../main/engine/driven-lifecycle.testing.js';
import { startInProcessEngine } from '../../main/engine/in-process.js';
import type { EngineBackend } from '../../main/engine/ports.js';
import { EngineSupervisor } from '../../main/engine/supervisor.js';
import { RunStore } from '../../main/store/run-store.js';
import { useMnistSubset } from './mnist-subset.testing';

type Handler<M extends MethodName> = (params: MethodParams<M>) => MethodResult<M> | Promise<MethodResult<M>>;
type DrivenEvent = 'training.iteration' | 'training.epoch';

export interface LabInMemoryOptions {
  /** What provider detection reports (default: `standInProviders`). */
  providers?: ProviderStatusRecord[];
  /**
   * Which of the app's bundled models (resources/models/<name>.bplab, the files themselves) the library
   * holds; default seed-mlp alone, the course's MLP, which answers in milliseconds where the CNNs take
   * most of a second on the kernels tests use.
   */
  bundled?: string[] | 'all';
}

/** The app's bundled models, as the engine reads them. */
const appModels = resolve(import.meta.dirname, '../../resources/models');

/**
 * What provider detection reports unless a test says otherwise: core's providers in its order, the two
 * in plain TypeScript (always there) available and the rest not. Real detection loads each provider
 * (seconds per test file) and, under happy-dom, takes the page's URL for where WASM files are; the
 * view tests check what the page does with a report, so the report is fixed.
 */
export const standInProviders: ProviderStatusRecord[] = providerNames.map((name) =>
  name === 'js' || name === 'reference' ? { name, available: true } : { name, available: false, reason: `${name} is not loaded in the renderer's tests` });

export interface LabInMemory {
  api: LabApi;
  /** The engine's data folder (a temporary one, removed after the test). */
  dataDir: string;
  /** Every request sent, in order, with its params. */
  calls: Array<{ method: MethodName; params: unknown }>;
  callsOf(method: MethodName): unknown[];
  /** The engine's answers to `method`, in the order they came (refusals left out). */
  answersOf<M extends MethodName>(method: M): Array<MethodResult<M>>;
  /** A run's loop, as the test drives it (a run started or resumed by this lab's engines). */
  training(runId: string): DrivenRun;
  /** A run's iteration or epoch, through the engine's run lifecycle; resolves once it is recorded and pushed. */
  emit<E extends DrivenEvent>(event: E, payload: EventPayload<E>): Promise<void>;
  /** A run started through the engine, trained for its epochs and finished with `ending` (a completed run and its model). */
  trainedRun(params?: MethodParams<'runs.start'>, ending?: Partial<DrivenEnding>): Promise<RunSummary>;
  /** Replaces one method's answer (only for failures the engine cannot be made to produce here). */
  handle<M extends MethodName>(method: M, handler: Handler<M>): void;
  /** Holds back the next answer of `method`; the returned function lets it through. */
  holdNext(method: MethodName): () => Promise<void>;
  /** The next `event` pushed never reaches the page (a host whose event was lost). */
  loseNext(event: EventName): void;
  /**
   * The engine process dies: requests fail, `engine.status` crashed is pushed, its runs lose their owner.
   * `lingers`: the dead process's id is still taken for a while (the run store sees the run's owner alive)
   * until `lingeringExits()`.
   */
  crash(options?: { reason?: string; lingers?: boolean }): void;
  /** The process a `crash({ lingers: true })` left is gone now. */
  lingeringExits(): void;
  /** The page's own connection reports a status (a WebSocket client that lost the server and found it again). */
  connectionSays(status: EngineStatus): void;
  /** Resolves once every request sent has been answered and the page has reacted. */
  settle(): Promise<void>;
}

const open = new Set<() => Promise<void>>();
/** One turn of the event loop, on the real timer even while a test fakes the timers (vi.useFakeTimers). */
const realSetImmediate = globalThis.setImmediate;
const nextTurn = () => new Promise<void>((resolve) => realSetImmediate(resolve));

afterEach(async () => {
  const closing = [...open];
  open.clear();
  await Promise.all(closing.map((close) => close()));
});

export async function createLabInMemory(options: LabInMemoryOptions = {}): Promise<LabInMemory> {
  await useMnistSubset();
  const dataDir = await mkdtemp(join(tmpdir(), 'backprop-lab-renderer-'));
  let bundledModelsDir = appModels;
  if (options.bundled !== 'all') {
    bundledModelsDir = join(dataDir, 'bundled-models');
    await mkdir(bundledModelsDir);
    for (const name of options.bundled ?? ['seed-mlp']) await copyFile(join(appModels, `${name}${MODEL_FILE_EXTENSION}`), join(bundledModelsDir, `${name}${MODEL_FILE_EXTENSION}`));
  }
  const real = await createBackend({ dataDir, bundledModelsDir });
  const providers = options.providers ?? standInProviders;
  real.detectProviders = async () => structuredClone(providers);
  // The engine's choice is the provider `auto` means in that report (settings.get's activeProvider: the
  // first available). Left at `auto`, every experiment and fine-tune would load and time this machine's
  // real providers, and under happy-dom tfjs-wasm fetches its .wasm from the page's URL: a real socket
  // to http://localhost:3000 (ECONNREFUSED in the output, or whatever a developer serves there).
  const autoMeans = providerAutoMeans(providers);
  if (autoMeans) await real.preferences.write({ provider: autoMeans });

  // Each engine generation owns the runs it starts as its process would: once it dies they are interrupted.
  const living = new Set<number>();
  let generationPid = 0;
  let current = { pid: 0, crash: (_reason?: string) => undefined as void };
  let lingering: number | undefined;
  let runs = new RunStore(dataDir);
  const lifecycle = createDrivenLifecycle({ dataDir, appVersion: real.version, models: real.runEnvironment!.models, runs: () => runs });
  const pageListeners = new Set<(message: unknown) => void>();
  const supervisor = new EngineSupervisor(() => {
    const pid = ++generationPid;
    living.add(pid);
    runs = new RunStore(dataDir, { pid, isAlive: (owner) => living.has(owner) });
    const backend: EngineBackend = { ...real, runs, startRun: lifecycle.startRun, resumeRun: lifecycle.resumeRun };
    const engine = startInProcessEngine(backend);
    current = { pid, crash: engine.crash };
    return engine;
  });
  supervisor.start();

  const calls: LabInMemory['calls'] = [];
  const answers: Array<{ method: MethodName; result: unknown }> = [];
  const overrides = new Map<MethodName, (params: unknown) => unknown>();
  const held = new Map<MethodName, Promise<void>>();
  const lost = new Set<EventName>();
  const pending = new Set<Promise<unknown>>();
  let nextId = 1;

  const answer = async (method: MethodName, params: unknown): Promise<unknown> => {
    const override = overrides.get(method);
    if (override) return structuredClone(await override(params));
    const gate = held.get(method);
    held.delete(method);
    const response = await supervisor.handle({ id: nextId++, method, params });
    if (gate) await gate;
    if ('error' in response) throw new LabError(response.error);
    return response.result;
  };

  const api = bindLabApi({
    call(method, params) {
      calls.push({ method, params });
      const answered = answer(method, params).then((result) => {
        answers.push({ method, result: structuredClone(result) });
        return result;
      });
      const tracked = answered.catch(() => undefined).finally(() => pending.delete(tracked));
      pending.add(tracked);
      return answered;
    },
    subscribe(listener) {
      pageListeners.add(listener);
      const unsubscribe = supervisor.subscribe((message) => {
        if (lost.delete(message.event as EventName)) return;
        listener(message);
      });
      return () => {
        pageListeners.delete(listener);
        unsubscribe();
      };
    },
  });

  const training = (runId: string) => {
    const found = [...lifecycle.trainings].reverse().find((t) => t.runId === runId);
    if (!found) throw new Error(`no run "${runId}" was started by this engine`);
    return found;
  };

  const lab: LabInMemory = {
    api,
    dataDir,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method).map((call) => call.params),
    answersOf: <M extends MethodName>(method: M) => answers.filter((a) => a.method === method).map((a) => a.result as MethodResult<M>),
    training,
    emit: (event, payload) => {
      if (event === 'training.iteration') return training(payload.runId).iterate(payload as EventPayload<'training.iteration'>);
      return training(payload.runId).epoch(payload as EventPayload<'training.epoch'>);
    },
    async trainedRun(params = { preset: 'seed-mlp', overrides: { epochs: 2 } }, ending = {}) {
      const started = await api.runs.start(params);
      const driven = training(started.id);
      for (let epoch = 1; epoch <= started.epochs; epoch++) {
        await driven.epoch({ epoch, epochs: started.epochs, trainLoss: 1 / epoch, trainAccuracy: 1 - 0.1 / epoch, elapsedMs: 1000 * epoch });
      }
      await driven.finish({ reason: 'completed', testAccuracy: 0.9, testLoss: 0.3, ...ending });
      return (await api.runs.list()).find((run) => run.id === started.id)!;
    },
    handle(method, handler) {
      overrides.set(method, handler as (params: unknown) => unknown);
    },
    holdNext(method) {
      let release!: () => void;
      held.set(method, new Promise<void>((resolve) => (release = resolve)));
      return async () => {
        release();
        await nextTurn();
      };
    },
    loseNext: (event) => void lost.add(event),
    crash({ reason = 'killed by SIGKILL', lingers = false } = {}) {
      if (lingers) lingering = current.pid;
      else living.delete(current.pid);
      current.crash(reason);
    },
    lingeringExits() {
      if (lingering === undefined) throw new Error('no crashed engine process lingers');
      living.delete(lingering);
      lingering = undefined;
    },
    connectionSays(status) {
      for (const listener of pageListeners) listener({ event: 'engine.status', payload: status });
    },
    async settle() {
      for (;;) {
        await nextTurn();
        if (pending.size === 0 && lifecycle.writing.size === 0) return;
        await Promise.all([...pending, ...lifecycle.writing]);
      }
    },
  };

  open.add(async () => {
    await supervisor.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return lab;
}
