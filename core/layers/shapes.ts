/**
 * Each layer type's shape rule, once: the per-sample output shape from the per-sample input shape, for
 * a spec whose keys already passed the layer's field table (fields.ts). Rules throw SpecError naming the
 * layer and the numbers, e.g. out = floor((n + 2p − k)/s) + 1 < 1.
 */
import { shapeSize, formatShape } from '../tensor.js';
import type { LayerType } from '../names.js';
import type { LayerSpec } from '../spec.js';
import type { PoolSettings } from './maxpool2d.js';
import { type LayerPlace, layerError, requirePair, requireRank, outputSize } from './spec-checks.js';

type ShapeRule<T extends LayerType> = (spec: Extract<LayerSpec, { type: T }>, input: readonly number[], place: LayerPlace) => number[];

const sameShape = (_spec: unknown, input: readonly number[]) => [...input];

export const layerShapeRules: { [T in LayerType]: ShapeRule<T> } = {
  dense: (spec) => [spec.units],
  flatten: (_spec, input) => [shapeSize(input)],
  conv2d(spec, input, place) {
    requireRank(place, input, 3, '[channels, height, width]');
    const { kernel, stride, padding } = conv2dSettings(place, spec);
    const [, height, width] = input as [number, number, number];
    return [
      spec.filters,
      outputSize(place, 'height', height, kernel[0], stride[0], padding[0]),
      outputSize(place, 'width', width, kernel[1], stride[1], padding[1]),
    ];
  },
  conv1d(spec, input, place) {
    requireRank(place, input, 2, '[channels, length]');
    return [spec.filters, outputSize(place, 'length', input[1]!, spec.kernelSize, spec.stride ?? 1, spec.padding ?? 0)];
  },
  maxpool2d: poolShape,
  avgpool2d: poolShape,
  globalavgpool(_spec, input, place) {
    if (input.length < 2) throw layerError(place, 'layer.input-rank', { layout: '[channels, …spatial]', shape: formatShape(input) });
    return [input[0]!];
  },
  dropout: sameShape,
  batchnorm: sameShape,
  activation: sameShape,
};

function poolShape(spec: Extract<LayerSpec, { type: 'maxpool2d' | 'avgpool2d' }>, input: readonly number[], place: LayerPlace): number[] {
  requireRank(place, input, 3, '[channels, height, width]');
  const { pool, stride } = poolSettings(place, spec);
  const [channels, height, width] = input as [number, number, number];
  return [channels, outputSize(place, 'height', height, pool[0], stride[0], 0), outputSize(place, 'width', width, pool[1], stride[1], 0)];
}

export function conv2dSettings(place: LayerPlace, spec: Extract<LayerSpec, { type: 'conv2d' }>) {
  return {
    kernel: requirePair(place, 'kernelSize', spec.kernelSize, 1),
    stride: requirePair(place, 'stride', spec.stride ?? 1, 1),
    padding: requirePair(place, 'padding', spec.padding ?? 0, 0),
  };
}

/** A pool's stride defaults to its size (non-overlapping windows). */
export function poolSettings(place: LayerPlace, spec: Extract<LayerSpec, { type: 'maxpool2d' | 'avgpool2d' }>): PoolSettings {
  const pool = requirePair(place, 'poolSize', spec.poolSize, 1);
  return { pool, stride: spec.stride === undefined ? pool : requirePair(place, 'stride', spec.stride, 1) };
}
