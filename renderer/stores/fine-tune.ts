/**
 * Fine-tuning a model on the personal handwriting set, as the Draw view and experiment 12 see it: the
 * settings (the contract's defaults and ranges, FINE_TUNE_SETTINGS), the fine-tune in progress or last
 * finished (its "before" from the answer, its epochs and "after" from `handwriting.finetune` events,
 * which may arrive before the answer and wait for its run id), the new model, put on the pad on
 * request, and the fine-tunes that finished, as the engine keeps them with their runs (so they are there
 * after a restart; refreshed when one ends).
 */
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { FINE_TUNE_SETTINGS, type EventPayload, type FineTuneFigures, type FineTuneSetting, type FinishedFineTune, type MethodResult } from '../../contract/index.js';
import { useLab } from '../api';
import { messageOf } from './errors';
import { useDrawStore } from './draw';
import { useModelsStore } from './models';

export interface FineTuneState {
  runId: string | null;
  startModelId: string;
  startModelName: string;
  counts: MethodResult<'handwriting.finetune'>['counts'] | null;
  before: FineTuneFigures | null;
  epoch: number;
  epochs: number;
  state: 'starting' | 'running' | 'done' | 'failed';
  after: FineTuneFigures | null;
  modelId: string | null;
  modelName: string | null;
  error: string | null;
}

type Settings = Record<FineTuneSetting, number>;

const defaults = (): Settings => Object.fromEntries(Object.entries(FINE_TUNE_SETTINGS).map(([key, rule]) => [key, rule.default])) as Settings;

export const useFineTuneStore = defineStore('fine-tune', () => {
  const lab = useLab();
  const settings = reactive<Settings>(defaults());
  const current = ref<FineTuneState | null>(null);
  /** The fine-tunes that ended with a model, newest first, read from the engine. */
  const finished = ref<FinishedFineTune[]>([]);
  /** Why the finished fine-tunes could not be read, when they could not. */
  const finishedError = ref<string | null>(null);
  /** Events of a run whose id the answer has not given yet. */
  const early = new Map<string, EventPayload<'handwriting.finetune'>[]>();

  function apply(event: EventPayload<'handwriting.finetune'>) {
    const state = current.value;
    if (!state || state.runId !== event.runId) return;
    state.epoch = event.epoch;
    state.epochs = event.epochs;
    if (event.state === 'epoch') state.state = 'running';
    if (event.state === 'done') {
      Object.assign(state, { state: 'done', after: event.after ?? null, modelId: event.modelId ?? null, modelName: event.modelName ?? null });
      void useModelsStore().refresh();
      void loadFinished();
    }
    // The failure as data is worded in the language shown; an engine older than it sends only English.
    if (event.state === 'failed') Object.assign(state, { state: 'failed', error: event.failure ? messageOf(event.failure) : event.error ?? null });
  }

  lab.on('handwriting.finetune', (event) => {
    if (current.value?.runId === event.runId) apply(event);
    else early.set(event.runId, [...(early.get(event.runId) ?? []), event]);
  });

  async function start(modelId: string, modelName: string) {
    current.value = {
      runId: null, startModelId: modelId, startModelName: modelName, counts: null, before: null, epoch: 0, epochs: settings.epochs,
      state: 'starting', after: null, modelId: null, modelName: null, error: null,
    };
    try {
      const answer = await lab.handwriting.fineTune({ modelId, ...settings });
      Object.assign(current.value, { runId: answer.runId, counts: answer.counts, before: answer.before, state: 'running' });
      for (const event of early.get(answer.runId) ?? []) apply(event);
      early.delete(answer.runId);
    } catch (failure) {
      Object.assign(current.value, { state: 'failed', error: messageOf(failure) });
    }
  }

  async function loadFinished() {
    try {
      finished.value = await lab.handwriting.fineTunes();
      finishedError.value = null;
    } catch (failure) {
      finishedError.value = messageOf(failure);
    }
  }

  function putOnPad() {
    if (current.value?.modelId) void useDrawStore().selectModel(current.value.modelId);
  }

  function resetSettings() {
    Object.assign(settings, defaults());
  }

  return { settings, current, finished, finishedError, start, loadFinished, putOnPad, resetSettings };
});
