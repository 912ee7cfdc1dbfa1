/**
 * Building layers from their specs. `layerOutputShape` checks a LayerSpec against the per-sample shape
 * it receives and returns the shape it gives, before any tensor exists; `createLayer` builds the layer
 * (weights drawn with the seeded Rng). Both throw SpecError naming the layer and the numbers.
 *
 * A dense layer after a multi-axis input (e.g. [C, H, W] from a convolution) flattens it itself, in
 * row-major order, exactly as a flatten layer would: `dense` after `conv2d` needs no explicit flatten.
 */
import type { DType } from '../tensor.js';
import { formatShape, shapeSize } from '../tensor.js';
import type { Rng } from '../random.js';
import type { InitName, LayerSpec } from '../spec.js';
import { initialise, fansOf, isInitName, initNames } from '../init.js';
import { isActivationName, activationNames, defaultLeakySlope } from '../activations.js';
import type { Layer } from './layer.js';
import { ActivationLayer, FusedActivation } from './activation.js';
import { DenseLayer } from './dense.js';
import { FlattenLayer } from './flatten.js';
import { Conv2dLayer } from './conv2d.js';
import { Conv1dLayer } from './conv1d.js';
import { MaxPool2dLayer, type PoolSettings } from './maxpool2d.js';
import { AvgPool2dLayer } from './avgpool2d.js';
import { GlobalAvgPoolLayer } from './globalavgpool.js';
import { DropoutLayer } from './dropout.js';
import { BatchNormLayer, batchNormDefaults } from './batchnorm.js';
import {
  type LayerPlace, specError, requirePositiveInteger, requireNonNegativeInteger, requirePair, requireRank, outputSize,
  rejectUnknownKeys,
} from './spec-checks.js';

export type { Layer, Param, Buffer, LayerContext } from './layer.js';
export type { LayerPlace } from './spec-checks.js';
export {
  ActivationLayer, FusedActivation, DenseLayer, FlattenLayer, Conv2dLayer, Conv1dLayer, MaxPool2dLayer, AvgPool2dLayer,
  GlobalAvgPoolLayer, DropoutLayer, BatchNormLayer, batchNormDefaults,
};

export const layerTypes = [
  'dense', 'flatten', 'conv1d', 'conv2d', 'maxpool2d', 'avgpool2d', 'globalavgpool', 'dropout', 'batchnorm', 'activation',
] as const;

const weightedKeys = ['activation', 'init', 'alpha'] as const;

/** Every key each layer type accepts (core/spec.ts's LayerSpec). */
export const layerKeys: Readonly<Record<LayerSpec['type'], readonly string[]>> = {
  dense: ['type', 'units', ...weightedKeys],
  flatten: ['type'],
  conv1d: ['type', 'filters', 'kernelSize', 'stride', 'padding', ...weightedKeys],
  conv2d: ['type', 'filters', 'kernelSize', 'stride', 'padding', ...weightedKeys],
  maxpool2d: ['type', 'poolSize', 'stride'],
  avgpool2d: ['type', 'poolSize', 'stride'],
  globalavgpool: ['type'],
  dropout: ['type', 'keep', 'mode'],
  batchnorm: ['type', 'momentum', 'epsilon'],
  activation: ['type', 'fn', 'alpha'],
};

export interface CreateLayerOptions {
  /** Initialisation for weights, unless the spec names its own. */
  init: InitName;
  rng: Rng;
  dtype: DType;
  /** Position in the ModelSpec, for error messages; 0 unless told. */
  index?: number;
  /** Build a weighted layer without its `activation` (the model fuses a final softmax into the loss). */
  dropActivation?: boolean;
}

