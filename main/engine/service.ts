/**
 * The engine service: answers every contract method except `engine.*` (those belong to the host that
 * owns the engine process) and pushes training events. `runs.start` and `runs.resume` are messages →
 * a run description for the one run lifecycle (main/runs, through the backend), which writes the run's
 * folder; the service only follows the runs it started. It keeps no state that matters across a crash:
 * runs live in the run store, which reports a run whose training process died as `interrupted`.
 */
import { ACTIVE_STATUSES } from '../store/run-record.js';
import type { TrainEvent, TrainSpec } from '@backprop-lab/core';
import { englishName, runNameParts } from '@backprop-lab/core';
import { providerAutoMeans } from './active-provider.js';
import {
  errorBodyOf, errorResponse, FRESH_START, HostError, MNIST_WHOLE, ONE_THREAD, parseRequest, rejectionOf, type EventName, type EventPayload,
  type MethodName, type MethodParams, type MethodResult, type ResumeChanges, type Response, type RunDetail, type RunSummary, type Settings,
} from '../../contract/index.js';
import { descriptionOf, type RunDescription } from '../runs/index.js';
import type { EngineBackend, Preferences, RunHandle, StoredRun } from './ports.js';
import { pushedEventOf } from './run-events.js';
import { namePartsOf } from './name-parts.js';
import { ExperimentJobs } from './experiment-jobs.js';
import { interopHandlers } from './interop-handlers.js';
import { HandwritingService } from './handwriting.js';
import { runHistoryHandlers } from './run-history-handlers.js';
import { startChoiceHandlers } from './start-choice-handlers.js';
import { datasetImportHandlers } from './dataset-import-handlers.js';
import { cudaReasonOf, ProviderUnavailableError } from './provider-status.js';
import { loadMnist } from '../datasets/mnist.js';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

type Handlers = { [M in MethodName]?: (params: MethodParams<M>) => Promise<MethodResult<M>> };

/** Methods a host answers itself; the engine refuses them so a wrong routing shows at once. */
const hostMethods = new Set<MethodName>(['engine.status', 'engine.restart', 'window.setTheme']);

export class EngineService {
  /** The runs this engine trains now; everything else about a run is in its folder. */
  private readonly active = new Map<string, { handle: RunHandle; startedAtMs: number; pausedAtMs?: number; durationBeforeMs: number }>();
  private providerChoice: TrainSpec['provider'] = 'auto';
  private readonly ready: Promise<void>;
  private readonly handlers: Handlers;
  private readonly experiments: ExperimentJobs;
  private readonly handwriting: HandwritingService;

  constructor(private readonly backend: EngineBackend, private readonly emit: EventSink) {
    this.experiments = new ExperimentJobs({
      emit, provider: () => this.providerChoice,
      mnist: async () => ({ train: await loadMnist('train'), test: await loadMnist('test') }),
      runEnvironment: backend.runEnvironment,
    });
    this.ready = this.recoverState();
    this.handwriting = new HandwritingService({
      dataDir: backend.dataDir, models: backend.models, provider: () => this.providerChoice,
      emit: (payload) => emit('handwriting.finetune', payload),
      // A fine-tune is a run like any other: announced, pushed and steerable from the Runs view.
      startRun: async (description, onEvent) => {
        const handle = await backend.startRun(description, (event, runId) => {
          this.push(runId, event);
          onEvent(event);
        });
        this.follow(handle, 0);
        return handle;
      },
    });
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
      'models.skipped': () => backend.models.skipped(),
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
      'runs.resume': async ({ id, ...changes }) => this.steer(id, 'resume', withoutUndefined(changes)),
      'runs.stop': async ({ id }) => this.steer(id, 'stop'),
      'runs.damaged': () => backend.runs.damaged(),
      'runs.delete': async ({ id }) => {
        if (this.active.has(id)) throw new HostError('run.training', { id });
        // A damaged run (its run.json unreadable: get throws) is deleted too; only a run that is not there is refused.
        if ((await backend.runs.get(id).catch(() => null)) === undefined) throw new HostError('run.not-found', { id });
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
      ...startChoiceHandlers(backend),
      ...datasetImportHandlers(backend),
    };
  }

  /** A provider that is not there cannot be chosen: the choice would quietly run on another one. */
  private async requireAvailable(provider: TrainSpec['provider']): Promise<void> {
    if (provider === 'auto') return;
    const found = (await this.backend.detectProviders()).find((p) => p.name === provider);
    if (!found?.available) throw new ProviderUnavailableError(provider, found?.reason);
  }

  private async settings(): Promise<Settings> {
    const providers = await this.backend.detectProviders();
    const gpu = providers.find((p) => p.name === 'tfjs-node-gpu');
    const activeProvider = this.providerChoice === 'auto'
      ? providerAutoMeans(providers)
      : this.providerChoice;
    return {
      providers,
      provider: this.providerChoice,
      activeProvider,
      cudaAvailable: gpu?.available ?? false,
      ...(gpu?.available ? {} : cudaReasonOf(gpu)),
      dataDir: this.backend.dataDir,
      version: this.backend.version,
    };
  }

