/**
 * Shared by the interop tests: the bundled models, small models covering every layer, activation and
 * preprocessing of the engine (random weights, non-trivial BatchNorm statistics), a batch of MNIST test
 * images, and the engine's own probabilities for them, the values every independent runtime must match.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  applyPreprocessing, decodeModelFile, fitPreprocessing, Model, Rng, selectKernels, Tensor,
  type ModelSpec, type PreprocessSpec, type SavedModel,
} from '@backprop-lab/core';
import { presetNames } from '../../core/presets.js';
import { loadMnist } from '../../main/datasets/mnist.js';

export const BATCH = 64;
export const bundledNames = presetNames;

export function bundledModel(name: string): SavedModel {
  const path = resolve(import.meta.dirname, '../../resources/models', `${name}.bplab`);
  const bytes = readFileSync(path);
  return decodeModelFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/** The first BATCH MNIST test images, 784 pixels each, ink 1 on 0 (before any model preprocessing). */
export async function mnistBatch(count = BATCH): Promise<Float32Array> {
  const test = await loadMnist('test');
  return test.images.slice(0, count * 784);
}

/** What the engine gives: the app's preprocessing, then Model.predict, float32 on the js kernels. */
export async function engineProbabilities(saved: SavedModel, images: Float32Array): Promise<{ data: Float32Array; classes: number }> {
  const model = Model.build(saved.modelSpec, { kernels: await selectKernels('js'), dtype: 'float32' });
  model.loadStateDict(saved.weights);
  const input = Float32Array.from(images);
  if (saved.preprocessing) applyPreprocessing(saved.preprocessing, input);
  const count = images.length / 784;
  const output = model.predict(new Tensor([count, ...saved.modelSpec.inputShape], input));
  return { data: Float32Array.from(output.data), classes: output.shape[1]! };
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The largest range, over the classes, of one class's output across the images: 0 for a constant network. */
export function spread(outputs: ArrayLike<number>, classes: number): number {
  let widest = 0;
  for (let c = 0; c < classes; c++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = c; i < outputs.length; i += classes) {
      low = Math.min(low, outputs[i]!);
      high = Math.max(high, outputs[i]!);
    }
    widest = Math.max(widest, high - low);
  }
  return widest;
}

export interface CoverageModel {
  name: string;
  saved: SavedModel;
}

/** Small networks that between them use every layer type, activation, dropout mode and preprocessing. */
export const coverageSpecs: { spec: ModelSpec; preprocess: PreprocessSpec }[] = [
  {
    spec: {
      name: 'cover-dense', inputShape: [784], loss: 'softmax-cross-entropy', layers: [
        { type: 'dense', units: 32, activation: 'sigmoid' },
        { type: 'dropout', keep: 0.7 },
        { type: 'dense', units: 24, activation: 'tanh' },
        { type: 'batchnorm', epsilon: 1e-3 },
        { type: 'dense', units: 16, activation: 'leaky-relu', alpha: 0.2 },
        { type: 'dense', units: 16, activation: 'softsign' },
        { type: 'dense', units: 12, activation: 'hard-tanh' },
        { type: 'dropout', keep: 0.8, mode: 'classic' },
        { type: 'dense', units: 16 },
        { type: 'activation', fn: 'relu' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
    preprocess: { type: 'standardise' },
  },
  {
    spec: {
      name: 'cover-conv', inputShape: [1, 28, 28], loss: 'softmax-cross-entropy', layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, stride: 2, padding: 1, activation: 'relu' },
        { type: 'batchnorm' },
        { type: 'maxpool2d', poolSize: 2 },
        { type: 'conv2d', filters: 6, kernelSize: [3, 2], stride: [1, 2], padding: [1, 0], activation: 'leaky-relu' },
        { type: 'avgpool2d', poolSize: [2, 1], stride: [1, 1] },
        { type: 'flatten' },
        { type: 'dense', units: 10 },
      ],
    },
    preprocess: { type: 'minmax', range: [-1, 1] },
  },
  {
    spec: {
      name: 'cover-global', inputShape: [1, 28, 28], loss: 'sigmoid-bce', layers: [
        { type: 'conv2d', filters: 5, kernelSize: 5, activation: 'tanh' },
        { type: 'maxpool2d', poolSize: 3, stride: 2 },
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'softsign' },
        { type: 'activation', fn: 'hard-tanh' },
        { type: 'globalavgpool' },
        { type: 'dense', units: 10, activation: 'sigmoid' },
      ],
    },
    preprocess: { type: 'zca-whiten', epsilon: 0.1 },
  },
  {
    spec: {
      name: 'cover-conv1d', inputShape: [28, 28], loss: 'mse', layers: [
        { type: 'conv1d', filters: 8, kernelSize: 5, stride: 2, padding: 2, activation: 'tanh' },
        { type: 'batchnorm', momentum: 0.2 },
        { type: 'conv1d', filters: 6, kernelSize: 3, activation: 'sigmoid' },
        { type: 'globalavgpool' },
        { type: 'dense', units: 16, activation: 'step' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
    preprocess: { type: 'none' },
  },
];

/** Builds each coverage spec with seeded random weights, non-zero biases and BatchNorm statistics. */
export async function coverageModels(): Promise<CoverageModel[]> {
  const models: CoverageModel[] = [];
  for (const [k, { spec, preprocess }] of coverageSpecs.entries()) models.push(await randomModel(spec, preprocess, k));
  return models;
}

/** A model of `spec` with seeded random weights, biases and BatchNorm statistics, and preprocessing fitted on MNIST. */
export async function randomModel(spec: ModelSpec, preprocess: PreprocessSpec, seed: number): Promise<CoverageModel> {
  const train = await loadMnist('train');
  const fitCount = 300;
  const model = Model.build(spec, { kernels: await selectKernels('js'), seed: 11 + seed, init: 'he-uniform' });
  const rng = new Rng(101 + seed);
  for (const [name, tensor] of Object.entries(model.stateDict())) {
    if (name.endsWith('.weight')) continue;
    for (let i = 0; i < tensor.size; i++) {
      const u = rng.next();
      tensor.data[i] = name.endsWith('runningVar') || name.endsWith('gamma') ? 0.5 + u : u - 0.5;
    }
  }
  const preprocessing = fitPreprocessing(preprocess, train.images.subarray(0, fitCount * 784), fitCount, 3);
  const weights = Object.fromEntries(Object.entries(model.stateDict()).map(([n, t]) => [n, new Tensor([...t.shape], Float32Array.from(t.data))]));
  return {
    name: spec.name!,
    saved: {
      modelSpec: spec, trainSpec: null, preprocessing, metrics: null,
      provenance: { appVersion: '0.1.0', createdAt: '2026-12-01T00:00:00.000Z' }, weights,
    },
  };
}
