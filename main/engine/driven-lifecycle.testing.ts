/**
 * Test support: the run lifecycle of main/runs with the loop left to the test. A started run is written
 * to the real stores as main/runs writes it (run.json through RunStore, metrics.jsonl, a checkpoint after
 * each epoch, on finishing the model file in the run folder and in the library, named by the run), but
 * nothing trains: the test drives it (`iterate`, `epoch`, `finish`, `fail`), each call resolving once
 * its writes are on disk and its event was handed on, so view tests are deterministic and read real files.
 */
import {
  checkTrainingSetup, createOptimizer, createReferenceKernels, encodeModelFile, fitPreprocessing, Model, Rng, shapeSize,
  type StopReason, type TrainEvent, type TrainingCheckpoint,
} from '@backprop-lab/core';
import type { CodedError, EpochPoint, IterationPoint, ResumeChanges } from '../../contract/index.js';
import { codedErrorOf } from '../../contract/index.js';
import { descriptionOf, loadRunData, refuseFinished, type RunDescription } from '../runs/index.js';
import type { ModelStore } from '../store/model-store.js';
import type { RunStore } from '../store/run-store.js';
import type { RunRecord } from '../store/run-record.js';
import type { RunEventListener, RunHandle } from './ports.js';
import { epochEventOf } from './stand-in-backend.js';

/** How a driven run ends, in the words of its final record. */
export interface DrivenEnding {
  reason: StopReason;
  testAccuracy?: number;
  testLoss?: number;
  /** The divergence message. */
  message?: string;
  /** The divergence as data (a DivergedEvent's `data`), kept as the record's errorData as main/runs does. */
  errorData?: CodedError;
}

export interface DrivenRun {
  runId: string;
  description: RunDescription;
  /** Set when the run was resumed from its checkpoint: the changes it was resumed with. */
  resumed?: { checkpoint: TrainingCheckpoint; changes: ResumeChanges };
  paused: boolean;
  stopped: boolean;
  /** The loop's iteration event: a line in metrics.jsonl, then the event. */
  iterate(point: IterationPoint & { iterationsPerEpoch: number }): Promise<void>;
  /** The loop's epoch event and its checkpoint: a line in metrics.jsonl, epoch-NNNN.ckpt, then the event. */
  epoch(point: EpochPoint & { epochs: number }): Promise<void>;
  /** The loop's end: the model (unless it diverged or stopped inside its first epoch) and the final record. */
  finish(ending: DrivenEnding): Promise<RunRecord>;
  /** The run fails as main/runs records a failure (a write that could not be made). */
  fail(error: Error): Promise<void>;
}

export interface DrivenLifecycleOptions {
  dataDir: string;
  appVersion: string;
  models: ModelStore;
  /** The run store of the engine that owns the runs (its pid marks them as that engine's). */
  runs: () => RunStore;
}

/** One sample of each extreme of MNIST's range (0 and 1), for the specs check and the fitted preprocessing. */
function standInImages(featureSize: number): { images: Float32Array; count: number; classes: 10 } {
  const images = new Float32Array(2 * featureSize);
  images.fill(1, featureSize);
  return { images, count: 2, classes: 10 };
}

