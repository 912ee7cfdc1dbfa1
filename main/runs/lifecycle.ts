/**
 * The one run lifecycle (STYLE 14): every training job, whichever host asks (the CLI's `train`, the
 * engine service for the app and `serve`), is started, checkpointed, resumed and finished here. This
 * module is the only writer of a run's folder: run.json, metrics.jsonl, checkpoints/ and model.bplab, and
 * of the model it adds to the library.
 *
 *   check     load the data the description names, the kernels, the starting weights; check the specs
 *             against the data and a checkpoint against the model: any failure throws before anything
 *             is written, so a refused run leaves no folder
 *   create    run.json with the description as it is (or, to resume, the stored run claimed again)
 *   measure   a run starting from a library model evaluates those weights first (start-evaluation.ts)
 *   train     core's loop; each event is recorded, and each checkpoint is on disk before the next epoch
 *   finish    the model file (none after a divergence or a stop inside the first epoch: `noModel` says
 *             which), named by the run's name, and for a run from a library model its origin
 *             (provenance.fineTunedFrom, fine-tune-origin.ts); the library entry, the final status and metrics
 *
 * A write that fails (ENOSPC, EROFS, EACCES: main/store names the path and the reason) stops the loop at
 * its next step and ends the run `failed` with that reason, and `finished` rejects with it; no model is
 * left behind a failed run. A run that completed or diverged is not resumed (refuseFinished).
 */
import { join } from 'node:path';
import {
  checkTrainingSetup, createOptimizer, encodeModelFile, loadWeights, Model, Rng, selectKernels, trainModel, TrainingControl,
  type DivergedEvent, type DoneEvent, type FineTunedFrom, type FineTuneStart, type Kernels, type TrainData, type TrainEvent, type TrainingCheckpoint, type Weights,
  type FittedPreprocessing,
} from '@backprop-lab/core';
import { codedErrorOf, HostError } from '../../contract/index.js';
import type { ModelStore } from '../store/model-store.js';
import { RunStore } from '../store/run-store.js';
import type { RunRecord } from '../store/run-record.js';
import type { NoModelReason } from '../../contract/index.js';
import { datasetOfRecord, type ChosenExecutor, type ResumeChanges, type RunDescription } from './description.js';
import { checkExecutorChoice, startRunExecutor } from './executor.js';
import { fineTunedFromOf, fineTuneStartFor } from './fine-tune-origin.js';
import { epochPointOf, iterationPointOf } from './metric-points.js';
import { loadRunData, type HandwritingCounts } from './run-data.js';
import { evaluateStart } from './start-evaluation.js';
import { tensorShapesOf, weightsMisfit } from './starting-weights.js';

export interface RunEnvironment {
  dataDir: string;
  appVersion: string;
  /** The model library: fine-tuning reads a model from it, a finished run adds its model to it. */
  models: ModelStore;
  /** Every event of the loop, once it is recorded (progress bars, the engine's pushed events). */
  onEvent?: (event: TrainEvent, runId: string) => void;
  /** Shortest interval between iteration events (core's default 250 ms). */
  iterationEventIntervalMs?: number;
}

export interface RunOutcome {
  record: RunRecord;
  done: DoneEvent;
  /** The library id and path of the model the run produced (none after a divergence). */
  modelId?: string;
  modelPath?: string;
  divergedMessage?: string;
}

export interface ActiveRun {
  record: RunRecord;
  runDir: string;
  /** The kernel provider in use. */
  provider: string;
  /** Images of the training set before the validation split. */
  trainCount: number;
  pause(): Promise<RunRecord>;
  resume(): Promise<RunRecord>;
  stop(): void;
  /** The executor taking the steps, once chosen (for `auto`, after its probe; null if the run failed first); also in run.json. */
  executor: Promise<ChosenExecutor | null>;
  /** Settles when the run is finished and recorded; rejects (after recording `failed`) on an error. */
  finished: Promise<RunOutcome>;
}

