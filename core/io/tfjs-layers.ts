/**
 * The TensorFlow.js layers format: `model.json` (a Keras Sequential topology and the weights manifest)
 * and binary weight shards, what `tf.loadLayersModel` reads. Keras is channels-last, the engine [C, H, W]:
 *
 *   per-sample shape  [C, H, W] → [H, W, C];  [C, L] → [L, C];  [d] stays
 *   conv2d kernel     ours w[f, c, u, v]  → Keras k[u, v, c, f];   conv1d w[f, c, u] → k[u, c, f]
 *   flatten           Keras flattens (h, w, c), the engine (c, h, w): the vector that follows is permuted,
 *                     so a dense weight's rows (and a BatchNorm's per-feature vectors) after a flatten are
 *                     reordered: Keras feature (h·W + w)·C + c is the engine's c·H·W + h·W + w
 *   padding           ZeroPadding2D before a 'valid' convolution (for conv1d between two Reshapes: TF.js
 *                     has no ZeroPadding1D)
 *   batchnorm         BatchNormalization(axis −1, momentum 1 − ours): gamma, beta, moving_mean, moving_variance
 *   dropout           Dropout(rate 1 − keep), then Rescaling(keep) for classic dropout
 *   hard-tanh         Rescaling(offset 1), ReLU(max_value 2), Rescaling(offset −1) = clamp(x, −1, 1)
 *   step              refused: no TensorFlow.js layer computes it
 *
 * The output is the probabilities (inference-plan.ts). Keras has no per-pixel normalisation layer, so
 * the fitted preprocessing is metadata: `userDefinedMetadata.backpropLab` in model.json.
 */
import { ModelFileError } from '../errors.js';
import type { MessageCode } from '../messages.js';
import { shapeSize, type Tensor } from '../tensor.js';
import { inferencePlan, type PlanStep } from './inference-plan.js';
import type { SavedModel } from './model-file.js';

/** tfjs-converter's default shard size. */
export const TFJS_SHARD_BYTES = 4 * 1024 * 1024;
export const TFJS_MODEL_FILE = 'model.json';

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** Our per-sample shape in Keras's channels-last order. */
export function channelsLast(shape: readonly number[]): number[] {
  return shape.length > 1 ? [...shape.slice(1), shape[0]!] : [...shape];
}

/** For a [C, …spatial] shape flattened by Keras: entry k is the engine's flat index of Keras's feature k. */
function flattenOrder(shape: readonly number[]): number[] {
  const [channels, ...spatial] = shape;
  const positions = shapeSize(spatial);
  const order = new Array<number>(shapeSize(shape));
  for (let p = 0; p < positions; p++) for (let c = 0; c < channels!; c++) order[p * channels! + c] = c * positions + p;
  return order;
}

