/**
 * Seeded train/validation split: the indices 0…n−1 are shuffled by Rng(seed) (Fisher–Yates), the first
 * round(n × fraction) become the validation split, the rest the training split; each is returned in
 * ascending order so the split does not depend on how the samples are later shuffled per epoch.
 */
import { Rng } from '../random.js';
import { DataError } from '../errors.js';
import { subset, type Dataset } from './dataset.js';

export interface SplitIndices {
  trainIndices: Uint32Array;
  validationIndices: Uint32Array;
}

/** How many of `count` samples train and how many are held out: round(count · fraction) for validation. */
export function splitCounts(count: number, validationFraction: number): { train: number; validation: number } {
  const validation = Math.round(count * validationFraction);
  return { train: count - validation, validation };
}

export function splitIndices(count: number, validationFraction: number, seed: number): SplitIndices {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw DataError.of('data.validation-fraction', { fraction: validationFraction });
  }
  const validationCount = splitCounts(count, validationFraction).validation;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  new Rng(seed).shuffle(order);
  return {
    validationIndices: order.slice(0, validationCount).sort(),
    trainIndices: order.slice(validationCount).sort(),
  };
}

export function splitDataset(
  data: Dataset, validationFraction: number, seed: number,
): SplitIndices & { train: Dataset; validation: Dataset } {
  const indices = splitIndices(data.count, validationFraction, seed);
  return { ...indices, train: subset(data, indices.trainIndices), validation: subset(data, indices.validationIndices) };
}