  /** runs.start's message as a run description (main/runs): the preset's specs with the message's changes. */
  private describe(params: MethodParams<'runs.start'>): RunDescription {
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
    // A typed name is the run's as typed; otherwise the engine names it, and keeps the parts for the app to word.
    const typed = params.name?.trim();
    const nameParts = typed ? undefined : runNameParts(preset, modelSpec, trainSpec);
    return {
      name: typed || englishName(nameParts!), ...(nameParts ? { nameParts } : {}),
      preset: preset?.name, modelSpec, trainSpec,
      dataset: params.dataset ?? MNIST_WHOLE, start: params.start ?? FRESH_START, executor: params.executor ?? ONE_THREAD,
    };
  }

  /** A description the lifecycle refuses (specs against the data, a missing dataset or model) creates no run. */
  private async startRun(params: MethodParams<'runs.start'>): Promise<RunSummary> {
    const description = this.describe(params);
    const handle = await this.backend.startRun(description, (event, runId) => this.push(runId, event));
    return this.follow(handle, 0);
  }

  /** An interrupted run goes on from its last checkpoint, on the data its run.json names. */
  private async resumeInterrupted(run: StoredRun, changes: ResumeChanges): Promise<RunSummary> {
    const handle = await this.backend.resumeRun(run.id, changes, (event, runId) => this.push(runId, event));
    return this.follow(handle, run.durationMs);
  }

  private push(runId: string, event: TrainEvent): void {
    const pushed = pushedEventOf(runId, event);
    if (pushed) this.emit(pushed.event, pushed.payload);
  }

  /** Keeps a started run's handle until it ends, and tells the clients it is running. */
  private follow(handle: RunHandle, durationBeforeMs: number): RunSummary {
    const run = handle.record;
    this.active.set(run.id, { handle, startedAtMs: Date.now(), durationBeforeMs });
    void this.finishWhenDone(run.id, handle);
    const summary = this.summarise({ ...run, status: 'running' });
    this.emit('training.status', { run: summary });
    return summary;
  }

  /** The run's final record (main/runs wrote it) becomes `training.done`, after `training.error` when it failed. */
  private async finishWhenDone(runId: string, handle: RunHandle): Promise<void> {
    let run: StoredRun | undefined;
    try {
      run = (await handle.finished).record;
      this.active.delete(runId);
      if (run.status === 'diverged' || run.status === 'failed') this.emit('training.error', { runId, message: run.error ?? 'training failed' });
    } catch (error) {
      this.active.delete(runId);
      const body = errorBodyOf(error);
      this.emit('training.error', { runId, ...body });
      run = await this.backend.runs.get(runId).catch(() => undefined);
      // Where run.json could not record the failure (a full disk), the clients still see how the run ended.
      if (run && ACTIVE_STATUSES.includes(run.status)) run = { ...run, status: 'failed', error: body.message };
    }
    if (!run) return;
    this.emit('training.done', {
      run: this.summarise(run), modelId: run.modelId, testAccuracy: run.testAccuracy, testLoss: run.metrics?.test?.loss,
    });
  }

  private async steer(id: string, action: 'pause' | 'resume' | 'stop', changes: ResumeChanges = {}): Promise<RunSummary> {
    const active = this.active.get(id);
    if (!active) {
      const run = await this.requireRun(id);
      // Completed and diverged runs go to main/runs too, which refuses them with the way on (run.resume-*).
      if (action === 'resume' && ['interrupted', 'completed', 'diverged'].includes(run.status)) return this.resumeInterrupted(run, changes);
      throw new Error(`run ${id} is ${run.status}, not training; it cannot ${action}`);
    }
    if (Object.keys(changes).length > 0) {
      throw new Error(`run ${id} is training: epochs and provider change only when an interrupted run resumes from its checkpoint`);
    }
    if (action === 'stop') {
      active.handle.stop();
      return this.summarise(await this.requireRun(id));
    }
    if (action === 'pause' && active.pausedAtMs === undefined) {
      active.durationBeforeMs += Date.now() - active.startedAtMs;
      active.pausedAtMs = Date.now();
    } else if (action === 'resume' && active.pausedAtMs !== undefined) {
      active.pausedAtMs = undefined;
      active.startedAtMs = Date.now();
    }
    const run = await (action === 'pause' ? active.handle.pause() : active.handle.resume());
    const summary = this.summarise(run);
    this.emit('training.status', { run: summary });
    return summary;
  }

  /** Training time so far of a run this engine trains, pauses excluded (shown live; main/runs records it). */
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
      ...this.summarise(run), modelSpec: run.modelSpec, trainSpec: run.trainSpec, ...runPartsOf(run),
      iterations, epochPoints,
    };
  }

  private summarise(run: StoredRun): RunSummary {
    return {
      id: run.id, name: run.name, ...namePartsOf(run.name, run.nameParts), preset: run.preset, status: run.status === 'diverged' ? 'failed' : run.status, createdAt: run.createdAt,
      updatedAt: run.updatedAt, epochsDone: run.epochsDone, epochs: run.trainSpec.epochs,
      durationMs: this.active.has(run.id) ? this.durationOf(run.id) : run.durationMs,
      validationAccuracy: run.validationAccuracy, testAccuracy: run.testAccuracy, modelId: run.modelId, noModel: run.noModel,
      startEvaluation: run.startEvaluation, error: run.error, errorData: run.errorData,
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

/** The data, starting point and executor of a stored run, as its description names them. */
function runPartsOf(run: StoredRun): Pick<RunDetail, 'dataset' | 'start' | 'executor'> {
  const { dataset, start, executor } = descriptionOf(run);
  return { dataset, start, executor };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