/** `given`: data the host already holds (an experiment's own subset), used instead of loading the reference. */
export async function startRun(description: RunDescription, env: RunEnvironment, given?: TrainData): Promise<ActiveRun> {
  const runs = new RunStore(env.dataDir);
  const prepared = await prepare(description, env, runs, undefined, given);
  const { dataset, start, executor, ...specs } = description;
  const fineTuneStart = prepared.initial?.fineTuneStart;
  const record = await runs.createRun({ ...specs, dataset, start, executor, ...(fineTuneStart ? { fineTuneStart } : {}), status: 'running' });
  return launch(record, description, prepared, runs, env);
}

/** Continues a stored run from its newest checkpoint, on the data its description names. */
export async function resumeRun(runId: string, env: RunEnvironment, changes: ResumeChanges = {}): Promise<ActiveRun> {
  const runs = new RunStore(env.dataDir);
  const stored = await runs.getRun(runId);
  if (!stored) throw new Error(`${join(runs.runDir(runId), 'run.json')}: no readable run to resume`);
  refuseFinished(stored);
  const checkpoint = await runs.loadLatestCheckpoint(runId);
  if (!checkpoint) throw new Error(`run ${runId} has no checkpoint yet (one is written after each epoch); start it again instead`);
  const description = descriptionOf(stored);
  description.trainSpec = {
    ...description.trainSpec,
    ...(changes.epochs !== undefined ? { epochs: changes.epochs } : {}),
    ...(changes.provider !== undefined ? { provider: changes.provider } : {}),
  };
  const prepared = await prepare(description, env, runs, checkpoint);
  const record = await runs.updateRun(runId, { status: 'running', ownerPid: process.pid, trainSpec: description.trainSpec, dataset: description.dataset });
  return launch(record, description, prepared, runs, env, checkpoint);
}

/**
 * A run that completed or diverged is finished: resuming it would train past its own end (a second
 * model beside the first, its best epoch's figures beside another test accuracy) or repeat the steps
 * that blew up. Stopped, interrupted and failed runs go on from their last checkpoint.
 */
export function refuseFinished(run: RunRecord): void {
  if (run.status === 'completed') {
    throw new HostError('run.resume-completed', {
      runId: run.id, epochsDone: run.epochsDone, epochs: run.trainSpec.epochs, modelId: run.modelId ?? `(none: ${run.error ?? 'no model was saved'})`,
    });
  }
  if (run.status === 'diverged') throw new HostError('run.resume-diverged', { runId: run.id });
}

/** The description a stored run was started with (older run.json files: MNIST with their limits). */
export function descriptionOf(record: RunRecord): RunDescription {
  return {
    name: record.name, ...(record.nameParts ? { nameParts: record.nameParts } : {}), preset: record.preset, modelSpec: record.modelSpec, trainSpec: record.trainSpec,
    dataset: datasetOfRecord(record), start: record.start ?? { from: 'fresh' }, executor: record.executor ?? { threads: 1 },
  };
}

interface Prepared {
  data: TrainData & { counts?: HandwritingCounts };
  kernels: Kernels;
  /** `fineTuneStart`: a library model's record of itself, for run.json (none for a run's checkpoint). */
  initial?: { weights: Weights; preprocessing?: FittedPreprocessing; fineTuneStart?: FineTuneStart };
}

async function prepare(description: RunDescription, env: RunEnvironment, runs: RunStore, checkpoint?: TrainingCheckpoint, given?: TrainData): Promise<Prepared> {
  const { modelSpec, trainSpec } = description;
  const data = given ?? await loadRunData(description.dataset, env.dataDir);
  checkTrainingSetup(modelSpec, trainSpec, data.train);
  checkExecutorChoice(description.executor);
  const kernels = await selectKernels(trainSpec.provider);
  const probe = () => Model.build(modelSpec, { kernels, seed: trainSpec.seed, init: trainSpec.init, dtype: 'float32' });
  if (checkpoint) {
    // Loads as trainModel will, so a checkpoint that does not fit fails here, before run.json changes.
    loadWeights(probe(), checkpoint.weights);
    createOptimizer(trainSpec.optimizer).setState(checkpoint.optimizer);
    new Rng(trainSpec.seed).setState(checkpoint.rng);
    return { data, kernels };
  }
  const initial = await startingWeights(description, env, runs);
  if (initial) loadWeights(probe(), initial.weights);
  return { data, kernels, initial };
}

