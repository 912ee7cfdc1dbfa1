/**
 * Training from the UI: the presets, the draft being edited (ModelSpec + TrainSpec), the current run
 * and its live points (from training.* events), progress with samples/s and ETA, and the controls.
 * A run already going when the app opens (another window, a reload) is adopted with its history.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { EpochPoint, IterationPoint, Preset, RunSummary } from '../../main/contract/index.js';
import type { ModelSpec, TrainSpec } from '../../core/spec.js';
import { useLab } from '../api';
import { messageOf } from './errors';

/** A plain deep copy of JSON data (reactive proxies cannot cross a structured clone or the Electron bridge). */
const plainCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Live curves keep at most this many iteration points; older ones are thinned to every other. */
export const MAX_ITERATION_POINTS = 4000;

export interface Progress {
  /** Epochs finished. */
  epochsDone: number;
  epochs: number;
  /** Iterations since the run began, from 1 (0 before the first). */
  step: number;
  /** 0 until the first iteration event says. */
  iterationsPerEpoch: number;
  samplesPerSecond: number;
  /** Estimated time left, from the current iteration rate or the last epoch's pace. */
  etaMs: number | null;
}

export const useTrainingStore = defineStore('training', () => {
  const lab = useLab();

  /** Presets offered by the engine. */
  const presets = ref<Preset[]>([]);
  /** The preset the draft started from, if any. */
  const presetName = ref<string | null>(null);
  /** The model being edited. */
  const modelSpec = ref<ModelSpec | null>(null);
  /** The training settings being edited. */
  const trainSpec = ref<TrainSpec | null>(null);
  /** Train on the first N training samples only (a quick look); null for all. */
  const trainSubset = ref<number | null>(null);
  /** The run this view follows: the last one started here, or one found running. */
  const run = ref<RunSummary | null>(null);
  /** Throttled per-iteration points of the run. */
  const iterations = shallowRef<IterationPoint[]>([]);
  /** One point per finished epoch (train and validation loss/accuracy). */
  const epochs = shallowRef<EpochPoint[]>([]);
  /** Where the run is, for the progress bar. */
  const progress = ref<Progress | null>(null);
  /** The engine's answer when the run could not start or failed (an invalid spec names the layer). */
  const error = ref<string | null>(null);
  /** Test accuracy of the model the finished run produced. */
  const testAccuracy = ref<number | null>(null);
  /** True while a control request (start, pause…) is in flight. */
  const busy = ref(false);

  const isActive = computed(() => run.value?.status === 'running' || run.value?.status === 'paused' || run.value?.status === 'queued');

  function usePreset(name: string) {
    const preset = presets.value.find((p) => p.name === name);
    if (!preset) return;
    presetName.value = name;
    modelSpec.value = plainCopy(preset.modelSpec);
    trainSpec.value = plainCopy(preset.trainSpec);
    error.value = null;
  }

  function follow(next: RunSummary, history?: { iterations: IterationPoint[]; epochPoints: EpochPoint[] }) {
    run.value = next;
    iterations.value = history?.iterations ?? [];
    epochs.value = history?.epochPoints ?? [];
    const lastPoint = iterations.value[iterations.value.length - 1];
    progress.value = {
      epochsDone: next.epochsDone, epochs: next.epochs, step: lastPoint?.step ?? 0,
      iterationsPerEpoch: 0, samplesPerSecond: lastPoint?.samplesPerSecond ?? 0, etaMs: null,
    };
    testAccuracy.value = next.testAccuracy ?? null;
  }

  async function load() {
    try {
      presets.value = await lab.presets.list();
      if (!modelSpec.value && presets.value[0]) usePreset(presets.value[0].name);
      const going = (await lab.runs.list()).find((r) => r.status === 'running' || r.status === 'paused');
      if (going && (!run.value || run.value.id !== going.id)) {
        const detail = await lab.runs.get(going.id);
        follow(going, detail);
      }
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  async function control(action: () => Promise<RunSummary>) {
    busy.value = true;
    try {
      run.value = await action();
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    } finally {
      busy.value = false;
    }
  }

  async function start() {
    if (!modelSpec.value || !trainSpec.value) return;
    const modelDraft = modelSpec.value;
    const trainDraft = trainSpec.value;
    busy.value = true;
    error.value = null;
    try {
      const started = await lab.runs.start({
        name: presetName.value ?? modelDraft.name ?? 'custom',
        ...(presetName.value ? { preset: presetName.value } : {}),
        modelSpec: plainCopy(modelDraft),
        trainSpec: plainCopy(trainDraft),
        ...(trainSubset.value ? { trainSubset: trainSubset.value } : {}),
      });
      follow(started);
    } catch (failure) {
      error.value = messageOf(failure);
    } finally {
      busy.value = false;
    }
  }

  const pause = () => (run.value ? control(() => lab.runs.pause(run.value!.id)) : Promise.resolve());
  const resume = () => (run.value ? control(() => lab.runs.resume(run.value!.id)) : Promise.resolve());
  const stop = () => (run.value ? control(() => lab.runs.stop(run.value!.id)) : Promise.resolve());

  const isCurrent = (runId: string) => run.value?.id === runId;

  lab.on('training.iteration', (point) => {
    if (!isCurrent(point.runId)) return;
    let next = [...iterations.value, point];
    if (next.length > MAX_ITERATION_POINTS) next = next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
    iterations.value = next;
    const epochsTotal = run.value!.epochs;
    const iterationsLeft = Math.max(0, epochsTotal * point.iterationsPerEpoch - point.step);
    const batchSize = trainSpec.value?.batchSize ?? 0;
    const rateEtaMs = point.samplesPerSecond > 0 && batchSize > 0 ? (iterationsLeft * batchSize / point.samplesPerSecond) * 1000 : null;
    progress.value = {
      epochsDone: progress.value?.epochsDone ?? 0,
      epochs: epochsTotal,
      step: point.step,
      iterationsPerEpoch: point.iterationsPerEpoch,
      samplesPerSecond: point.samplesPerSecond,
      etaMs: rateEtaMs ?? progress.value?.etaMs ?? null,
    };
  });

  lab.on('training.epoch', (point) => {
    if (!isCurrent(point.runId)) return;
    epochs.value = [...epochs.value, point];
    if (progress.value) progress.value = { ...progress.value, epochsDone: point.epoch, epochs: point.epochs, etaMs: point.etaMs ?? progress.value.etaMs };
  });

  lab.on('training.status', ({ run: next }) => {
    if (isCurrent(next.id)) {
      run.value = next;
    } else if (next.status === 'running' && !isActive.value && !busy.value) {
      // A run started elsewhere (another window, the CLI on the same data) while this one is idle: follow it.
      follow(next);
    }
  });

  lab.on('training.done', ({ run: next, testAccuracy: accuracy }) => {
    if (!isCurrent(next.id)) return;
    run.value = next;
    testAccuracy.value = accuracy ?? next.testAccuracy ?? null;
    if (progress.value) progress.value = { ...progress.value, epochsDone: next.epochsDone, etaMs: 0 };
  });

  lab.on('training.error', ({ runId, message }) => {
    if (isCurrent(runId)) error.value = message;
  });

  // After an engine restart the run may have become interrupted: read its status again.
  lab.on('engine.status', (status) => {
    if (status.state !== 'ready' || !run.value) return;
    const id = run.value.id;
    lab.runs.list().then((list) => {
      const fresh = list.find((r) => r.id === id);
      if (fresh && isCurrent(id)) run.value = fresh;
    }, () => undefined);
  });

  return {
    presets, presetName, modelSpec, trainSpec, trainSubset, run, iterations, epochs, progress, error,
    testAccuracy, busy, isActive, load, usePreset, start, pause, resume, stop,
  };
});
