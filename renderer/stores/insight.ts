/**
 * A model looked at on the MNIST test set, for the Models view: its confusion matrix (asked once per
 * model, 10,000 digits take the engine seconds), the digits of a chosen cell, the misread digits with
 * their pixels, and its weight histograms. A cell's digits are found from the per-digit answers and
 * labels the engine sends, then fetched by index (at most `CELL_DIGITS` of them).
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { MethodResult } from '../../contract/index.js';
import { useLab } from '../api';
import { messageOf } from './errors';

export type MnistInsight = MethodResult<'insight.mnist'>;
export type TestDigit = MethodResult<'insight.mnistDigits'>['digits'][number];

/** Digits shown for one cell, and misread digits in the gallery (the contract allows 400 per request). */
export const CELL_DIGITS = 60;
export const MISREAD_DIGITS = 48;

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Indices of the test digits of class `truth` read as `predicted`, in test-set order. */
export function cellIndices(insight: MnistInsight, truth: number, predicted: number, limit = CELL_DIGITS): number[] {
  const labels = bytesOf(insight.labels);
  const answers = bytesOf(insight.predicted);
  const found: number[] = [];
  for (let i = 0; i < labels.length && found.length < limit; i++) if (labels[i] === truth && answers[i] === predicted) found.push(i);
  return found;
}

export const useInsightStore = defineStore('insight', () => {
  const lab = useLab();
  const byModel = shallowRef<Record<string, MnistInsight>>({});
  const loadingId = ref<string | null>(null);
  const error = ref<string | null>(null);
  /** The chosen cell and its digits. */
  const cell = shallowRef<{ modelId: string; truth: number; predicted: number; digits: TestDigit[] } | null>(null);
  /** Pixels of the most confident misread digits, by model id. */
  const misreadDigits = shallowRef<Record<string, TestDigit[]>>({});

  async function load(modelId: string) {
    if (byModel.value[modelId]) return;
    loadingId.value = modelId;
    try {
      const insight = await lab.insight.mnist(modelId);
      const shown = insight.misread.slice(0, MISREAD_DIGITS).map((m) => m.index);
      const digits = shown.length > 0 ? (await lab.insight.mnistDigits(shown)).digits : [];
      byModel.value = { ...byModel.value, [modelId]: insight };
      misreadDigits.value = { ...misreadDigits.value, [modelId]: digits };
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    } finally {
      loadingId.value = null;
    }
  }

  async function openCell(modelId: string, truth: number, predicted: number) {
    const insight = byModel.value[modelId];
    if (!insight) return;
    try {
      const indices = cellIndices(insight, truth, predicted);
      const digits = indices.length > 0 ? (await lab.insight.mnistDigits(indices)).digits : [];
      cell.value = { modelId, truth, predicted, digits };
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  return { byModel, loadingId, error, cell, misreadDigits, load, openCell };
});
