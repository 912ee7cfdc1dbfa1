/**
 * The engine service: answers every contract method except `engine.*` (those belong to the host that
 * owns the engine process) and pushes training events. It keeps no state that matters across a crash:
 * runs live in the run store, which reports a run whose training process died as `interrupted`.
 */
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import { providerNames } from '@backprop-lab/core';
import type { TrainingCheckpoint } from '@backprop-lab/core';
import {
  errorBodyOf, errorResponse, parseRequest, rejectionOf, type EventName, type EventPayload, type MethodName,
  type IterationPoint, type MethodParams, type MethodResult, type Response, type RunDetail, type RunSummary, type Settings,
} from '../../contract/index.js';
import type { EngineBackend, Preferences, StoredRun, TrainingHandle } from './ports.js';
import { ExperimentJobs } from './experiment-jobs.js';
import { interopHandlers } from './interop-handlers.js';
import { HandwritingService } from './handwriting.js';
import { runHistoryHandlers } from './run-history-handlers.js';
import { loadMnist } from '../datasets/mnist.js';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

type Handlers = { [M in MethodName]?: (params: MethodParams<M>) => Promise<MethodResult<M>> };

/** Methods a host answers itself; the engine refuses them so a wrong routing shows at once. */
const hostMethods = new Set<MethodName>(['engine.status', 'engine.restart']);

export class EngineService {
  private readonly active = new Map<string, { handle: TrainingHandle; startedAtMs: number; pausedAtMs?: number; durationBeforeMs: number }>();
  private providerChoice: TrainSpec['provider'] = 'auto';
  private readonly ready: Promise<void>;
  private readonly handlers: Handlers;
  private readonly experiments: ExperimentJobs;
  private readonly handwriting: HandwritingService;

  constructor(private readonly backend: EngineBackend, private readonly emit: EventSink) {
    this.experiments = new ExperimentJobs({
      emit, provider: () => this.providerChoice,
      mnist: async () => ({ train: await loadMnist('train'), test: await loadMnist('test') }),
    });
    this.ready = this.recoverState();
    this.handwriting = new HandwritingService({ dataDir: backend.dataDir, models: backend.models });
    this.handlers = this.createHandlers();
  }

  /** Parses one raw request, runs it, and returns the response (`id: null` when its id is unreadable); never throws. */
  async handleMessage(raw: unknown): Promise<Response> {
    let request;
    try {
      request = parseRequest(raw);
    } catch (error) {
      return rejectionOf(raw, error);
    }
    try {
      return { id: request.id, result: await this.call(request.method, request.params) };
    } catch (error) {
      return errorResponse(request.id, error);
    }
  }

