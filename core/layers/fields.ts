/**
 * Every key each layer type accepts, with its rule and default (core/spec.ts's LayerSpec, written once
 * as data). `layerOutputShape` checks a spec against this table before it applies the layer's shape
 * rule; the contract's zod schemas and the layer editor read the same table, and any key outside it is
 * refused (a misspelt "strides" would otherwise be dropped and the default used).
 */
import type { FieldRule } from '../fields.js';
import { activationNames, initNames, layerTypes, type LayerType } from '../names.js';
import type { LayerSpec } from '../spec.js';
import { defaultLeakySlope } from '../activations.js';
import { batchNormDefaults } from './batchnorm.js';

const count = { kind: 'number', range: 'count', optional: false } as const;
const size = { kind: 'size', range: 'count', optional: false } as const;
const leakySlope = {
  kind: 'number', range: 'non-negative', optional: true, default: defaultLeakySlope, meaning: 'the leaky slope',
} as const;

/** Options of the weighted layers: `activation` is shorthand for a following activation layer. */
const weighted = {
  activation: { kind: 'choice', choices: activationNames, noun: 'activation', optional: true },
  /** Overrides TrainSpec.init for this layer's weights. */
  init: { kind: 'choice', choices: initNames, noun: 'initialisation', optional: true },
  alpha: leakySlope,
} as const;

export const dropoutModes = ['inverted', 'classic'] as const;

export const layerFields = {
  dense: { units: count, ...weighted },
  flatten: {},
  conv1d: {
    filters: count, kernelSize: count,
    stride: { kind: 'number', range: 'count', optional: true, default: 1 },
    padding: { kind: 'number', range: 'whole', optional: true, default: 0 },
    ...weighted,
  },
  conv2d: {
    filters: count, kernelSize: size,
    stride: { kind: 'size', range: 'count', optional: true, default: 1 },
    padding: { kind: 'size', range: 'whole', optional: true, default: 0 },
    ...weighted,
  },
  // A pool's stride defaults to its pool size.
  maxpool2d: { poolSize: size, stride: { kind: 'size', range: 'count', optional: true } },
  avgpool2d: { poolSize: size, stride: { kind: 'size', range: 'count', optional: true } },
  globalavgpool: {},
  dropout: {
    keep: { kind: 'number', range: 'probability', optional: false, meaning: 'the probability a unit is kept' },
    mode: { kind: 'choice', choices: dropoutModes, optional: true, default: 'inverted' },
  },
  batchnorm: {
    momentum: { kind: 'number', range: 'unit-interval', optional: true, default: batchNormDefaults.momentum },
    epsilon: { kind: 'number', range: 'positive', optional: true, default: batchNormDefaults.epsilon },
  },
  activation: { fn: { kind: 'choice', choices: activationNames, noun: 'activation', optional: false }, alpha: leakySlope },
} as const satisfies { [T in LayerType]: { [K in Exclude<keyof Extract<LayerSpec, { type: T }>, 'type'>]-?: FieldRule } };

/** Every key each layer type accepts, `type` first. */
export const layerKeys = Object.fromEntries(
  layerTypes.map((type) => [type, ['type', ...Object.keys(layerFields[type])]]),
) as Partial<Record<string, readonly string[]>> as Readonly<Record<LayerType, readonly string[]>>;
