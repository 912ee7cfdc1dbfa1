/**
 * The drawing pad's state: strokes, their MNIST-style 28×28 input (core/data/digitize.ts on the
 * rasterised ink) and the chosen model's prediction, refreshed while drawing at most every
 * PREDICT_INTERVAL_MS and once more when a stroke ends. Answers to superseded requests are dropped.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Prediction } from '../../contract/index.js';
import { digitize, MNIST_SIDE } from '@backprop-lab/core';
import { useLab } from '../api';
import { emptyInk, PAD_SIZE, rasteriseStrokePoint, rasteriseStrokes, type Point, type Stroke } from '../drawing/strokes';
import { messageOf } from './errors';
import { useThrottle } from '../composables/useThrottle';

export const PREDICT_INTERVAL_MS = 80;

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

  const isBlank = computed(() => strokes.value.length === 0);

  let ink = emptyInk();
  let requestNumber = 0;

  function changed() {
    revision.value++;
  }

  async function predictNow() {
    input.value = digitize(ink, PAD_SIZE, PAD_SIZE);
    const number = ++requestNumber;
    if (isBlank.value || !modelId.value) {
      prediction.value = null;
      pending.value = false;
      return;
    }
    pending.value = true;
    try {
      const answer = await lab.predict(modelId.value, Array.from(input.value));
      if (number !== requestNumber) return;
      prediction.value = answer;
      error.value = null;
    } catch (failure) {
      if (number !== requestNumber) return;
      prediction.value = null;
      error.value = messageOf(failure);
    }
    pending.value = false;
  }

  const throttledPredict = useThrottle(() => void predictNow(), PREDICT_INTERVAL_MS);

  function beginStroke(point: Point) {
    const stroke: Stroke = { width: strokeWidth.value, points: [point] };
    strokes.value = [...strokes.value, stroke];
    rasteriseStrokePoint(ink, PAD_SIZE, stroke, 0);
    changed();
    throttledPredict.call();
  }

  function extendStroke(points: Point[]) {
    const stroke = strokes.value[strokes.value.length - 1];
    if (!stroke) return;
    for (const point of points) {
      stroke.points.push(point);
      rasteriseStrokePoint(ink, PAD_SIZE, stroke, stroke.points.length - 1);
    }
    changed();
    throttledPredict.call();
  }

  function endStroke() {
    throttledPredict.cancel();
    return predictNow();
  }

  function redrawAll() {
    ink = rasteriseStrokes(strokes.value);
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
    strokes, revision, strokeWidth, input, modelId, prediction, pending, error, isBlank,
    beginStroke, extendStroke, endStroke, undo, clear, selectModel,
  };
});
