/**
 * A model is data (STYLE 6): ModelSpec and TrainSpec are plain JSON shared by the UI, the CLI, the run
 * store and the model files. Per-sample shapes omit the batch axis: [784] for a vector, [1, 28, 28] for
 * a one-channel image (CHW), [C, L] for a 1-D signal.
 */

import type {
  ActivationName, InitName, LayerType, LossName, OptimizerName, PreprocessType, ProviderChoice, ScheduleType,
} from './names.js';

export type { ActivationName, InitName, LayerType, LossName, OptimizerName, ScheduleType } from './names.js';

/** Fields every weighted layer accepts. `activation` is shorthand for a following activation layer. */
interface WeightedLayerOptions {
  activation?: ActivationName;
  /** Overrides TrainSpec.init for this layer's weights. */
  init?: InitName;
  /** Slope for leaky ReLU (activation) and leaky-he-normal (init); default 0.01. */
  alpha?: number;
}

export type LayerSpec =
  | ({ type: 'dense'; units: number } & WeightedLayerOptions)
  | { type: 'flatten' }
  | ({ type: 'conv1d'; filters: number; kernelSize: number; stride?: number; padding?: number } & WeightedLayerOptions)
  | ({
      type: 'conv2d';
      filters: number;
      kernelSize: number | [number, number];
      stride?: number | [number, number];
      padding?: number | [number, number];
    } & WeightedLayerOptions)
  | { type: 'maxpool2d'; poolSize: number | [number, number]; stride?: number | [number, number] }
  | { type: 'avgpool2d'; poolSize: number | [number, number]; stride?: number | [number, number] }
  | { type: 'globalavgpool' }
  /** keep = p, the probability a unit is kept (TEXTBOOK §1); inverted scales by 1/p in training. */
  | { type: 'dropout'; keep: number; mode?: 'inverted' | 'classic' }
  /** Per feature on [m, d], per channel on [m, C, H, W]; running = (1 − momentum)·running + momentum·batch. */
  | { type: 'batchnorm'; momentum?: number; epsilon?: number }
  | { type: 'activation'; fn: ActivationName; alpha?: number };

// The names in names.ts and the variants here are the same set; each line fails to compile otherwise.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type LayerTypesMatchSpec = Assert<Same<LayerType, LayerSpec['type']>>;

export interface ModelSpec {
  name?: string;
  inputShape: number[];
  layers: LayerSpec[];
  /** softmax-cross-entropy and sigmoid-bce take logits; the others take the last layer's output as is. */
  loss: LossName;
}

export type OptimizerSpec =
  | { type: 'sgd'; lr: number }
  | { type: 'momentum'; lr: number; alpha?: number; form?: 'classic' | 'ewma' }
  | { type: 'nag'; lr: number; alpha?: number }
  | { type: 'adagrad'; lr: number; epsilon?: number; epsilonInsideRoot?: boolean }
  | { type: 'adadelta'; rho?: number; epsilon?: number }
  | { type: 'rmsprop'; lr?: number; alpha?: number; epsilon?: number; epsilonInsideRoot?: boolean }
  | { type: 'adam'; lr?: number; beta1?: number; beta2?: number; epsilon?: number };

export type OptimizerNamesMatchSpec = Assert<Same<OptimizerName, OptimizerSpec['type']>>;

/** TEXTBOOK §6. `unit` says whether t counts iterations or epochs (default 'epoch'). */
export type ScheduleSpec = { unit?: 'iteration' | 'epoch' } & (
  | { type: 'constant' }
  | { type: 'step'; factor: number; every: number }
  | { type: 'exponential'; k: number }
  | { type: 'inverse-time'; k: number }
  | { type: 'linear'; tau: number; final: number }
  | { type: 'tau-max'; tau: number }
  | { type: 'anneal'; divideBy: number; every: number }
);

export type ScheduleTypesMatchSpec = Assert<Same<ScheduleType, ScheduleSpec['type']>>;

export interface RegularisationSpec {
  l1?: number;
  l2?: number;
}

export type PreprocessSpec =
  | { type: 'none' }
  | { type: 'minmax'; range: [0, 1] | [-1, 1] }
  | { type: 'standardise' }
  | { type: 'pca-whiten'; epsilon?: number }
  | { type: 'zca-whiten'; epsilon?: number };

export type PreprocessTypesMatchSpec = Assert<Same<PreprocessType, PreprocessSpec['type']>>;

export interface AugmentSpec {
  /** Maximum shift in pixels along each axis. */
  shiftPixels?: number;
  rotationDegrees?: number;
  /** Maximum relative scale change, e.g. 0.1 for ±10%. */
  scale?: number;
  /** Standard deviation of additive Gaussian noise. */
  noise?: number;
}

export interface EarlyStoppingSpec {
  patience: number;
  /** Smallest improvement of the validation loss that counts. */
  minDelta?: number;
}

export interface TrainSpec {
  optimizer: OptimizerSpec;
  schedule?: ScheduleSpec;
  init: InitName;
  regularisation?: RegularisationSpec;
  batchSize: number;
  epochs: number;
  seed: number;
  /** Fraction of the training set held out for validation (seeded split), e.g. 5000/60000. */
  validationSplit: number;
  preprocess: PreprocessSpec;
  augment?: AugmentSpec;
  earlyStopping?: EarlyStoppingSpec;
  /** 'auto' picks the fastest available kernel provider. */
  provider: ProviderChoice;
}
