/**
 * Training from the UI: the presets, the draft being edited (ModelSpec + TrainSpec), the current run
 * and its live points (from training.* events), progress with samples/s and ETA, and the controls.
 * A run already going when the app opens (another window, a reload) is adopted with its history.
 * When the engine comes back (a restart after a crash, a reconnect) the run is read again: a run whose
 * engine died reads `interrupted`, and Resume continues it from its last checkpoint.
 *
 * What the store says is always the engine's latest word on the run: answers and events may arrive in
 * either order (an event can overtake the answer that announced its run), so every summary heard is
 * kept by run id and a summary older than the one shown never replaces it (isStaleRun). The form shows
 * the settings of the run it follows. A run's failure reason is the run's own (`failure`), apart from
 * the errors of requests (`error`), so a late "cannot stop" never hides why the run failed.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import {
  FRESH_START, ONE_THREAD,
  type DatasetReference, type EpochPoint, type ExecutorChoice, type IterationPoint, type Preset, type RunDetail, type RunSummary, type StartingPoint,
} from '../../contract/index.js';
import { runNameParts, englishName, type ModelSpec, type TrainSpec } from '@backprop-lab/core';
import { engineNameText } from '../i18n/engineName';
import { useLab } from '../api';
import { appendLive, mergeByKey, thinned } from '../composables/runPoints';
import { failureOf, layerIndexOf, messageOf, runFailureText } from './errors';
import { useEngineStore } from './engine';

/** A plain deep copy of JSON data (reactive proxies cannot cross a structured clone or the Electron bridge). */
const plainCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Live curves keep at most this many iteration points; older ones are thinned to every other. */
export const MAX_ITERATION_POINTS = 4000;

/**
 * After the engine comes back, how long to wait before each reading of the run. Right after a crash
 * the run store may still see the dead engine as the run's owner for a moment, and a request sent
 * while the page's channel to the new engine is being set up may never be answered; so a run that
 * still reads active, and sends no live point, is read again a few times.
 */
export const RUN_RECHECK_DELAYS_MS = [0, 500, 1000, 2000, 4000, 8000];

const iterationKey = (point: IterationPoint) => point.step;
const epochKey = (point: EpochPoint) => point.epoch;

const isActiveStatus = (status: RunSummary['status']) => status === 'running' || status === 'paused' || status === 'queued';
const isFinishedStatus = (status: RunSummary['status']) => status === 'completed' || status === 'stopped' || status === 'failed';

/**
 * True when `incoming` is an older word on the run `current` shows: written before it, or written in
 * the same millisecond but still active where `current` has already ended (the engine ends a run last).
 */
export function isStaleRun(current: RunSummary | null, incoming: RunSummary): boolean {
  if (!current || current.id !== incoming.id) return false;
  if (incoming.updatedAt !== current.updatedAt) return incoming.updatedAt < current.updatedAt;
  return isFinishedStatus(current.status) && !isFinishedStatus(incoming.status);
}

/** What the view shows of the run it follows: its status, or `starting`/`stopping` while the engine works on a request. */
export type RunPhase = RunSummary['status'] | 'starting' | 'stopping';

function summaryOf(detail: RunDetail): RunSummary {
  const { modelSpec: _model, trainSpec: _train, iterations: _iterations, epochPoints: _epochs, dataset: _dataset, start: _start, executor: _executor, ...summary } = detail;
  return summary;
}

/** The data the form can start a run on: the bundled MNIST, or a dataset the user imported (trainSubset limits either). */
export type DatasetChoice = { source: 'mnist' } | { source: 'user'; name: string };
/** Where the form can start a run's weights: seeded fresh, or a library model's (fine-tuning). */
export type StartChoice = Extract<StartingPoint, { from: 'fresh' | 'model' }>;

