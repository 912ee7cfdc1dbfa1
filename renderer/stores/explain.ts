/**
 * "Why did it say that?" for the drawing on the pad: the engine's saliency map of a class (the top one
 * unless the user picks another), every layer's activations and the first convolution's filters
 * (`insight.explain`). Answers to superseded requests are dropped, as the pad's predictions are.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { MethodResult } from '../../contract/index.js';
import { useLab } from '../api';
import { messageOf } from './errors';

export type Explanation = MethodResult<'insight.explain'>;

export const useExplainStore = defineStore('explain', () => {
  const lab = useLab();
  const explanation = shallowRef<Explanation | null>(null);
  /** The class whose saliency is shown; null follows the top class. */
  const chosenClass = ref<number | null>(null);
  const error = ref<string | null>(null);
  let requestNumber = 0;

  async function explain(modelId: string | null, input: Float32Array | null) {
    const number = ++requestNumber;
    if (!modelId || !input) {
      explanation.value = null;
      return;
    }
    try {
      const answer = await lab.insight.explain({ modelId, input: Array.from(input), ...(chosenClass.value === null ? {} : { classIndex: chosenClass.value }) });
      if (number !== requestNumber) return;
      explanation.value = answer;
      error.value = null;
    } catch (failure) {
      if (number !== requestNumber) return;
      explanation.value = null;
      error.value = messageOf(failure);
    }
  }

  return { explanation, chosenClass, error, explain };
});