/** The per-sample output shape of `spec` given its per-sample input shape; throws SpecError. */
export function layerOutputShape(spec: LayerSpec, inputShape: readonly number[], index = 0): number[] {
  const place: LayerPlace = { index, type: typeof spec?.type === 'string' ? spec.type : 'unknown' };
  if (inputShape.length === 0 || inputShape.some((n) => !Number.isInteger(n) || n < 1)) {
    throw specError(place, `input shape ${formatShape(inputShape)} must be whole numbers ≥ 1`);
  }
  const allowed = (layerKeys as Partial<Record<string, readonly string[]>>)[place.type];
  if (allowed && typeof spec === 'object') rejectUnknownKeys(place, spec, allowed);
  checkActivationOptions(place, spec);
  switch (spec.type) {
    case 'dense':
      requirePositiveInteger(place, 'units', spec.units);
      return [spec.units];
    case 'flatten':
      return [shapeSize(inputShape)];
    case 'conv2d': {
      requireRank(place, inputShape, 3, '[channels, height, width]');
      requirePositiveInteger(place, 'filters', spec.filters);
      const { kernel, stride, padding } = conv2dSettings(place, spec);
      const [, height, width] = inputShape as [number, number, number];
      return [
        spec.filters,
        outputSize(place, 'height', height, kernel[0], stride[0], padding[0]),
        outputSize(place, 'width', width, kernel[1], stride[1], padding[1]),
      ];
    }
    case 'conv1d': {
      requireRank(place, inputShape, 2, '[channels, length]');
      requirePositiveInteger(place, 'filters', spec.filters);
      const kernel = requirePositiveInteger(place, 'kernelSize', spec.kernelSize);
      const stride = requirePositiveInteger(place, 'stride', spec.stride ?? 1);
      const padding = requireNonNegativeInteger(place, 'padding', spec.padding ?? 0);
      return [spec.filters, outputSize(place, 'length', inputShape[1]!, kernel, stride, padding)];
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      requireRank(place, inputShape, 3, '[channels, height, width]');
      const { pool, stride } = poolSettings(place, spec);
      const [channels, height, width] = inputShape as [number, number, number];
      return [
        channels,
        outputSize(place, 'height', height, pool[0], stride[0], 0),
        outputSize(place, 'width', width, pool[1], stride[1], 0),
      ];
    }
    case 'globalavgpool':
      if (inputShape.length < 2) throw specError(place, `needs input [channels, …spatial], got ${formatShape(inputShape)}`);
      return [inputShape[0]!];
    case 'dropout':
      if (typeof spec.keep !== 'number' || !(spec.keep > 0 && spec.keep <= 1)) {
        throw specError(place, `keep (the probability a unit is kept) must be in (0, 1], got ${String(spec.keep)}`);
      }
      if (spec.mode !== undefined && spec.mode !== 'inverted' && spec.mode !== 'classic') {
        throw specError(place, `mode must be 'inverted' or 'classic', got ${String(spec.mode)}`);
      }
      return [...inputShape];
    case 'batchnorm': {
      const momentum = spec.momentum ?? batchNormDefaults.momentum;
      const epsilon = spec.epsilon ?? batchNormDefaults.epsilon;
      if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
        throw specError(place, `momentum must be in [0, 1], got ${String(momentum)}`);
      }
      if (typeof epsilon !== 'number' || !(epsilon > 0)) throw specError(place, `epsilon must be > 0, got ${String(epsilon)}`);
      return [...inputShape];
    }
    case 'activation':
      if (!isActivationName(spec.fn)) {
        throw specError(place, `unknown activation '${String(spec.fn)}' (one of ${activationNames.join(', ')})`);
      }
      return [...inputShape];
    default: {
      const type = (spec as { type?: unknown } | null)?.type;
      throw specError(place, `unknown layer type '${String(type)}' (one of ${layerTypes.join(', ')})`);
    }
  }
}