  async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    await this.ready;
    const handler = this.handlers[method] as ((p: MethodParams<M>) => Promise<MethodResult<M>>) | undefined;
    if (!handler || hostMethods.has(method)) throw new Error(`${method} is answered by the engine host, not the engine`);
    return handler(params);
  }

  /** Stops every training loop (the host is shutting the engine down). */
  async shutdown(): Promise<void> {
    const endings = [...this.active.values()].map(({ handle }) => {
      handle.stop();
      return handle.finished.catch(() => undefined);
    });
    await Promise.all([...endings, this.experiments.shutdown()]);
  }

  private createHandlers(): Handlers {
    const { backend } = this;
    return {
      'models.list': () => backend.models.list(),
      'models.get': async ({ id }) => {
        const model = await backend.models.load(id);
        return { ...model.info, summary: model.summary, totalParams: model.totalParams, trainSpec: model.trainSpec, testLoss: model.testLoss };
      },
      'models.delete': async ({ id }) => {
        await backend.models.delete(id);
        return { ok: true as const };
      },
      ...interopHandlers(backend),
      'predict': async ({ modelId, input }) => {
        const model = await backend.models.load(modelId);
        const probabilities = Array.from(model.classify(Float32Array.from(input)));
        return { probabilities, digit: argmax(probabilities), modelId };
      },
      'presets.list': async () => backend.presets(),
      'runs.list': async () => (await backend.runs.list()).map((run) => this.summarise(run)),
      'runs.get': async ({ id }) => this.runDetail(id),
      'runs.start': (params) => this.startRun(params),
      'runs.pause': async ({ id }) => this.steer(id, 'pause'),
      'runs.resume': async ({ id }) => this.steer(id, 'resume'),
      'runs.stop': async ({ id }) => this.steer(id, 'stop'),
      'runs.delete': async ({ id }) => {
        if (this.active.has(id)) throw new Error(`run ${id} is training; stop it before deleting it`);
        await this.requireRun(id);
        await backend.runs.delete(id);
        return { ok: true as const };
      },
      'settings.get': () => this.settings(),
      'settings.setProvider': async ({ provider }) => {
        await this.requireAvailable(provider);
        this.providerChoice = provider;
        await backend.preferences.write({ provider });
        return this.settings();
      },
      'experiments.list': async () => this.experiments.list(),
      'experiments.run': async (params) => this.experiments.start(params),
      'experiments.stop': async ({ jobId }) => this.experiments.stop(jobId),
      ...this.handwriting.handlers(),
      ...runHistoryHandlers({ runs: backend.runs, emit: this.emit, summarise: (run) => this.summarise(run) }),
    };
  }

  /** A provider that is not there cannot be chosen: the choice would quietly run on another one. */
  private async requireAvailable(provider: TrainSpec['provider']): Promise<void> {
    if (provider === 'auto') return;
    const found = (await this.backend.detectProviders()).find((p) => p.name === provider);
    if (!found?.available) throw new Error(`the ${provider} provider is not available: ${found?.reason ?? 'it was not detected'}`);
  }

  private async settings(): Promise<Settings> {
    const providers = await this.backend.detectProviders();
    const gpu = providers.find((p) => p.name === 'tfjs-node-gpu');
    const activeProvider = this.providerChoice === 'auto'
      ? providerNames.find((name) => providers.some((p) => p.name === name && p.available))
      : this.providerChoice;
    return {
      providers,
      provider: this.providerChoice,
      activeProvider,
      cudaAvailable: gpu?.available ?? false,
      cudaReason: gpu?.available ? undefined : gpu?.reason ?? 'the tfjs-node-gpu provider was not detected',
      dataDir: this.backend.dataDir,
      version: this.backend.version,
    };
  }

  private resolveSpecs(params: MethodParams<'runs.start'>): { modelSpec: ModelSpec; trainSpec: TrainSpec; preset?: string } {
    const preset = params.preset === undefined ? undefined : this.backend.presets().find((p) => p.name === params.preset);
    if (params.preset !== undefined && !preset) {
      const names = this.backend.presets().map((p) => p.name).join(', ');
      throw new Error(`unknown preset "${params.preset}"; the presets are ${names}`);
    }
    const modelSpec = structuredClone(params.modelSpec ?? preset!.modelSpec);
    const baseTrain = structuredClone(params.trainSpec ?? preset!.trainSpec);
    const overrides = Object.fromEntries(Object.entries(params.overrides ?? {}).filter(([, value]) => value !== undefined));
    const trainSpec: TrainSpec = { ...baseTrain, ...overrides };
    if (!params.overrides?.provider && !params.trainSpec) trainSpec.provider = this.providerChoice;
    return { modelSpec, trainSpec, preset: preset?.name };
  }

  private async startRun(params: MethodParams<'runs.start'>): Promise<RunSummary> {
    const { modelSpec, trainSpec, preset } = this.resolveSpecs(params);
    const run = await this.backend.runs.create({
      name: params.name ?? `${preset ?? modelSpec.name ?? 'custom'} ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`,
      preset, status: 'running', modelSpec, trainSpec, epochsDone: 0, durationMs: 0,
      trainSubset: params.trainSubset, testSubset: params.testSubset,
    });
    return this.launch(run);
  }

  /** An interrupted run goes on from its last checkpoint, on the same data. */
  private async resumeInterrupted(run: StoredRun): Promise<RunSummary> {
    const checkpoint = await this.backend.runs.loadLatestCheckpoint(run.id);
    if (!checkpoint) throw new Error(`run ${run.id} was interrupted before its first checkpoint; start it again instead`);
    const claimed = await this.backend.runs.claimRun(run.id);
    return this.launch(claimed, checkpoint);
  }

  private launch(run: StoredRun, resumeFrom?: TrainingCheckpoint): RunSummary {
    const handle = this.backend.train({
      runId: run.id, modelSpec: run.modelSpec, trainSpec: run.trainSpec, trainSubset: run.trainSubset, testSubset: run.testSubset, resumeFrom,
      onIteration: (point) => {
        this.emit('training.iteration', { runId: run.id, ...point });
        void this.backend.runs.appendMetrics(run.id, { kind: 'iteration', point: stripIteration(point) }).catch(() => undefined);
      },
      onEpoch: (point) => {
        const { epochs, ...epochPoint } = point;
        this.emit('training.epoch', { runId: run.id, epochs, ...epochPoint });
        void this.backend.runs.appendMetrics(run.id, { kind: 'epoch', point: epochPoint }).catch(() => undefined);
        void this.backend.runs.update(run.id, {
          epochsDone: point.epoch, durationMs: this.durationOf(run.id), validationAccuracy: point.validationAccuracy,
        }).catch(() => undefined);
      },
    });
    this.active.set(run.id, { handle, startedAtMs: Date.now(), durationBeforeMs: resumeFrom?.elapsedMs ?? 0 });
    void this.finishWhenDone(run.id, handle);
    const summary = this.summarise({ ...run, status: 'running' });
    this.emit('training.status', { run: summary });
    return summary;
  }

  private async finishWhenDone(runId: string, handle: TrainingHandle): Promise<void> {
    let run: StoredRun;
    try {
      const outcome = await handle.finished;
      const status = outcome.reason === 'stopped' ? 'stopped' : outcome.reason === 'diverged' ? 'failed' : 'completed';
      run = await this.backend.runs.update(runId, {
        status, durationMs: this.durationOf(runId), modelId: outcome.modelId, testAccuracy: outcome.testAccuracy,
        ...(outcome.validationAccuracy !== undefined ? { validationAccuracy: outcome.validationAccuracy } : {}),
        ...(outcome.message && status === 'failed' ? { error: outcome.message } : {}),
      });
      this.active.delete(runId);
      if (status === 'failed') this.emit('training.error', { runId, message: outcome.message ?? 'training failed' });
      this.emit('training.done', { run: this.summarise(run), modelId: outcome.modelId, testAccuracy: outcome.testAccuracy, testLoss: outcome.testLoss });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.active.delete(runId);
      run = await this.backend.runs.update(runId, { status: 'failed', error: message }).catch(() => undefined as never);
      this.emit('training.error', { runId, ...errorBodyOf(error) });
      if (run) this.emit('training.done', { run: this.summarise(run) });
    }
  }

  private async steer(id: string, action: 'pause' | 'resume' | 'stop'): Promise<RunSummary> {
    const active = this.active.get(id);
    if (!active) {
      const run = await this.requireRun(id);
      if (action === 'resume' && run.status === 'interrupted') return this.resumeInterrupted(run);
      throw new Error(`run ${id} is ${run.status}, not training; it cannot ${action}`);
    }
    const status = action === 'pause' ? 'paused' : 'running';
    if (action === 'pause' && active.pausedAtMs === undefined) {
      active.durationBeforeMs += Date.now() - active.startedAtMs;
      active.pausedAtMs = Date.now();
    } else if (action === 'resume' && active.pausedAtMs !== undefined) {
      active.pausedAtMs = undefined;
      active.startedAtMs = Date.now();
    }
    active.handle[action]();
    if (action === 'stop') return this.summarise(await this.requireRun(id));
    const run = await this.backend.runs.update(id, { status, durationMs: this.durationOf(id) });
    const summary = this.summarise(run);
    this.emit('training.status', { run: summary });
    return summary;
  }

  private durationOf(runId: string): number {
    const active = this.active.get(runId);
    if (!active) return 0;
    return active.durationBeforeMs + (active.pausedAtMs === undefined ? Date.now() - active.startedAtMs : 0);
  }

  private async requireRun(id: string): Promise<StoredRun> {
    const run = await this.backend.runs.get(id);
    if (!run) throw new Error(`no run with id "${id}"`);
    return run;
  }

  private async runDetail(id: string): Promise<RunDetail> {
    const run = await this.requireRun(id);
    const metrics = await this.backend.runs.readMetrics(id);
    // A resumed run repeats the epochs after its checkpoint: the later points replace the earlier ones.
    const iterations = lastOfEach(metrics.iterations, (p) => p.step);
    const epochPoints = lastOfEach(metrics.epochs, (p) => p.epoch);
    return {
      ...this.summarise(run), modelSpec: run.modelSpec, trainSpec: run.trainSpec, trainSubset: run.trainSubset, testSubset: run.testSubset,
      iterations, epochPoints,
    };
  }

  private summarise(run: StoredRun): RunSummary {
    return {
      id: run.id, name: run.name, preset: run.preset, status: run.status === 'diverged' ? 'failed' : run.status, createdAt: run.createdAt,
      updatedAt: run.updatedAt, epochsDone: run.epochsDone, epochs: run.trainSpec.epochs,
      durationMs: this.active.has(run.id) ? this.durationOf(run.id) : run.durationMs,
      validationAccuracy: run.validationAccuracy, testAccuracy: run.testAccuracy, modelId: run.modelId, error: run.error,
    };
  }

  /** Restores the provider the user chose last time. */
  private async recoverState(): Promise<void> {
    const preferences = await this.backend.preferences.read().catch(() => ({}) as Preferences);
    if (preferences.provider) this.providerChoice = preferences.provider;
  }
}

/** One point per key, the last one written, in key order. */
function lastOfEach<T>(points: T[], keyOf: (point: T) => number): T[] {
  const byKey = new Map<number, T>();
  for (const point of points) byKey.set(keyOf(point), point);
  return [...byKey.entries()].sort((a, b) => a[0] - b[0]).map(([, point]) => point);
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function stripIteration(point: IterationPoint & { iterationsPerEpoch: number }): IterationPoint {
  const { iterationsPerEpoch: _count, ...rest } = point;
  return rest;
}
