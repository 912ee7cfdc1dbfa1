/**
 * The built-in networks, as data (a ModelSpec and a TrainSpec each), shared by the CLI, the app's Train
 * view and the bundled models in resources/models/.
 *
 * - seed-mlp: the course's network (seed 001): 784 → 64 sigmoid → 16 tanh → 10 softmax, cross-entropy,
 *   Xavier uniform, SGD η = 0.2, batch 128, 40 epochs on a 55k/5k split (the course reports 97.49%).
 * - lenet5: LeCun's LeNet-5 with ReLU and max-pooling, Adam η = 1e-3 halved every three epochs, batch 64,
 *   trained on digits shifted, rotated and scaled on the fly (without them it over-fits below 99%).
 * - cnn-best: the strongest network we train on a 2-core CPU: two conv–BatchNorm–ReLU–pool stages (16 and
 *   32 filters), a BatchNorm'd dense layer with dropout, digits shifted, rotated and scaled on the fly,
 *   Adam with its learning rate halved every three epochs; 12 epochs, ~34 s each on two cores of the AMD development machine (~56 s on the Intel one) with the
 *   `simd` kernels (docs/performance.md).
 */
import { SpecError } from './errors.js';
import type { ModelSpec, TrainSpec } from './spec.js';

export interface Preset {
  name: PresetName;
  description: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
}

export const presetNames = ['seed-mlp', 'lenet5', 'cnn-best'] as const;
export type PresetName = (typeof presetNames)[number];

/** MNIST's 60,000 training images less a 5,000-image validation split: the course's 55k/5k. */
const validationSplit = 5000 / 60000;

const seedMlp: Preset = {
  name: 'seed-mlp',
  description: "The course's MLP: 784 → 64 sigmoid → 16 tanh → 10 softmax, SGD 0.2, batch 128, 40 epochs",
  modelSpec: {
    name: 'seed-mlp',
    inputShape: [784],
    layers: [
      { type: 'dense', units: 64, activation: 'sigmoid' },
      { type: 'dense', units: 16, activation: 'tanh' },
      { type: 'dense', units: 10 },
    ],
    loss: 'softmax-cross-entropy',
  },
  trainSpec: {
    optimizer: { type: 'sgd', lr: 0.2 },
    schedule: { type: 'constant' },
    init: 'xavier-uniform',
    batchSize: 128,
    epochs: 40,
    seed: 1,
    validationSplit,
    preprocess: { type: 'minmax', range: [0, 1] },
    provider: 'auto',
  },
};

const lenet5: Preset = {
  name: 'lenet5',
  description: 'LeNet-5: conv 6@5×5 → pool → conv 16@5×5 → pool → 120 → 84 → 10, ReLU, Adam 1e-3 halved every 3 epochs, batch 64, shifted/rotated/scaled digits',
  modelSpec: {
    name: 'lenet5',
    inputShape: [1, 28, 28],
    layers: [
      { type: 'conv2d', filters: 6, kernelSize: 5, padding: 2, activation: 'relu' },
      { type: 'maxpool2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' },
      { type: 'maxpool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 120, activation: 'relu' },
      { type: 'dense', units: 84, activation: 'relu' },
      { type: 'dense', units: 10 },
    ],
    loss: 'softmax-cross-entropy',
  },
  trainSpec: {
    optimizer: { type: 'adam', lr: 1e-3 },
    schedule: { type: 'step', factor: 0.5, every: 3, unit: 'epoch' },
    init: 'he-uniform',
    batchSize: 64,
    epochs: 12,
    seed: 1,
    validationSplit,
    preprocess: { type: 'minmax', range: [0, 1] },
    augment: { shiftPixels: 2, rotationDegrees: 8, scale: 0.08 },
    provider: 'auto',
  },
};

const cnnBest: Preset = {
  name: 'cnn-best',
  description: 'conv 16@5×5 pad 2 → BN → pool → conv 32@5×5 pad 2 → BN → pool → 128 BN dropout → 10; augmentation, Adam 2e-3 halved every 3 epochs, 12 epochs',
  modelSpec: {
    name: 'cnn-best',
    inputShape: [1, 28, 28],
    layers: [
      { type: 'conv2d', filters: 16, kernelSize: 5, padding: 2 },
      { type: 'batchnorm' },
      { type: 'activation', fn: 'relu' },
      { type: 'maxpool2d', poolSize: 2 },
      { type: 'conv2d', filters: 32, kernelSize: 5, padding: 2 },
      { type: 'batchnorm' },
      { type: 'activation', fn: 'relu' },
      { type: 'maxpool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 128 },
      { type: 'batchnorm' },
      { type: 'activation', fn: 'relu' },
      { type: 'dropout', keep: 0.6 },
      { type: 'dense', units: 10 },
    ],
    loss: 'softmax-cross-entropy',
  },
  trainSpec: {
    optimizer: { type: 'adam', lr: 2e-3 },
    schedule: { type: 'step', factor: 0.5, every: 3, unit: 'epoch' },
    init: 'he-uniform',
    regularisation: { l2: 1e-5 },
    batchSize: 128,
    epochs: 12,
    seed: 1,
    validationSplit,
    preprocess: { type: 'minmax', range: [0, 1] },
    augment: { shiftPixels: 2, rotationDegrees: 8, scale: 0.08 },
    provider: 'auto',
  },
};

export const presets: Readonly<Record<PresetName, Preset>> = {
  'seed-mlp': seedMlp,
  lenet5,
  'cnn-best': cnnBest,
};

export function isPresetName(name: string): name is PresetName {
  return (presetNames as readonly string[]).includes(name);
}

/** A deep copy, so a caller may edit its spec without touching the preset. */
export function getPreset(name: string): Preset {
  if (!isPresetName(name)) {
    throw SpecError.of('preset.unknown', { value: name, names: presetNames.join(', ') });
  }
  return structuredClone(presets[name]);
}