/** Builds the layer for `spec`; its input shape must already have passed `layerOutputShape`. */
export function createLayer(spec: LayerSpec, inputShape: readonly number[], options: CreateLayerOptions): Layer {
  const index = options.index ?? 0;
  const outputShape = layerOutputShape(spec, inputShape, index);
  const place: LayerPlace = { index, type: spec.type };
  const { dtype } = options;
  switch (spec.type) {
    case 'dense': {
      const weight = drawWeight(place, spec, [shapeSize(inputShape), spec.units], options);
      return new DenseLayer(inputShape, spec.units, weight, dtype, fusedActivation(spec, options));
    }
    case 'flatten':
      return new FlattenLayer(inputShape);
    case 'conv2d': {
      const settings = conv2dSettings(place, spec);
      const weight = drawWeight(place, spec, [spec.filters, inputShape[0]!, ...settings.kernel], options);
      return new Conv2dLayer(inputShape, outputShape, settings, weight, dtype, fusedActivation(spec, options));
    }
    case 'conv1d': {
      const weight = drawWeight(place, spec, [spec.filters, inputShape[0]!, spec.kernelSize], options);
      return new Conv1dLayer(inputShape, outputShape, spec.stride ?? 1, spec.padding ?? 0, weight, dtype, fusedActivation(spec, options));
    }
    case 'maxpool2d':
      return new MaxPool2dLayer(inputShape, outputShape, poolSettings(place, spec));
    case 'avgpool2d':
      return new AvgPool2dLayer(inputShape, outputShape, poolSettings(place, spec));
    case 'globalavgpool':
      return new GlobalAvgPoolLayer(inputShape);
    case 'dropout':
      return new DropoutLayer(inputShape, spec.keep, spec.mode ?? 'inverted');
    case 'batchnorm':
      return new BatchNormLayer(inputShape, dtype, spec.momentum, spec.epsilon);
    case 'activation':
      return new ActivationLayer(inputShape, options.dropActivation ? 'linear' : spec.fn, spec.alpha ?? defaultLeakySlope);
  }
}

type WeightedSpec = Extract<LayerSpec, { type: 'dense' | 'conv1d' | 'conv2d' }>;

function drawWeight(place: LayerPlace, spec: WeightedSpec, shape: number[], options: CreateLayerOptions) {
  const init = spec.init ?? options.init;
  if (!isInitName(init)) throw specError(place, `unknown initialisation '${String(init)}' (one of ${initNames.join(', ')})`);
  const fans = { ...fansOf(shape, spec.type), alpha: spec.alpha ?? defaultLeakySlope };
  return initialise(init, shape, fans, options.rng, options.dtype);
}

function fusedActivation(spec: WeightedSpec, options: CreateLayerOptions): FusedActivation | null {
  if (!spec.activation || spec.activation === 'linear' || options.dropActivation) return null;
  return new FusedActivation(spec.activation, spec.alpha ?? defaultLeakySlope);
}

function checkActivationOptions(place: LayerPlace, spec: LayerSpec): void {
  if (spec.type !== 'dense' && spec.type !== 'conv1d' && spec.type !== 'conv2d' && spec.type !== 'activation') return;
  if ('activation' in spec && spec.activation !== undefined && !isActivationName(spec.activation)) {
    throw specError(place, `unknown activation '${String(spec.activation)}' (one of ${activationNames.join(', ')})`);
  }
  if ('init' in spec && spec.init !== undefined && !isInitName(spec.init)) {
    throw specError(place, `unknown initialisation '${String(spec.init)}' (one of ${initNames.join(', ')})`);
  }
  if (spec.alpha !== undefined && (typeof spec.alpha !== 'number' || !Number.isFinite(spec.alpha) || spec.alpha < 0)) {
    throw specError(place, `alpha (the leaky slope) must be a number ≥ 0, got ${String(spec.alpha)}`);
  }
}

function conv2dSettings(place: LayerPlace, spec: Extract<LayerSpec, { type: 'conv2d' }>) {
  return {
    kernel: requirePair(place, 'kernelSize', spec.kernelSize, 1),
    stride: requirePair(place, 'stride', spec.stride ?? 1, 1),
    padding: requirePair(place, 'padding', spec.padding ?? 0, 0),
  };
}

function poolSettings(place: LayerPlace, spec: Extract<LayerSpec, { type: 'maxpool2d' | 'avgpool2d' }>): PoolSettings {
  const pool = requirePair(place, 'poolSize', spec.poolSize, 1);
  return { pool, stride: spec.stride === undefined ? pool : requirePair(place, 'stride', spec.stride, 1) };
}
