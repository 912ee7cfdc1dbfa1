/**
 * How a fine-tune on a few hundred of one's own digits trains (issue 12, point 3; TEXTBOOK §10.12):
 * Adam with a small learning rate (the weights are already good; a large step would forget MNIST),
 * small batches (the set is small), the course's augmentation (shift, rotation, scale: a handful of
 * drawings seen in many positions, TEXTBOOK §8.3), no validation split (the held-out part of each class
 * is measured outside the loop) and no early stopping. The starting model's preprocessing is kept as
 * fitted (the loop uses the given one), so `preprocess` here only records what the model was trained with.
 */
import type { AugmentSpec, TrainSpec } from '../spec.js';

export const FINE_TUNE_AUGMENT: AugmentSpec = { shiftPixels: 2, rotationDegrees: 12, scale: 0.12 };
export const FINE_TUNE_BATCH_SIZE = 32;

export interface FineTuneChoice {
  epochs: number;
  learningRate: number;
  seed: number;
  provider: TrainSpec['provider'];
}

/** The TrainSpec of a fine-tune of a model trained with `base` (undefined for an imported model). */
export function fineTuneTrainSpec(base: TrainSpec | undefined, choice: FineTuneChoice): TrainSpec {
  return {
    optimizer: { type: 'adam', lr: choice.learningRate },
    schedule: { type: 'constant' },
    init: base?.init ?? 'xavier-uniform',
    batchSize: FINE_TUNE_BATCH_SIZE,
    epochs: choice.epochs,
    seed: choice.seed,
    validationSplit: 0,
    preprocess: base?.preprocess ?? { type: 'none' },
    augment: FINE_TUNE_AUGMENT,
    provider: choice.provider,
  };
}