/** model.json and its shards, by file name. */
export function encodeTfjsLayers(model: SavedModel): Record<string, Uint8Array> {
  const plan = inferencePlan(model.modelSpec);
  const layers: KerasLayer[] = [];
  const weightSpecs: WeightSpec[] = [];
  const weightValues: Float32Array[] = [];
  /** Set after a flatten of an image: Keras's feature order relative to ours, until a dense layer absorbs it. */
  let order: number[] | null = null;

  const tensor = (name: string): Tensor => {
    const found = model.weights[name];
    if (!found) throw ModelFileError.of('export.no-tensor', { tensor: name });
    return found;
  };
  const addWeight = (layer: string, name: string, shape: number[], values: Float32Array) => {
    weightSpecs.push({ name: `${layer}/${name}`, shape, dtype: 'float32' });
    weightValues.push(values);
  };
  const layer = (className: string, name: string, config: Record<string, unknown> = {}) => {
    const first = layers.length === 0 ? { batch_input_shape: [null, ...channelsLast(plan.inputShape)] } : {};
    layers.push({ class_name: className, config: { name, trainable: true, dtype: 'float32', ...first, ...config } });
  };
  const refuse = (step: PlanStep, code: MessageCode): never => {
    throw ModelFileError.of(code, { index: step.index, type: model.modelSpec.layers[step.index]?.type ?? '' });
  };

  for (const step of plan.steps) {
    const name = `layers.${step.index}`;
    switch (step.kind) {
      case 'dense': {
        if (step.inputShape.length > 1) {
          layer('Flatten', `${name}.flatten`);
          order = flattenOrder(step.inputShape);
        }
        const inputs = shapeSize(step.inputShape);
        const w = tensor(`${name}.weight`).data;
        const kernel = new Float32Array(inputs * step.units);
        for (let k = 0; k < inputs; k++) {
          const row = order ? order[k]! : k;
          kernel.set(w.subarray(row * step.units, (row + 1) * step.units), k * step.units);
        }
        order = null;
        layer('Dense', name, { units: step.units, activation: 'linear', use_bias: true });
        addWeight(name, 'kernel', [inputs, step.units], kernel);
        addWeight(name, 'bias', [step.units], Float32Array.from(tensor(`${name}.bias`).data));
        break;
      }
      case 'conv2d': {
        const [channels] = step.inputShape as [number];
        const [kh, kw] = step.kernel;
        if (step.padding[0] || step.padding[1]) {
          layer('ZeroPadding2D', `${name}.pad`, { padding: [[step.padding[0], step.padding[0]], [step.padding[1], step.padding[1]]], data_format: 'channels_last' });
        }
        layer('Conv2D', name, {
          filters: step.filters, kernel_size: step.kernel, strides: step.stride, padding: 'valid', data_format: 'channels_last',
          dilation_rate: [1, 1], activation: 'linear', use_bias: true,
        });
        const w = tensor(`${name}.weight`).data;
        const kernel = new Float32Array(w.length);
        for (let f = 0; f < step.filters; f++) for (let c = 0; c < channels; c++) for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) {
          kernel[((u * kw + v) * channels + c) * step.filters + f] = w[((f * channels + c) * kh + u) * kw + v]!;
        }
        addWeight(name, 'kernel', [kh, kw, channels, step.filters], kernel);
        addWeight(name, 'bias', [step.filters], Float32Array.from(tensor(`${name}.bias`).data));
        break;
      }
      case 'conv1d': {
        const [channels] = step.inputShape as [number];
        if (step.padding) {
          // TF.js has no ZeroPadding1D: [L, C] → [L, 1, C], pad the first axis, → [L + 2p, C].
          const length = step.inputShape[1]!;
          layer('Reshape', `${name}.to2d`, { target_shape: [length, 1, channels] });
          layer('ZeroPadding2D', `${name}.pad`, { padding: [[step.padding, step.padding], [0, 0]], data_format: 'channels_last' });
          layer('Reshape', `${name}.to1d`, { target_shape: [length + 2 * step.padding, channels] });
        }
        layer('Conv1D', name, {
          filters: step.filters, kernel_size: [step.kernel], strides: [step.stride], padding: 'valid', dilation_rate: [1],
          activation: 'linear', use_bias: true,
        });
        const w = tensor(`${name}.weight`).data;
        const kernel = new Float32Array(w.length);
        for (let f = 0; f < step.filters; f++) for (let c = 0; c < channels; c++) for (let u = 0; u < step.kernel; u++) {
          kernel[(u * channels + c) * step.filters + f] = w[(f * channels + c) * step.kernel + u]!;
        }
        addWeight(name, 'kernel', [step.kernel, channels, step.filters], kernel);
        addWeight(name, 'bias', [step.filters], Float32Array.from(tensor(`${name}.bias`).data));
        break;
      }
      case 'maxpool2d':
      case 'avgpool2d':
        layer(step.kind === 'maxpool2d' ? 'MaxPooling2D' : 'AveragePooling2D', name, {
          pool_size: step.pool, strides: step.stride, padding: 'valid', data_format: 'channels_last',
        });
        break;
      case 'globalavgpool':
        layer(step.inputShape.length === 3 ? 'GlobalAveragePooling2D' : 'GlobalAveragePooling1D', name, { data_format: 'channels_last' });
        break;
      case 'flatten':
        if (step.inputShape.length > 1) {
          layer('Flatten', name);
          order = flattenOrder(step.inputShape);
        }
        break;
      case 'dropout':
        layer('Dropout', name, { rate: 1 - step.keep });
        if (step.mode === 'classic') layer('Rescaling', `${name}.keep`, { scale: step.keep, offset: 0 });
        break;
      case 'batchnorm': {
        layer('BatchNormalization', name, { axis: -1, momentum: 1 - step.momentum, epsilon: step.epsilon, center: true, scale: true });
        const permuted = (key: string) => {
          const values = tensor(`${name}.${key}`).data;
          return order ? Float32Array.from(order, (i) => values[i]!) : Float32Array.from(values);
        };
        const channels = step.inputShape.length > 1 ? step.inputShape[0]! : shapeSize(step.inputShape);
        addWeight(name, 'gamma', [channels], permuted('gamma'));
        addWeight(name, 'beta', [channels], permuted('beta'));
        addWeight(name, 'moving_mean', [channels], permuted('runningMean'));
        addWeight(name, 'moving_variance', [channels], permuted('runningVar'));
        break;
      }
      case 'activation': {
        const at = `${name}.${step.fn}`;
        switch (step.fn) {
          case 'step':
            return refuse(step, 'tfjs.no-step');
          case 'leaky-relu':
            layer('LeakyReLU', at, { alpha: step.alpha });
            break;
          case 'hard-tanh':
            layer('Rescaling', `${at}.shift`, { scale: 1, offset: 1 });
            layer('ReLU', `${at}.clamp`, { max_value: 2 });
            layer('Rescaling', `${at}.back`, { scale: 1, offset: -1 });
            break;
          case 'softmax':
            if (step.inputShape.length > 1) refuse(step, 'tfjs.image-softmax');
            layer('Activation', at, { activation: 'softmax' });
            break;
          default:
            layer('Activation', at, { activation: step.fn });
        }
        break;
      }
    }
  }
  if (order) throw ModelFileError.of('tfjs.ends-flattened', {});

  const shards = shardWeights(weightValues);
  const paths = shards.map((_, i) => `group1-shard${i + 1}of${shards.length}.bin`);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `Backprop Lab ${model.provenance.appVersion}`,
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: model.modelSpec.name ?? 'model', layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths, weights: weightSpecs }],
    userDefinedMetadata: {
      backpropLab: {
        modelSpec: model.modelSpec,
        inputShape: channelsLast(plan.inputShape),
        preprocessing: model.preprocessing,
      },
    },
  };
  const files: Record<string, Uint8Array> = { [TFJS_MODEL_FILE]: new TextEncoder().encode(JSON.stringify(modelJson)) };
  shards.forEach((shard, i) => (files[paths[i]!] = shard));
  return files;
}

/** All weights little-endian float32, in manifest order, cut into shards of TFJS_SHARD_BYTES. */
function shardWeights(values: Float32Array[]): Uint8Array[] {
  const total = values.reduce((sum, v) => sum + v.length * 4, 0);
  const all = new Uint8Array(total);
  const view = new DataView(all.buffer);
  let offset = 0;
  for (const tensor of values) {
    for (let i = 0; i < tensor.length; i++) view.setFloat32(offset + i * 4, tensor[i]!, true);
    offset += tensor.length * 4;
  }
  const shards: Uint8Array[] = [];
  for (let start = 0; start < total || shards.length === 0; start += TFJS_SHARD_BYTES) shards.push(all.slice(start, start + TFJS_SHARD_BYTES));
  return shards;
}
