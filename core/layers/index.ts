/**
 * Building layers from their specs. `layerOutputShape` checks a LayerSpec's keys against its field table
 * (fields.ts) and the per-sample shape it receives against its shape rule (shapes.ts), and returns the
 * shape it gives, before any tensor exists; `createLayer` builds the layer
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
import { defaultLeakySlope } from '../activations.js';
import { isOneOf, layerTypes } from '../names.js';
import { briefValue, readFields } from '../fields.js';
import { layerFields, layerKeys } from './fields.js';
import { conv2dSettings, layerShapeRules, poolSettings } from './shapes.js';
import type { Layer } from './layer.js';
import { ActivationLayer, FusedActivation } from './activation.js';
import { DenseLayer } from './dense.js';
import { FlattenLayer } from './flatten.js';
import { Conv2dLayer } from './conv2d.js';
import { Conv1dLayer } from './conv1d.js';
import { MaxPool2dLayer } from './maxpool2d.js';
import { AvgPool2dLayer } from './avgpool2d.js';
import { GlobalAvgPoolLayer } from './globalavgpool.js';
import { DropoutLayer } from './dropout.js';
import { BatchNormLayer, batchNormDefaults } from './batchnorm.js';
import { type LayerPlace, layerError, layerFieldError, rejectUnknownKeys } from './spec-checks.js';

export type { Layer, Param, Buffer, LayerContext } from './layer.js';
export type { BatchReducer } from './batch-statistics.js';
export type { LayerPlace } from './spec-checks.js';
export { layerFields, layerKeys, dropoutModes } from './fields.js';
export {
  ActivationLayer, FusedActivation, DenseLayer, FlattenLayer, Conv2dLayer, Conv1dLayer, MaxPool2dLayer, AvgPool2dLayer,
  GlobalAvgPoolLayer, DropoutLayer, BatchNormLayer, batchNormDefaults,
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
    throw layerError(place, 'layer.input-shape', { shape: formatShape(inputShape) });
  }
  if (typeof spec !== 'object' || spec === null || !isOneOf(layerTypes, spec.type)) {
    throw layerError(place, 'layer.unknown-type', { value: briefValue(place.type), names: layerTypes.join(', ') });
  }
  rejectUnknownKeys(place, spec, layerKeys[spec.type]);
  readFields(layerFields[spec.type], spec, (problem) => layerFieldError(place, problem));
  const rule = layerShapeRules[spec.type] as (spec: LayerSpec, input: readonly number[], place: LayerPlace) => number[];
  return rule(spec, inputShape, place);
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
  if (!isInitName(init)) throw layerError(place, 'layer.unknown-init', { value: briefValue(init), names: initNames.join(', ') });
  const fans = { ...fansOf(shape, spec.type), alpha: spec.alpha ?? defaultLeakySlope };
  return initialise(init, shape, fans, options.rng, options.dtype);
}

function fusedActivation(spec: WeightedSpec, options: CreateLayerOptions): FusedActivation | null {
  if (!spec.activation || spec.activation === 'linear' || options.dropActivation) return null;
  return new FusedActivation(spec.activation, spec.alpha ?? defaultLeakySlope);
}