async function startingWeights(description: RunDescription, env: RunEnvironment, runs: RunStore): Promise<Prepared['initial']> {
  const start = description.start;
  if (start.from === 'fresh') return undefined;
  if (start.from === 'model') {
    const { model: saved, manifest } = await env.models.loadWithManifest(start.modelId);
    const shapes = Object.fromEntries(Object.entries(saved.weights).map(([name, tensor]) => [name, tensor.shape]));
    const misfit = weightsMisfit(start.modelId, await tensorShapesOf(description.modelSpec), shapes);
    if (misfit) throw misfit;
    const weights = Object.fromEntries(Object.entries(saved.weights).map(([name, tensor]) => [name, Float32Array.from(tensor.data)]));
    return { weights, preprocessing: saved.preprocessing ?? undefined, fineTuneStart: fineTuneStartFor(start.modelId, manifest) };
  }
  const checkpoint = await runs.loadLatestCheckpoint(start.runId);
  if (!checkpoint) throw new Error(`run ${start.runId} has no checkpoint to start from`);
  return { weights: checkpoint.weights };
}

function launch(
  record: RunRecord, description: RunDescription, prepared: Prepared, runs: RunStore, env: RunEnvironment, resumeFrom?: TrainingCheckpoint,
): ActiveRun {
  const control = new TrainingControl();
  const id = record.id;
  // The run's writes, one after another. The first that fails (a full disk, a read-only folder) is kept
  // and stops the loop: a run never trains on without its checkpoints; later writes are not tried.
  let writes: Promise<unknown> = Promise.resolve();
  let writeError: unknown;
  const queue = (write: () => Promise<unknown>) => (writes = writes.then(() => (writeError === undefined ? write() : undefined)).catch((error: unknown) => {
    writeError ??= error;
    control.stop();
  }));
  let divergedMessage: string | undefined;
  let divergedData: DivergedEvent['data'] | undefined;

  const record_ = (event: TrainEvent): Promise<unknown> | void => {
    switch (event.type) {
      case 'iteration':
        queue(() => runs.appendMetrics(id, { kind: 'iteration', point: iterationPointOf(event) }));
        return;
      case 'epoch':
        queue(() => runs.appendMetrics(id, { kind: 'epoch', point: epochPointOf(event) }));
        queue(() => runs.updateRun(id, { validationAccuracy: event.validation?.accuracy }));
        return;
      case 'checkpoint': {
        const checkpoint = event.checkpoint;
        return queue(() => runs.saveCheckpoint(id, checkpoint));
      }
      case 'early-stop':
      case 'diverged':
        if (event.type === 'diverged') [divergedMessage, divergedData] = [event.message, event.data];
        queue(() => runs.appendMetrics(id, { kind: event.type, message: event.message, epoch: event.epoch }));
        return;
      default:
        return;
    }
  };

  /** The model (run folder, then library) and the final status; a failed write takes both back. */
  const finish = async (done: DoneEvent): Promise<RunOutcome> => {
    const diverged = done.reason === 'diverged';
    const noModel = noModelReason(done);
    const origin = record.fineTuneStart && fineTunedFromOf(record.fineTuneStart, description.dataset, prepared.data, description.trainSpec, done);
    const file = noModel ? undefined : modelFile(description, done, id, prepared, env.appVersion, origin);
    const saved = file ? await env.models.save(id, file) : undefined;
    let final: RunRecord;
    try {
      final = await runs.finishRun(id, {
        status: diverged ? 'diverged' : done.reason === 'stopped' ? 'stopped' : 'completed',
        // Weights stopped inside the first epoch are no trained model: their figures would read as one.
        metrics: noModel === 'stopped-before-first-epoch' ? undefined : { validation: done.validation, test: done.test },
        model: file,
        modelId: saved?.id,
        noModel,
        error: diverged ? divergedMessage : undefined,
        errorData: diverged ? divergedData : undefined,
        epochsDone: done.epochs,
        durationMs: done.elapsedMs,
      });
    } catch (error) {
      if (saved) await env.models.delete(saved.id).catch(() => undefined);
      throw error;
    }
    return { record: final, done, modelId: saved?.id, modelPath: saved?.path, divergedMessage };
  };

  let chooseExecutor: (chosen: ChosenExecutor | null) => void = () => undefined;
  const executorChosen = new Promise<ChosenExecutor | null>((resolve) => (chooseExecutor = resolve));
  const finished = (async (): Promise<RunOutcome> => {
    // The caller sees the run as started before the CPU-heavy loop begins.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { modelSpec, trainSpec } = description;
    let closeExecutor = async () => undefined as void;
    try {
      const executor = await startRunExecutor(
        description.executor, { modelSpec, trainSpec, train: prepared.data.train, kernels: prepared.kernels }, resumeFrom ? record.executorChosen : undefined,
      );
      closeExecutor = executor.close;
      chooseExecutor(executor.chosen);
      queue(() => runs.updateRun(id, { executorChosen: executor.chosen }));
      if (prepared.initial && !resumeFrom) {
        await runs.updateRun(id, { startEvaluation: evaluateStart(modelSpec, trainSpec, prepared.data, prepared.kernels, prepared.initial) });
      }
      const done = await trainModel({
        modelSpec, trainSpec, data: prepared.data, kernels: prepared.kernels, control, resumeFrom, initial: prepared.initial, step: executor.step,
        iterationEventIntervalMs: env.iterationEventIntervalMs,
        onEvent: (event) => {
          const written = record_(event);
          env.onEvent?.(event, id);
          return written;
        },
      });
      await writes;
      if (writeError !== undefined) throw writeError;
      await closeExecutor();
      return await finish(done);
    } catch (error) {
      chooseExecutor(null);
      await closeExecutor().catch(() => undefined);
      await writes;
      // Best effort: where run.json cannot be written either, the run reads as interrupted once this
      // process is gone, and resumes from its last checkpoint.
      await runs.finishRun(id, { status: 'failed', error: (error as Error).message, errorData: codedErrorOf(error) }).catch(() => undefined);
      throw error;
    } finally {
      prepared.kernels.dispose?.();
    }
  })();

  return {
    record,
    runDir: runs.runDir(id),
    provider: prepared.kernels.name,
    trainCount: prepared.data.train.count,
    executor: executorChosen,
    pause: () => {
      control.pause();
      return runs.updateRun(id, { status: 'paused' });
    },
    resume: () => {
      control.resume();
      return runs.updateRun(id, { status: 'running' });
    },
    stop: () => control.stop(),
    finished,
  };
}

