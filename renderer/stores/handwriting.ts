/**
 * The personal handwriting set as the Draw view sees it: the samples (kept by the engine under the data
 * directory), counts per class, keep / relabel / delete with an undo stack (each step stores its inverse:
 * a relabel remembers the old label, a delete the whole sample, a keep its id), export and import, and
 * the last evaluation of a model on the set beside its MNIST test figures.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { HandwritingSampleRecord, MethodResult } from '../../contract/index.js';
import type { Stroke } from '../drawing/strokes';
import { useLab } from '../api';
import { messageOf } from './errors';
import { saveDownload } from '../composables/download';

type UndoStep =
  | { kind: 'keep'; id: string }
  | { kind: 'relabel'; id: string; from: number }
  | { kind: 'delete'; sample: HandwritingSampleRecord };

export type HandwritingEvaluation = MethodResult<'handwriting.evaluate'>;

export const useHandwritingStore = defineStore('handwriting', () => {
  const lab = useLab();
  const samples = shallowRef<HandwritingSampleRecord[]>([]);
  /** Plain (not deep-reactive) records: they are sent back to the engine as they are (structured clone). */
  const undoSteps = shallowRef<UndoStep[]>([]);
  const error = ref<string | null>(null);
  const busy = ref(false);
  const evaluation = shallowRef<HandwritingEvaluation | null>(null);
  const evaluating = ref(false);
  /** What the last import or export did, for the view to say. */
  const notice = ref<{ kind: 'exported' | 'imported'; count: number } | null>(null);

  const classCounts = computed(() => Array.from({ length: 10 }, (_, k) => samples.value.filter((s) => s.label === k).length));
  const canUndo = computed(() => undoSteps.value.length > 0);

  async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    try {
      const result = await work();
      error.value = null;
      return result;
    } catch (failure) {
      error.value = messageOf(failure);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  async function refresh() {
    await attempt(async () => {
      samples.value = (await lab.handwriting.list()).samples;
    });
  }

  /** Keeps a drawing with its confirmed label. */
  async function keep(label: number, pixels: Float32Array, strokes: readonly Stroke[]) {
    return attempt(async () => {
      const sample = await lab.handwriting.add({ label, pixels: Array.from(pixels), strokes: JSON.parse(JSON.stringify(strokes)) as Stroke[] });
      samples.value = [...samples.value, sample];
      undoSteps.value = [...undoSteps.value, { kind: 'keep', id: sample.id }];
      return sample;
    });
  }

  async function relabel(id: string, label: number) {
    const before = samples.value.find((s) => s.id === id);
    if (!before || before.label === label) return;
    await attempt(async () => {
      const changed = await lab.handwriting.relabel(id, label);
      samples.value = samples.value.map((s) => (s.id === id ? changed : s));
      undoSteps.value = [...undoSteps.value, { kind: 'relabel', id, from: before.label }];
    });
  }

  async function remove(id: string) {
    await attempt(async () => {
      const removed = await lab.handwriting.delete(id);
      samples.value = samples.value.filter((s) => s.id !== id);
      undoSteps.value = [...undoSteps.value, { kind: 'delete', sample: removed }];
    });
  }

  async function undo() {
    const step = undoSteps.value[undoSteps.value.length - 1];
    if (!step) return;
    await attempt(async () => {
      if (step.kind === 'keep') await lab.handwriting.delete(step.id);
      else if (step.kind === 'relabel') await lab.handwriting.relabel(step.id, step.from);
      else await lab.handwriting.restore(step.sample);
      undoSteps.value = undoSteps.value.slice(0, -1);
      samples.value = (await lab.handwriting.list()).samples;
    });
  }

  async function exportSet(format: 'idx' | 'png') {
    await attempt(async () => {
      const result = await lab.handwriting.export({ format });
      if (result.base64) saveDownload(result.fileName, result.base64);
      notice.value = { kind: 'exported', count: result.count };
    });
  }

  async function importZip(fileName: string, bytes: Uint8Array) {
    await attempt(async () => {
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const result = await lab.handwriting.import({ fileName, zipBase64: btoa(binary) });
      samples.value = (await lab.handwriting.list()).samples;
      notice.value = { kind: 'imported', count: result.added };
    });
  }

  async function evaluate(modelId: string) {
    evaluating.value = true;
    await attempt(async () => {
      evaluation.value = await lab.handwriting.evaluate(modelId);
    });
    evaluating.value = false;
  }

  return { samples, classCounts, canUndo, error, busy, evaluation, evaluating, notice, refresh, keep, relabel, remove, undo, exportSet, importZip, evaluate };
});