export function createDrivenLifecycle(options: DrivenLifecycleOptions) {
  const trainings: DrivenRun[] = [];
  /** Writes the engine set off itself (a stop ends the run at its next step), for a test that waits on them. */
  const writing = new Set<Promise<unknown>>();

  /** What main/runs checks before a run exists: specs against the data (MNIST's shape; a user dataset read from disk). */
  const check = async (description: RunDescription) => {
    const { modelSpec, trainSpec, dataset } = description;
    const data = dataset.source === 'user' ? (await loadRunData(dataset, options.dataDir)).train : standInImages(28 * 28);
    checkTrainingSetup(modelSpec, trainSpec, data);
  };

  /** The run's network as initialised (the weights its checkpoints and model file hold: nothing trains). */
  const networkOf = (description: RunDescription) => {
    const { modelSpec, trainSpec } = description;
    return Model.build(modelSpec, { kernels: createReferenceKernels(), seed: trainSpec.seed, init: trainSpec.init, dtype: 'float32' }).stateDict();
  };

  const drive = (record: RunRecord, description: RunDescription, onEvent: RunEventListener, resumed?: DrivenRun['resumed']): RunHandle => {
    const id = record.id;
    const runs = options.runs();
    let settle!: (outcome: { record: RunRecord }) => void;
    let reject!: (error: Error) => void;
    const finished = new Promise<{ record: RunRecord }>((resolve, rejectPromise) => {
      settle = resolve;
      reject = rejectPromise;
    });
    // The caller may never look at `finished` (the engine does); an unhandled rejection is not the test's point.
    finished.catch(() => undefined);
    let ended = false;
    let epochsDone = resumed?.checkpoint.epoch ?? 0;
    let elapsedMs = resumed?.checkpoint.elapsedMs ?? 0;
    let step = resumed?.checkpoint.globalIteration ?? 0;
    const weights = networkOf(description);

    const checkpointAfter = (epoch: number): TrainingCheckpoint => ({
      epoch, globalIteration: step, weights: Object.fromEntries(Object.entries(weights).map(([name, t]) => [name, Float32Array.from(t.data)])),
      optimizer: createOptimizer(description.trainSpec.optimizer).getState(), rng: new Rng(description.trainSpec.seed).getState(),
      best: null, epochsWithoutImprovement: 0, elapsedMs,
    });

    const modelFile = (ending: DrivenEnding) => {
      const { modelSpec, trainSpec } = description;
      const fitted = fitPreprocessing(trainSpec.preprocess, standInImages(shapeSize(modelSpec.inputShape)).images, 2, trainSpec.seed);
      return encodeModelFile({
        modelSpec: { ...modelSpec, name: description.name }, trainSpec, preprocessing: fitted,
        metrics: {
          test: ending.testAccuracy === undefined ? undefined : { loss: ending.testLoss ?? 0, accuracy: ending.testAccuracy, count: 10_000 },
          validation: null, epochs: epochsDone, trainingTimeMs: elapsedMs,
        },
        provenance: { appVersion: options.appVersion, createdAt: new Date().toISOString(), seed: trainSpec.seed, provider: 'reference', runId: id },
        weights,
      });
    };

    const end = async (ending: DrivenEnding): Promise<RunRecord> => {
      if (ended) throw new Error(`run ${id} has already ended`);
      ended = true;
      const noModel = ending.reason === 'diverged' ? 'diverged' as const : ending.reason === 'stopped' && epochsDone === 0 ? 'stopped-before-first-epoch' as const : undefined;
      const file = noModel ? undefined : modelFile(ending);
      const saved = file ? await options.models.save(id, file) : undefined;
      const final = await runs.finishRun(id, {
        status: ending.reason === 'diverged' ? 'diverged' : ending.reason === 'stopped' ? 'stopped' : 'completed',
        metrics: noModel === 'stopped-before-first-epoch' || ending.testAccuracy === undefined ? undefined
          : { validation: null, test: { loss: ending.testLoss ?? 0, accuracy: ending.testAccuracy } },
        model: file, modelId: saved?.id, noModel, error: ending.reason === 'diverged' ? ending.message : undefined,
        errorData: ending.reason === 'diverged' ? ending.errorData : undefined,
        epochsDone, durationMs: elapsedMs,
      });
      settle({ record: final });
      // Let the engine turn the final record into `training.done` before the test looks.
      await finished;
      return final;
    };

    const training: DrivenRun = {
      runId: id, description, resumed, paused: false, stopped: false,
      iterate: async ({ iterationsPerEpoch, ...point }) => {
        step = point.step;
        await runs.appendMetrics(id, { kind: 'iteration', point });
        const event: TrainEvent = { type: 'iteration', ...point, globalIteration: point.step, iterationsPerEpoch };
        onEvent(event, id);
      },
      epoch: async ({ epochs, ...point }) => {
        epochsDone = point.epoch;
        elapsedMs = point.elapsedMs;
        await runs.appendMetrics(id, { kind: 'epoch', point });
        await runs.updateRun(id, { validationAccuracy: point.validationAccuracy });
        await runs.saveCheckpoint(id, checkpointAfter(point.epoch));
        onEvent(epochEventOf(point, epochs), id);
      },
      finish: end,
      fail: async (error) => {
        if (ended) throw new Error(`run ${id} has already ended`);
        ended = true;
        await runs.finishRun(id, { status: 'failed', error: error.message, errorData: codedErrorOf(error) });
        reject(error);
        await finished.catch(() => undefined);
      },
    };
    trainings.push(training);
    return {
      record,
      finished,
      pause: async () => {
        training.paused = true;
        return runs.updateRun(id, { status: 'paused' });
      },
      resume: async () => {
        training.paused = false;
        return runs.updateRun(id, { status: 'running' });
      },
      // As core's loop: a stop ends the run at its next step, with what the epochs so far produced.
      stop: () => {
        training.stopped = true;
        if (ended) return;
        const ending: Promise<unknown> = end({ reason: 'stopped' }).catch(() => undefined).finally(() => writing.delete(ending));
        writing.add(ending);
      },
    };
  };

  return {
    /** Every run started or resumed, in order. */
    trainings,
    writing,
    startRun: async (description: RunDescription, onEvent: RunEventListener): Promise<RunHandle> => {
      await check(description);
      const { dataset, start, executor, ...specs } = structuredClone(description);
      const record = await options.runs().createRun({ ...specs, dataset, start, executor, status: 'running' });
      return drive(record, structuredClone(description), onEvent);
    },
    resumeRun: async (runId: string, changes: ResumeChanges, onEvent: RunEventListener): Promise<RunHandle> => {
      const runs = options.runs();
      const stored = await runs.getRun(runId);
      if (!stored) throw new Error(`no readable run "${runId}" to resume`);
      refuseFinished(stored);
      const checkpoint = await runs.loadLatestCheckpoint(runId);
      if (!checkpoint) throw new Error(`run ${runId} has no checkpoint yet (one is written after each epoch); start it again instead`);
      const description = descriptionOf(stored);
      description.trainSpec = { ...description.trainSpec, ...changes };
      await runs.claimRun(runId);
      const record = await runs.updateRun(runId, { trainSpec: description.trainSpec });
      return drive(record, description, onEvent, { checkpoint, changes });
    },
  };
}
