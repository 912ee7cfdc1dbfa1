/**
 * An in-memory EngineBackend for the engine's and the server's tests: the real run files and presets
 * are not needed to check routing, validation and run lifecycles. Its training loop emits nothing until
 * the test drives it (`emitEpoch`, `finish`), so tests are deterministic and instant.
 */
import type { TrainingCheckpoint } from '@backprop-lab/core';
import type { ModelInfo, Preset } from '../../contract/index.js';
import type { EngineBackend, Preferences, StoredRun, TrainingHandle, TrainingJob, TrainingOutcome } from './ports.js';
import { checkpointFileName } from '../store/checkpoint-files.js';

export interface StandInTraining {
  job: TrainingJob;
  paused: boolean;
  stopped: boolean;
  finish(outcome: TrainingOutcome): void;
  fail(error: Error): void;
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
  const metrics = new Map<string, { iterations: unknown[]; epochs: unknown[] }>();
  const trainings: StandInTraining[] = [];
  const checkpoints = new Map<string, TrainingCheckpoint>();
  const models: ModelInfo[] = [{ id: 'bundled:tiny', name: 'tiny', source: 'bundled', modelSpec: standInPreset.modelSpec, testAccuracy: 0.5 }];
  let nextRun = 1;

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
      get: async (id) => structuredClone(runs.get(id)),
      create: async (fields) => {
        const now = new Date().toISOString();
        const run: StoredRun = { ...fields, id: `run-${nextRun++}`, createdAt: now, updatedAt: now };
        runs.set(run.id, run);
        return structuredClone(run);
      },
      update: async (id, patch) => {
        const run = runs.get(id);
        if (!run) throw new Error(`no run with id "${id}"`);
        const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        Object.assign(run, defined, { updatedAt: new Date().toISOString() });
        return structuredClone(run);
      },
      appendMetrics: async (id, line) => {
        const entry = metrics.get(id) ?? { iterations: [], epochs: [] };
        (line.kind === 'epoch' ? entry.epochs : entry.iterations).push(line.point);
        metrics.set(id, entry);
      },
      readMetrics: async (id) => structuredClone(metrics.get(id) ?? { iterations: [], epochs: [] }) as never,
      delete: async (id) => void runs.delete(id),
      loadLatestCheckpoint: async (id) => checkpoints.get(id) ?? null,
      listCheckpoints: async (id) => {
        const checkpoint = checkpoints.get(id);
        return checkpoint ? [{ epoch: checkpoint.epoch, fileName: checkpointFileName(checkpoint.epoch), bytes: 0, savedAt: new Date(0).toISOString(), role: 'latest' as const }] : [];
      },
      claimRun: async (id) => {
        const run = runs.get(id);
        if (!run) throw new Error(`no run with id "${id}"`);
        run.status = 'running';
        return structuredClone(run);
      },
    },
    models: {
      list: async () => structuredClone(models),
      load: async (id) => {
        const info = models.find((m) => m.id === id);
        if (!info) throw new Error(`no model with id "${id}"`);
        return { info, summary: [{ index: 0, type: 'dense', outputShape: [3], paramCount: 15 }], totalParams: 15, classify: standInClassify };
      },
      delete: async (id) => {
        const index = models.findIndex((m) => m.id === id);
        if (index < 0) throw new Error(`no model with id "${id}"`);
        if (models[index]!.source === 'bundled') throw new Error(`model ${id} ships with the app and cannot be deleted`);
        models.splice(index, 1);
      },
      export: async (id, format) => ({ fileName: `${id.split(':')[1]}.${format === 'json' ? 'json' : 'bplab'}`, bytes: new TextEncoder().encode(`model ${id}`) }),
      import: async (fileName) => {
        const info: ModelInfo = { id: `user:${fileName.replace(/\.[^.]*$/, '')}`, name: fileName, source: 'user', modelSpec: standInPreset.modelSpec };
        models.push(info);
        return structuredClone(info);
      },
    },
    train(job): TrainingHandle {
      let settle!: (outcome: TrainingOutcome) => void;
      let reject!: (error: Error) => void;
      const finished = new Promise<TrainingOutcome>((resolve, rejectPromise) => {
        settle = resolve;
        reject = rejectPromise;
      });
      const training: StandInTraining = {
        job, paused: false, stopped: false,
        finish: (outcome) => settle(outcome),
        fail: (error) => reject(error),
      };
      trainings.push(training);
      return {
        finished,
        pause: () => void (training.paused = true),
        resume: () => void (training.paused = false),
        stop: () => {
          training.stopped = true;
          settle({ reason: 'stopped' });
        },
      };
    },
  };
  return { backend, runs, trainings, models, checkpoints, preferences: () => preferences };
}
