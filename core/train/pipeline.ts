/**
 * The data path of one run, built from core/data: a seeded train/validation split, preprocessing fitted
 * on the training split only and applied unchanged to validation and test (TEXTBOOK §8), and the
 * evaluation sets made once, preprocessed, in the model's input shape.
 */
import { subset, type Dataset } from '../data/dataset.js';
import { makeBatch } from '../data/batches.js';
import { fitPreprocessing, type FittedPreprocessing } from '../data/preprocess.js';
import { splitIndices, type SplitIndices } from '../data/split.js';
import type { PreprocessSpec } from '../spec.js';
import type { LabelledSamples } from './evaluate.js';

export interface PreparedData {
  split: SplitIndices;
  preprocessing: FittedPreprocessing;
  /** Preprocessed held-out samples; null when the split holds none. */
  validation: LabelledSamples | null;
}

/** The split's stream is derived from the run's seed but distinct from the loop's own stream. */
const SPLIT_STREAM = 0x5eed5;

/** Which samples a run with this seed holds out for validation (a trained model's never-seen digits). */
export function runSplit(count: number, validationFraction: number, seed: number): SplitIndices {
  return splitIndices(count, validationFraction, seed ^ SPLIT_STREAM);
}

/** `fitted`: preprocessing to use as it is (a fine-tuned model's own) instead of fitting `preprocess`. */
export function prepareData(
  train: Dataset, validationFraction: number, preprocess: PreprocessSpec, seed: number, sampleShape: readonly number[],
  fitted?: FittedPreprocessing,
): PreparedData {
  const split = runSplit(train.count, validationFraction, seed);
  const preprocessing = fitted ?? fitPreprocessing(preprocess, subset(train, split.trainIndices).images, split.trainIndices.length, seed);
  const validation = split.validationIndices.length > 0 ? preprocessedSamples(train, preprocessing, sampleShape, split.validationIndices) : null;
  return { split, preprocessing, validation };
}

/** Samples (all, or those at `indices`) gathered and preprocessed, ready for evaluation. */
export function preprocessedSamples(
  data: Dataset, preprocessing: FittedPreprocessing, sampleShape: readonly number[], indices?: Uint32Array,
): LabelledSamples {
  const chosen = indices ?? Uint32Array.from({ length: data.count }, (_, i) => i);
  const batch = makeBatch(data, chosen, sampleShape, { preprocessing });
  return { images: batch.x.data as Float32Array, labels: batch.labels, count: batch.labels.length };
}