/** A refusal of runs.start that concerns the starting model (its weights do not fit), shown next to that field. */
const isStartRefusal = (code: string | undefined) => code?.startsWith('run.start-tensor-') ?? false;

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
  const engine = useEngineStore();

  /** Presets offered by the engine. */
  const presets = ref<Preset[]>([]);
  /** The preset the draft started from, if any. */
  const presetName = ref<string | null>(null);
  /** The model being edited. */
  const modelSpec = ref<ModelSpec | null>(null);
  /** The training settings being edited. */
  const trainSpec = ref<TrainSpec | null>(null);
  /** The name the user typed for the next run; blank: `defaultName`. */
  const draftName = ref('');
  /** Train on the first N training samples only (a quick look); null for all. */
  const trainSubset = ref<number | null>(null);
  /** What the next run trains on. */
  const dataset = ref<DatasetChoice>({ source: 'mnist' });
  /** Where the next run's weights start. */
  const startFrom = ref<StartChoice>(FRESH_START);
  /** Who takes the next run's steps: one thread, N threads, or auto. */
  const executor = ref<ExecutorChoice>(ONE_THREAD);
  /** The engine refused the starting model when Start was pressed: why (shown next to the model field). */
  const startRefusal = ref<string | null>(null);
  /** What the followed run trains on and where its weights started (its start line). */
  const runParts = ref<{ dataset: DatasetReference; start: StartingPoint } | null>(null);
  /** The run this view follows: the last one started here, or one found running. */
  const run = ref<RunSummary | null>(null);
  /** Throttled per-iteration points of the run. */
  const iterations = shallowRef<IterationPoint[]>([]);
  /** One point per finished epoch (train and validation loss/accuracy). */
  const epochs = shallowRef<EpochPoint[]>([]);
  /** Where the run is, for the progress bar. */
  const progress = ref<Progress | null>(null);
  /** Why the last request failed (the run could not start: an invalid spec names the layer). */
  const error = ref<string | null>(null);
  /** The layer that error concerns (a spec error's layerIndex, as data), for the layer editor to mark. */
  const errorLayer = ref<number | null>(null);
  watch(error, (text) => void (text === null && (errorLayer.value = null)), { flush: 'sync' });
  function refuse(failure: unknown) {
    if (isStartRefusal(failureOf(failure).code)) {
      startRefusal.value = messageOf(failure);
      return;
    }
    error.value = messageOf(failure);
    errorLayer.value = layerIndexOf(failure);
  }
  /** Test accuracy of the model the finished run produced. */
  const testAccuracy = ref<number | null>(null);
  /** True while a control request (start, pause…) is in flight. */
  const busy = ref(false);

  /** The latest summary heard of each run (events may come before the answer that names the run). */
  const heard = new Map<string, RunSummary>();
  /** Failure reasons the engine pushed (training.error), by run id. */
  const reasons = new Map<string, string>();
  /** True while Start waits for the engine. */
  const starting = ref(false);
  /** The run Stop was pressed for; it reads `stopping` until the engine says it ended. */
  const stopRequested = ref<string | null>(null);

  /** What the next run is called unless named: its preset and what differs from it, as the engine will name it, in the language shown. */
  const defaultName = computed(() => {
    if (!modelSpec.value || !trainSpec.value) return '';
    const preset = presets.value.find((p) => p.name === presetName.value);
    const nameParts = runNameParts(preset, modelSpec.value, trainSpec.value);
    return engineNameText({ name: englishName(nameParts), nameParts });
  });

  const isActive = computed(() => run.value !== null && isActiveStatus(run.value.status));
  const phase = computed<RunPhase | null>(() => {
    if (starting.value) return 'starting';
    if (!run.value) return null;
    if (stopRequested.value === run.value.id && isActive.value) return 'stopping';
    return run.value.status;
  });
  /** Why the followed run failed, in the engine's words; null unless it failed. */
  const failure = computed(() => (run.value?.status === 'failed' ? runFailureText(run.value) ?? reasons.get(run.value.id) ?? null : null));
  /** What a finished run left: the model it saved (if any) and that model's test accuracy. */
  const outcome = computed(() => {
    if (!run.value || !isFinishedStatus(run.value.status) || run.value.status === 'failed') return null;
    return { modelId: run.value.modelId ?? null, testAccuracy: testAccuracy.value ?? run.value.testAccuracy ?? null };
  });
  /** The engine cannot answer now (crashed or stopped): the controls wait for it. */
  const engineDown = computed(() => engine.isDown);
  /** The run can be continued: paused, or interrupted (from its last checkpoint). */
  const canResume = computed(() => run.value?.status === 'paused' || run.value?.status === 'interrupted');

  function usePreset(name: string) {
    const preset = presets.value.find((p) => p.name === name);
    if (!preset) return;
    presetName.value = name;
    modelSpec.value = plainCopy(preset.modelSpec);
    trainSpec.value = plainCopy(preset.trainSpec);
    draftName.value = '';
    error.value = null;
  }

  /** Keeps `next` as the latest word on its run unless an earlier-heard one is newer; returns the newest. */
  function hear(next: RunSummary): RunSummary {
    const known = heard.get(next.id) ?? null;
    const newest = known && isStaleRun(known, next) ? known : next;
    heard.set(next.id, newest);
    return newest;
  }

  /** Shows `next` if it is the followed run and not older than what is shown. */
  function apply(next: RunSummary) {
    const newest = hear(next);
    if (isCurrent(newest.id) && !isStaleRun(run.value, newest)) run.value = newest;
  }

  /** The form takes the settings of the run it shows. */
  function showSettingsOf(detail: RunDetail) {
    modelSpec.value = plainCopy(detail.modelSpec);
    trainSpec.value = plainCopy(detail.trainSpec);
    presetName.value = detail.preset ?? null;
    const data = detail.dataset;
    // A fine-tune on the handwriting set or an experiment's network cannot be started again here: MNIST is offered instead.
    dataset.value = data.source === 'user' ? { source: 'user', name: data.name } : { source: 'mnist' };
    trainSubset.value = data.source === 'mnist' || data.source === 'user' ? data.trainLimit ?? null : null;
    const start = detail.start;
    startFrom.value = start.from === 'model' ? { from: 'model', modelId: start.modelId } : FRESH_START;
    executor.value = detail.executor;
    runParts.value = { dataset: detail.dataset, start: detail.start };
    draftName.value = '';
  }

  function follow(given: RunSummary, history?: RunDetail) {
    const next = hear(given);
    if (next.id !== stopRequested.value) stopRequested.value = null;
    run.value = next;
    if (history) showSettingsOf(history);
    else runParts.value = null;
    iterations.value = history?.iterations ?? [];
    epochs.value = history?.epochPoints ?? [];
    const lastPoint = iterations.value[iterations.value.length - 1];
    progress.value = {
      epochsDone: next.epochsDone, epochs: next.epochs, step: lastPoint?.step ?? 0,
      iterationsPerEpoch: 0, samplesPerSecond: lastPoint?.samplesPerSecond ?? 0, etaMs: null,
    };
    testAccuracy.value = next.testAccuracy ?? null;
  }

  /** Adds the run's stored points to the live ones (a live point wins where both have it). */
  function mergeHistory(detail: RunDetail) {
    iterations.value = thinned(mergeByKey(detail.iterations, iterations.value, iterationKey), MAX_ITERATION_POINTS);
    epochs.value = mergeByKey(detail.epochPoints, epochs.value, epochKey);
    const lastPoint = iterations.value[iterations.value.length - 1];
    const lastEpoch = epochs.value[epochs.value.length - 1];
    if (progress.value) {
      progress.value = {
        ...progress.value,
        epochsDone: Math.max(progress.value.epochsDone, detail.epochsDone, lastEpoch?.epoch ?? 0),
        step: Math.max(progress.value.step, lastPoint?.step ?? 0),
      };
    }
  }

  /** The run's stored points, merged in if it is still the one followed; without them the curves show live points only. */
  async function loadHistory(id: string) {
    try {
      const detail = await lab.runs.get(id);
      if (!isCurrent(id)) return;
      mergeHistory(detail);
      showSettingsOf(detail);
    } catch {
      // The live curves go on; the history is only their beginning.
    }
  }

  async function load() {
    try {
      presets.value = await lab.presets.list();
      if (!modelSpec.value && presets.value[0]) usePreset(presets.value[0].name);
      const going = (await lab.runs.list()).find((r) => r.status === 'running' || r.status === 'paused');
      if (going && (!run.value || run.value.id !== going.id)) {
        hear(going);
        const detail = await lab.runs.get(going.id);
        // Something may have been followed meanwhile (Start pressed, a run adopted): that one stays.
        if (!run.value || run.value.id === going.id) follow(summaryOf(detail), detail);
      }
    } catch (failure) {
      refuse(failure);
    }
  }

  /** Shows the stored run `id` (from the Runs view): its status, curves and settings. */
  async function open(id: string) {
    try {
      const detail = await lab.runs.get(id);
      follow(summaryOf(detail), detail);
      error.value = null;
    } catch (failure) {
      refuse(failure);
    }
  }

  /**
   * A pause, resume or stop. When the engine refuses it, the run is read again: a run that has ended
   * meanwhile explains itself (its status and reason), and the refusal is not worth showing.
   */
  async function control(id: string, action: () => Promise<RunSummary>) {
    busy.value = true;
    try {
      apply(await action());
      error.value = null;
    } catch (failure) {
      const refusal = messageOf(failure);
      const now = await lab.runs.get(id).then(summaryOf, () => null);
      if (now) apply(now);
      error.value = now && !isActiveStatus(now.status) ? null : refusal;
      if (error.value !== null) errorLayer.value = layerIndexOf(failure);
    } finally {
      busy.value = false;
    }
  }

  async function start() {
    if (!modelSpec.value || !trainSpec.value) return;
    const modelDraft = modelSpec.value;
    const trainDraft = trainSpec.value;
    const limit = trainSubset.value ? { trainLimit: trainSubset.value } : {};
    const data: DatasetReference = { ...dataset.value, ...limit };
    const start = plainCopy(startFrom.value);
    busy.value = true;
    starting.value = true;
    error.value = null;
    startRefusal.value = null;
    try {
      const started = await lab.runs.start({
        // Untyped, the engine names the run (the name `defaultName` shows) and keeps its parts to word it.
        ...(draftName.value.trim() ? { name: draftName.value.trim() } : {}),
        ...(presetName.value ? { preset: presetName.value } : {}),
        modelSpec: plainCopy(modelDraft),
        trainSpec: plainCopy(trainDraft),
        dataset: data,
        start,
        executor: plainCopy(executor.value),
      });
      follow(started);
      runParts.value = { dataset: data, start };
    } catch (failure) {
      refuse(failure);
    } finally {
      busy.value = false;
      starting.value = false;
    }
  }

  const pause = () => (run.value ? control(run.value.id, () => lab.runs.pause(run.value!.id)) : Promise.resolve());

  /** Continues a paused run, or an interrupted one from its last checkpoint (then its stored points start the curves). */
  async function resume() {
    if (!run.value) return;
    if (run.value.status === 'interrupted') await resumeRun(run.value.id);
    else await control(run.value.id, () => lab.runs.resume(run.value!.id));
  }

  /**
   * Continues the interrupted run `id` from its last checkpoint and follows it from now on; true when
   * the engine took it (else the reason is in `error`).
   */
  async function resumeRun(id: string): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      const resumed = await lab.runs.resume(id);
      if (isCurrent(id)) apply(resumed);
      else follow(resumed);
      await loadHistory(id);
      return true;
    } catch (failure) {
      refuse(failure);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function stop() {
    if (!run.value) return;
    const id = run.value.id;
    stopRequested.value = id;
    await control(id, () => lab.runs.stop(id));
  }

  function isCurrent(runId: string) {
    return run.value?.id === runId;
  }

  /** Bumped by every live point of the followed run: a run that sends points is alive, no need to read it again. */
  let livePoints = 0;

  lab.on('training.iteration', (point) => {
    if (!isCurrent(point.runId)) return;
    livePoints++;
    const { runId: _runId, iterationsPerEpoch: _perEpoch, ...stored } = point;
    iterations.value = thinned(appendLive(iterations.value, stored, iterationKey), MAX_ITERATION_POINTS);
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
    livePoints++;
    const { runId: _runId, epochs: _epochs, ...stored } = point;
    epochs.value = appendLive(epochs.value, stored, epochKey);
    if (progress.value) progress.value = { ...progress.value, epochsDone: point.epoch, epochs: point.epochs, etaMs: point.etaMs ?? progress.value.etaMs };
  });

  lab.on('training.status', ({ run: next }) => {
    if (isCurrent(next.id)) {
      apply(next);
    } else if (next.status === 'running' && !isActive.value && !busy.value) {
      // A run started or resumed elsewhere (another window, the CLI on the same data) while this one is idle: follow it.
      follow(next);
      void loadHistory(next.id);
    } else {
      hear(next);
    }
  });

  lab.on('training.done', ({ run: next, testAccuracy: accuracy }) => {
    apply(next);
    if (!isCurrent(next.id)) return;
    testAccuracy.value = accuracy ?? next.testAccuracy ?? null;
    if (progress.value) progress.value = { ...progress.value, epochsDone: next.epochsDone, etaMs: 0 };
  });

  lab.on('training.error', ({ runId, message }) => {
    reasons.set(runId, message);
  });

  /** Counts the times the engine came back, so a reading scheduled for an earlier return stands down. */
  let engineReturns = 0;

  /**
   * Reads the followed run again after the engine came back, as RUN_RECHECK_DELAYS_MS says: until it
   * reads inactive (interrupted, completed…), sends a live point, or is no longer the one followed.
   */
  function recheckRun(id: string, attempt: number, returnNumber: number, livePointsAtReturn: number) {
    const delayMs = RUN_RECHECK_DELAYS_MS[attempt];
    if (delayMs === undefined) return;
    const read = () => {
      if (returnNumber !== engineReturns || !isCurrent(id) || livePoints !== livePointsAtReturn) return;
      lab.runs.get(id).then((detail) => {
        if (returnNumber !== engineReturns || !isCurrent(id)) return;
        if (livePoints === livePointsAtReturn) run.value = hear(summaryOf(detail));
        mergeHistory(detail);
        if (isActiveStatus(detail.status)) recheckRun(id, attempt + 1, returnNumber, livePointsAtReturn);
      }, () => recheckRun(id, attempt + 1, returnNumber, livePointsAtReturn));
    };
    if (delayMs === 0) read();
    else setTimeout(read, delayMs);
  }

  // The engine is back (ready after a crash, a restart or a reconnect, or a new generation): what the
  // followed run became is only known to the engine now. The engine store hears both the pushed
  // status and a restart's answer.
  watch(
    () => (engine.status ? `${engine.status.state}/${engine.status.generation}` : null),
    (now, before) => {
      if (!now?.startsWith('ready/') || now === before) return;
      engineReturns++;
      if (run.value) recheckRun(run.value.id, 0, engineReturns, livePoints);
    },
    // Synchronously, so a crash and a return within one tick (a quick reconnect) are both seen.
    { flush: 'sync' },
  );

  return {
    presets, presetName, modelSpec, trainSpec, trainSubset, dataset, startFrom, executor, startRefusal, runParts, draftName, defaultName, run, iterations, epochs, progress, error, errorLayer,
    testAccuracy, busy, isActive, engineDown, canResume, phase, failure, outcome,
    load, open, usePreset, start, pause, resume, resumeRun, stop,
  };
});
