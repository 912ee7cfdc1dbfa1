/**
 * An in-memory EngineBackend for the engine's, the server's and the renderer's tests: the real run files
 * and presets are not needed to check routing, validation and run lifecycles. It stands in for main/runs'
 * startRun/resumeRun as well: a started run records its description as run.json would and emits
 * nothing until the test drives it (`iterate`, `epoch`, `finish`, `fail`), writing to its records what
 * main/runs writes, so tests are deterministic and instant.
 */
import type { StopReason, TrainEvent, TrainingCheckpoint } from '@backprop-lab/core';
import { HostError, type EpochPoint, type IterationPoint, type ModelInfo, type Preset } from '../../contract/index.js';
import { descriptionOf, type RunDescription } from '../runs/index.js';
import type { EngineBackend, Preferences, RunEventListener, RunHandle, StoredRun } from './ports.js';
import { checkpointFileName } from '../store/checkpoint-files.js';

/** How a stand-in run ends, in the words of its final record. */
export interface StandInEnding {
  reason: StopReason;
  modelId?: string;
  testAccuracy?: number;
  testLoss?: number;
  /** The divergence message. */
  message?: string;
}

export interface StandInTraining {
  runId: string;
  description: RunDescription;
  /** Set when the run was resumed from a checkpoint: the changes it was resumed with. */
  resumed?: { checkpoint: TrainingCheckpoint; changes: object };
  paused: boolean;
  stopped: boolean;
  /** The loop's iteration event, recorded and pushed as main/runs does. */
  iterate(point: IterationPoint & { iterationsPerEpoch: number }): void;
  /** The loop's epoch event (and the checkpoint after it): progress in the record, a point in the metrics. */
  epoch(point: EpochPoint & { epochs: number }): void;
  finish(ending: StandInEnding): void;
  fail(error: Error): void;
}

/** The loop's epoch event for a point the test gives (what the engine records of it, and nothing more). */
export function epochEventOf(point: EpochPoint, epochs: number): TrainEvent {
  const validation = point.validationAccuracy === undefined ? null : { loss: point.validationLoss ?? 0, accuracy: point.validationAccuracy };
  return {
    type: 'epoch', epoch: point.epoch, epochs, train: { loss: point.trainLoss, accuracy: point.trainAccuracy }, validation,
    learningRate: point.learningRate ?? 0, gradientNorms: point.gradientNorms ?? {}, elapsedMs: point.elapsedMs, etaMs: point.etaMs ?? 0,
    samplesPerSecond: 0,
  };
}

export const standInPreset: Preset = {
  name: 'tiny',
  description: '4 → 3 softmax',
  modelSpec: { name: 'tiny', inputShape: [4], layers: [{ type: 'dense', units: 3 }], loss: 'softmax-cross-entropy' },
  trainSpec: {
    optimizer: { type: 'sgd', lr: 0.1 }, init: 'xavier-uniform', batchSize: 2, epochs: 3, seed: 1,
    validationSplit: 0, preprocess: { type: 'none' }, provider: 'auto',
  },
};

/** Probabilities the stand-in model returns: 0.9 on the digit given by the first pixel's value × 10. */
function standInClassify(pixels: Float32Array): Float32Array {
  const digit = Math.min(9, Math.max(0, Math.round(pixels[0]! * 10)));
  return Float32Array.from({ length: 10 }, (_, i) => (i === digit ? 0.91 : 0.01));
}

