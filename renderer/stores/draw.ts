/**
 * The drawing pad's state: strokes, their MNIST-style 28×28 input (core/data/strokes.ts: the pen's path
 * redrawn with a pen scaled to the digit, so the input does not depend on how big or with which pen the
 * digit was drawn) and the chosen model's prediction, refreshed while drawing at most every
 * PREDICT_INTERVAL_MS and once more when a stroke ends. Answers to superseded requests are dropped. A
 * drawing that is no digit (a dot, too little or too much ink) is not sent: `refusal` says why.
 * `readingState` says whether the prediction shown is the answer for the drawing as it stands.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Prediction } from '../../contract/index.js';
import { inkVerdict, MNIST_SIDE, strokesToDigit, strokesVerdict } from '@backprop-lab/core';
import { useLab } from '../api';
import type { Point, Stroke } from '../drawing/strokes';
import { messageOf } from './errors';
import { useThrottle } from '../composables/useThrottle';

export const PREDICT_INTERVAL_MS = 80;

/** Why a drawing is not classified: the verdicts of core/data/strokes.ts and ink-check.ts that refuse. */
export type Refusal = 'dot' | 'too-little-ink' | 'too-much-ink';

/**
 * What the pad's reading is: `empty` (a blank pad or no model), `refused` (no digit: `refusal`), `failed`
 * (`error`), `classifying` (the drawing or the model changed, or a stroke is still being drawn, since the
 * answer shown), `ready` (the answer shown is the model's for the drawing as it stands).
 */
export type ReadingState = 'empty' | 'refused' | 'failed' | 'classifying' | 'ready';

/** The drawing and model an answer was asked for. */
interface AskedFor {
  revision: number;
  strokeCount: number;
  modelId: string;
}

/** The drawing's refusal, or null when it may be a digit (or is blank: nothing to say). */
export function refusalOf(strokes: readonly Stroke[], input: Float32Array): Refusal | null {
  const shape = strokesVerdict(strokes);
  if (shape === 'blank') return null;
  if (shape === 'dot') return 'dot';
  const ink = inkVerdict(input);
  return ink === 'digit' || ink === 'blank' ? null : ink;
}

export const useDrawStore = defineStore('draw', () => {
  const lab = useLab();

  /** Finished and in-progress strokes, oldest first. */
  const strokes = shallowRef<Stroke[]>([]);
  /** Increments on every change of `strokes` (the pad repaints on it). */
  const revision = ref(0);
  /** Line width for new strokes, in pad units (the pad is PAD_SIZE units wide). */
  const strokeWidth = ref(24);
  /** The 28×28 input the model sees, ink 1 on 0. */
  const input = shallowRef<Float32Array>(new Float32Array(MNIST_SIDE * MNIST_SIDE));
  /** The model that classifies the drawing. */
  const modelId = ref<string | null>(null);
  /** The latest prediction for the current drawing; null when the pad is blank. */
  const prediction = ref<Prediction | null>(null);
  /** True while the model has not answered for the current drawing yet. */
  const pending = ref(false);
  /** Why the last prediction failed, if it did. */
  const error = ref<string | null>(null);
  /** Why the current drawing is not classified; null when it is (or the pad is blank). */
  const refusal = ref<Refusal | null>(null);
  /** True between a stroke's start and its end (the drawing is still changing). */
  const strokeOpen = ref(false);
  /** The drawing and model `prediction` was computed for; null with no prediction. */
  const predictedFor = shallowRef<AskedFor | null>(null);

  const isBlank = computed(() => strokes.value.length === 0);
  /** Number of strokes of the drawing the prediction shown was computed for; null with none. */
  const predictedStrokeCount = computed(() => predictedFor.value?.strokeCount ?? null);
  const readingState = computed<ReadingState>(() => {
    if (isBlank.value || !modelId.value) return 'empty';
    if (refusal.value) return 'refused';
    const asked = predictedFor.value;
    const current = asked !== null && asked.revision === revision.value && asked.modelId === modelId.value;
    if (current && !pending.value && !strokeOpen.value) return 'ready';
    // A failure is the drawing's as it stood when asked: once a new stroke is open, that drawing is gone.
    if (error.value && !pending.value && !strokeOpen.value) return 'failed';
    return 'classifying';
  });

  let requestNumber = 0;

  function changed() {
    revision.value++;
  }

  async function predictNow() {
    input.value = strokesToDigit(strokes.value);
    refusal.value = refusalOf(strokes.value, input.value);
    const number = ++requestNumber;
    if (isBlank.value || !modelId.value || refusal.value) {
      prediction.value = null;
      predictedFor.value = null;
      pending.value = false;
      return;
    }
    const asked: AskedFor = { revision: revision.value, strokeCount: strokes.value.length, modelId: modelId.value };
    pending.value = true;
    try {
      const answer = await lab.predict(asked.modelId, Array.from(input.value));
      if (number !== requestNumber) return;
      prediction.value = answer;
      predictedFor.value = asked;
      error.value = null;
    } catch (failure) {
      if (number !== requestNumber) return;
      prediction.value = null;
      predictedFor.value = null;
      error.value = messageOf(failure);
    }
    pending.value = false;
  }

  const throttledPredict = useThrottle(() => void predictNow(), PREDICT_INTERVAL_MS);

  function beginStroke(point: Point) {
    const stroke: Stroke = { width: strokeWidth.value, points: [point] };
    strokes.value = [...strokes.value, stroke];
    strokeOpen.value = true;
    changed();
    throttledPredict.call();
  }

  function extendStroke(points: Point[]) {
    const stroke = strokes.value[strokes.value.length - 1];
    if (!stroke) return;
    stroke.points.push(...points);
    changed();
    throttledPredict.call();
  }

  function endStroke() {
    strokeOpen.value = false;
    throttledPredict.cancel();
    return predictNow();
  }

  function redrawAll() {
    changed();
    throttledPredict.cancel();
    return predictNow();
  }

  function undo() {
    strokes.value = strokes.value.slice(0, -1);
    return redrawAll();
  }

  function clear() {
    strokes.value = [];
    return redrawAll();
  }

  function selectModel(id: string) {
    modelId.value = id;
    return predictNow();
  }

  return {
    strokes, revision, strokeWidth, input, modelId, prediction, pending, error, refusal, isBlank,
    readingState, predictedStrokeCount,
    beginStroke, extendStroke, endStroke, undo, clear, selectModel,
  };
});
