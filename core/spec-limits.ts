/**
 * The sizes a ModelSpec may ask for (readLimits), checked once its shapes are known and before any
 * tensor is allocated, so that `units: 2^40` in a file or a spec is a SpecError and not a RangeError
 * from deep inside Float32Array. Parameters per layer:
 *
 *   dense      (d_in + 1)·units          conv2d  filters·(C_in·k_h·k_w + 1)
 *   conv1d     filters·(C_in·k + 1)      batchnorm  4·C (γ, β, running mean and variance)
 */
import { SpecError } from './errors.js';
import type { MessageCode, MessageParams } from './messages.js';
import { readLimits } from './limits.js';
import type { LayerSpec, ModelSpec } from './spec.js';
import { formatShape, shapeSize } from './tensor.js';

/** Throws SpecError when the spec is larger than readLimits allows; `shapes[i]` is layer i's output. */
export function checkModelSize(spec: ModelSpec, shapes: readonly (readonly number[])[]): void {
  if (spec.layers.length > readLimits.maxLayers) {
    throw SpecError.of('limit.layers', { count: spec.layers.length, max: readLimits.maxLayers });
  }
  checkSample('limit.input-shape', {}, spec.inputShape);
  let parameters = 0;
  spec.layers.forEach((layer, index) => {
    const input = index === 0 ? spec.inputShape : shapes[index - 1]!;
    const where = { index, type: layer.type };
    for (const size of sizesOf(layer)) {
      if (size > readLimits.maxDimension) throw SpecError.of('limit.size', { ...where, size, max: readLimits.maxDimension }, index);
    }
    checkSample('limit.output-shape', where, shapes[index]!, index);
    parameters += parametersOf(layer, input);
    if (parameters > readLimits.maxParameters) {
      throw SpecError.of('limit.parameters', { ...where, parameters, max: readLimits.maxParameters }, index);
    }
  });
  if (spec.name !== undefined && spec.name.length > readLimits.maxStringLength) {
    throw SpecError.of('limit.name', { length: spec.name.length, max: readLimits.maxStringLength });
  }
}

/** `code` is limit.input-shape or limit.output-shape (with the layer's index and type in `params`). */
function checkSample(code: MessageCode, params: MessageParams, shape: readonly number[], index?: number): void {
  if (shape.some((size) => size > readLimits.maxDimension) || shapeSize(shape) > readLimits.maxSampleValues) {
    throw SpecError.of(code, { ...params, shape: formatShape(shape), maxAxis: readLimits.maxDimension, maxValues: readLimits.maxSampleValues }, index);
  }
}

/** The sizes a layer names itself (units, filters, kernel sides, strides, paddings). */
function sizesOf(layer: LayerSpec): number[] {
  const flat = (value: number | [number, number] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  switch (layer.type) {
    case 'dense':
      return [layer.units];
    case 'conv1d':
      return [layer.filters, layer.kernelSize, ...flat(layer.stride), ...flat(layer.padding)];
    case 'conv2d':
      return [layer.filters, ...flat(layer.kernelSize), ...flat(layer.stride), ...flat(layer.padding)];
    case 'maxpool2d':
    case 'avgpool2d':
      return [...flat(layer.poolSize), ...flat(layer.stride)];
    default:
      return [];
  }
}

function parametersOf(layer: LayerSpec, input: readonly number[]): number {
  const side = (value: number | [number, number]) => (Array.isArray(value) ? value[0] * value[1] : value * value);
  switch (layer.type) {
    case 'dense':
      return (shapeSize(input) + 1) * layer.units;
    case 'conv1d':
      return layer.filters * (input[0]! * layer.kernelSize + 1);
    case 'conv2d':
      return layer.filters * (input[0]! * side(layer.kernelSize) + 1);
    case 'batchnorm':
      return 4 * input[0]!;
    default:
      return 0;
  }
}