export function createStandInBackend(initialRuns: StoredRun[] = [], initialPreferences: Preferences = {}) {
  let preferences = structuredClone(initialPreferences);
  const runs = new Map(initialRuns.map((run) => [run.id, structuredClone(run)]));
  const metrics = new Map<string, { iterations: IterationPoint[]; epochs: EpochPoint[] }>();
  const trainings: StandInTraining[] = [];
  const checkpoints = new Map<string, TrainingCheckpoint>();
  const models: ModelInfo[] = [{ id: 'bundled:tiny', name: 'tiny', source: 'bundled', modelSpec: standInPreset.modelSpec, testAccuracy: 0.5 }];
  let nextRun = 1;

  const update = (id: string, patch: Partial<StoredRun>): StoredRun => {
    const run = runs.get(id);
    if (!run) throw new Error(`no run with id "${id}"`);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    Object.assign(run, defined, { updatedAt: new Date().toISOString() });
    return structuredClone(run);
  };
  const metricsOf = (id: string) => {
    const entry = metrics.get(id) ?? { iterations: [], epochs: [] };
    metrics.set(id, entry);
    return entry;
  };

  /** A run the test drives; what main/runs would write goes into the records. */
  const drive = (run: StoredRun, description: RunDescription, onEvent: RunEventListener, resumed?: StandInTraining['resumed']): RunHandle => {
    const id = run.id;
    let settle!: (outcome: { record: StoredRun }) => void;
    let reject!: (error: Error) => void;
    const finished = new Promise<{ record: StoredRun }>((resolve, rejectPromise) => {
      settle = resolve;
      reject = rejectPromise;
    });
    let ended = false;
    const end = (ending: StandInEnding) => {
      if (ended) return;
      ended = true;
      const status = ending.reason === 'diverged' ? 'diverged' : ending.reason === 'stopped' ? 'stopped' : 'completed';
      settle({
        record: update(id, {
          status, modelId: ending.modelId, testAccuracy: ending.testAccuracy, error: ending.message,
          metrics: ending.testAccuracy === undefined ? undefined : { test: { accuracy: ending.testAccuracy, loss: ending.testLoss ?? 0 } },
        }),
      });
    };
    const training: StandInTraining = {
      runId: id, description, resumed, paused: false, stopped: false,
      iterate: ({ iterationsPerEpoch, ...point }) => {
        metricsOf(id).iterations.push(point);
        const event: TrainEvent = { type: 'iteration', ...point, globalIteration: point.step, iterationsPerEpoch };
        onEvent(event, id);
      },
      epoch: ({ epochs, ...point }) => {
        metricsOf(id).epochs.push(point);
        update(id, { epochsDone: point.epoch, durationMs: point.elapsedMs, validationAccuracy: point.validationAccuracy });
        onEvent(epochEventOf(point, epochs), id);
      },
      finish: end,
      fail: (error) => {
        if (ended) return;
        ended = true;
        update(id, { status: 'failed', error: error.message });
        reject(error);
      },
    };
    trainings.push(training);
    return {
      record: structuredClone(run),
      finished,
      pause: async () => {
        training.paused = true;
        return update(id, { status: 'paused' });
      },
      resume: async () => {
        training.paused = false;
        return update(id, { status: 'running' });
      },
      stop: () => {
        training.stopped = true;
        end({ reason: 'stopped' });
      },
    };
  };

  const backend: EngineBackend = {
    dataDir: '/stand-in',
    version: '0.0.0',
    preferences: {
      read: async () => structuredClone(preferences),
      write: async (next) => void (preferences = structuredClone(next)),
    },
    presets: () => [structuredClone(standInPreset)],
    detectProviders: async () => [
      { name: 'tfjs-node-gpu', available: false, reason: '@tensorflow/tfjs-node-gpu is not installed' },
      { name: 'reference', available: true },
    ],
    runs: {
      list: async () => [...runs.values()].map((run) => structuredClone(run)),
      damaged: async () => [],
      get: async (id) => structuredClone(runs.get(id)),
      readMetrics: async (id) => structuredClone(metrics.get(id) ?? { iterations: [], epochs: [] }),
      delete: async (id) => void runs.delete(id),
      rename: async (id, name) => {
        delete runs.get(id)?.nameParts;
        return update(id, { name });
      },
      listCheckpoints: async (id) => {
        const checkpoint = checkpoints.get(id);
        return checkpoint ? [{ epoch: checkpoint.epoch, fileName: checkpointFileName(checkpoint.epoch), bytes: 0, savedAt: new Date(0).toISOString(), role: 'latest' as const }] : [];
      },
    },
    models: {
      list: async () => structuredClone(models),
      skipped: async () => [],
      load: async (id) => {
        const info = models.find((m) => m.id === id);
        if (!info) throw new HostError('library.not-found', { id });
        return { info, summary: [{ index: 0, type: 'dense', outputShape: [3], paramCount: 15 }], totalParams: 15, classify: standInClassify };
      },
      delete: async (id) => {
        const index = models.findIndex((m) => m.id === id);
        if (index < 0) throw new HostError('library.not-found', { id });
        if (models[index]!.source === 'bundled') throw new HostError('library.bundled', { id });
        models.splice(index, 1);
      },
      export: async (id, format) => ({ fileName: `${id.split(':')[1]}.${format === 'json' ? 'json' : 'bplab'}`, bytes: new TextEncoder().encode(`model ${id}`) }),
      import: async (fileName) => {
        const info: ModelInfo = { id: `user:${fileName.replace(/\.[^.]*$/, '')}`, name: fileName, source: 'user', modelSpec: standInPreset.modelSpec };
        models.push(info);
        return structuredClone(info);
      },
    },
    startRun: async (description, onEvent) => {
      const now = new Date().toISOString();
      const { dataset, start, executor, ...specs } = structuredClone(description);
      const run: StoredRun = {
        ...specs, dataset, start, executor, id: `run-${nextRun++}`, status: 'running', createdAt: now, updatedAt: now, epochsDone: 0, durationMs: 0,
      };
      runs.set(run.id, run);
      return drive(run, structuredClone(description), onEvent);
    },
    resumeRun: async (runId, changes, onEvent) => {
      const stored = runs.get(runId);
      if (!stored) throw new Error(`no run with id "${runId}"`);
      const checkpoint = checkpoints.get(runId);
      if (!checkpoint) throw new Error(`run ${runId} has no checkpoint yet (one is written after each epoch); start it again instead`);
      const run = update(runId, { status: 'running', trainSpec: { ...stored.trainSpec, ...changes } });
      return drive(run, descriptionOf(run), onEvent, { checkpoint, changes });
    },
  };
  return { backend, runs, trainings, models, checkpoints, preferences: () => preferences };
}