/** Why a finished run adds no model: it diverged, or it was stopped before one epoch was complete. */
function noModelReason(done: DoneEvent): NoModelReason | undefined {
  if (done.reason === 'diverged') return 'diverged';
  if (done.reason === 'stopped' && done.epochs === 0) return 'stopped-before-first-epoch';
  return undefined;
}

/** The native model file of a finished run: specs, fitted preprocessing, metrics, provenance (with `origin`, a fine-tune's), weights. */
function modelFile(
  description: RunDescription, done: DoneEvent, runId: string, prepared: Prepared, appVersion: string, origin: FineTunedFrom | undefined,
): Uint8Array {
  const { modelSpec, trainSpec } = description;
  const model = Model.build(modelSpec, { kernels: prepared.kernels, seed: trainSpec.seed, init: trainSpec.init });
  loadWeights(model, done.weights);
  const testCount = prepared.data.test?.count ?? 0;
  return encodeModelFile({
    // The model is named by its run, as the Runs view names the run (not by the preset it came from).
    modelSpec: { ...modelSpec, name: description.name },
    trainSpec,
    preprocessing: done.preprocessing,
    metrics: {
      test: done.test ? { loss: done.test.loss, accuracy: done.test.accuracy, confusion: done.test.confusion, count: testCount } : undefined,
      validation: done.validation,
      epochs: done.epochs,
      trainingTimeMs: done.elapsedMs,
    },
    provenance: {
      appVersion, createdAt: new Date().toISOString(), seed: trainSpec.seed, provider: prepared.kernels.name, runId,
      ...(description.nameParts ? { nameParts: description.nameParts } : {}),
      ...(origin ? { fineTunedFrom: origin } : {}),
    },
    weights: model.stateDict(),
  });
}
