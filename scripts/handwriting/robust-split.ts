/**
 * How the robust cnn-best's scripts share MNIST's 60,000 TRAINING digits. The 5,000 digits the bundled
 * cnn-best held out for validation when it was trained (its preset's split and seed, core/train/pipeline.ts)
 * are held out of the fine-tune too: neither model has seen them, so they (and writer variants of them)
 * choose between candidate models (robust-soup.ts) without looking at the MNIST test set or the other
 * writers' proxy (both made of TEST digits, kept for the final measurement). From the other 55,000,
 * Rng(seed) draws the fine-tune's originals, from a second shuffle its writer variants' sources and
 * from a third the sources of its pad-rendered digits (drawn after the other two, so they stay as before).
 */
import { getPreset, Rng, runSplit } from '@backprop-lab/core';

export interface RobustSplit {
  /** Digits the fine-tune sees unchanged. */
  originals: Uint32Array;
  /** Digits the fine-tune sees as writer variants. */
  variantSources: Uint32Array;
  /** Digits the fine-tune sees as drawn on the pad (core/data/pad-drawing.ts). */
  padSources: Uint32Array;
  /** Digits neither cnn-best nor the fine-tune has seen: validation for choosing a model. */
  validation: Uint32Array;
}

const sorted = (indices: Uint32Array) => indices.slice().sort();

export function robustSplit(trainCount: number, seed: number, originalCount: number, variantCount: number, padCount = 0): RobustSplit {
  const { trainSpec } = getPreset('cnn-best');
  const held = runSplit(trainCount, trainSpec.validationSplit, trainSpec.seed);
  const usable = held.trainIndices.length;
  if (originalCount > usable || variantCount > usable || padCount > usable) {
    throw new Error(`robustSplit: ${originalCount} originals, ${variantCount} variants or ${padCount} pad digits exceed the ${usable} digits outside cnn-best's validation split`);
  }
  const rng = new Rng(seed);
  return {
    originals: sorted(rng.shuffle(held.trainIndices.slice()).subarray(0, originalCount)),
    variantSources: sorted(rng.shuffle(held.trainIndices.slice()).subarray(0, variantCount)),
    padSources: sorted(rng.shuffle(held.trainIndices.slice()).subarray(0, padCount)),
    validation: held.validationIndices,
  };
}
