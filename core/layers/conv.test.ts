import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLayer, type Conv2dLayer } from './index.js';
import { createReferenceKernels } from '../kernels/reference.js';
import type { Kernels } from '../kernels/kernels.js';
import { Rng } from '../random.js';
import { Tensor, type DType } from '../tensor.js';
import { gradientCheck } from '../gradcheck.js';
import { Model } from '../model.js';
import { float32Providers } from '../testing/providers.js';
import { layerContext, runLayer } from '../testing/layers.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from '../testing/fixtures.js';

interface Case {
  stride: number; padding: number;
  x: FixtureTensor; W: FixtureTensor; b: FixtureTensor; y: FixtureTensor; dy: FixtureTensor; dx: FixtureTensor; dW: FixtureTensor; db: FixtureTensor;
}
const conv2d = JSON.parse(readFileSync(torchFixturePath('conv2d'), 'utf8')) as {
  cases: Case[];
  seed000_figure_1_1: { x: number[][]; W: number[][]; y: number[][] };
};
const conv1d = JSON.parse(readFileSync(torchFixturePath('conv1d'), 'utf8')) as { cases: Case[] };
const providers = await float32Providers();

function checkCase(kind: 'conv1d' | 'conv2d', c: Case, kernels: Kernels, dtype: DType, tolerance: number): void {
  const [filters, , ...kernel] = c.W.shape as number[];
  const spec =
    kind === 'conv2d'
      ? { type: 'conv2d' as const, filters: filters!, kernelSize: kernel as [number, number], stride: c.stride, padding: c.padding }
      : { type: 'conv1d' as const, filters: filters!, kernelSize: kernel[0]!, stride: c.stride, padding: c.padding };
  const layer = createLayer(spec, c.x.shape.slice(1), { init: 'zero', rng: new Rng(1), dtype }) as Conv2dLayer;
  expect([c.x.shape[0], ...layer.outputShape]).toEqual(c.y.shape);
  layer.weight.value.data.set(c.W.data);
  layer.bias.value.data.set(c.b.data);
  const { y, dx } = runLayer(layer, tensorOf(c.x, dtype), tensorOf(c.dy, dtype), layerContext(kernels));
  expect(y.shape).toEqual(c.y.shape);
  expect(dx.shape).toEqual(c.x.shape);
  expect(relativeError(y.data, c.y.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(dx.data, c.dx.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.weight.grad.data, c.dW.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.bias.grad.data, c.db.data)).toBeLessThanOrEqual(tolerance);
}

for (const [kind, fixture] of [['conv2d', conv2d], ['conv1d', conv1d]] as const) {
  describe(`${kind} against PyTorch`, () => {
    fixture.cases.forEach((c, i) => {
      const label = `case ${i}: x ${JSON.stringify(c.x.shape)}, W ${JSON.stringify(c.W.shape)}, stride ${c.stride}, padding ${c.padding}`;
      it(`${label} on reference float64`, () => checkCase(kind, c, createReferenceKernels(), 'float64', 1e-9));
      for (const kernels of providers) {
        it(`${label} on ${kernels.name} float32`, () => checkCase(kind, c, kernels, 'float32', 1e-4));
      }
    });
  });
}

describe('seed 000 figure 1.1 through the Conv2D layer', () => {
  it('gives [[9, 8], [−12, 10]]', () => {
    const { x, W, y } = conv2d.seed000_figure_1_1;
    const layer = createLayer({ type: 'conv2d', filters: 1, kernelSize: 3 }, [1, 4, 4], { init: 'zero', rng: new Rng(1), dtype: 'float64' }) as Conv2dLayer;
    layer.weight.value.data.set(W.flat());
    const output = layer.forward(Tensor.from([1, 1, 4, 4], x.flat(), 'float64'), layerContext(createReferenceKernels(), false));
    expect(output.shape).toEqual([1, 1, 2, 2]);
    expect([...output.data]).toEqual(y.flat());
    expect(y.flat()).toEqual([9, 8, -12, 10]);
  });
});

describe('convolution gradient checks (float64, odd shapes)', () => {
  it('conv2d 2@3×2, stride (2, 1), padding (1, 0), fused tanh, on a 3×7×5 input', () => {
    const result = gradientCheck({
      inputShape: [3, 7, 5],
      layers: [{ type: 'conv2d', filters: 2, kernelSize: [3, 2], stride: [2, 1], padding: [1, 0], activation: 'tanh' }, { type: 'flatten' }],
      loss: 'mse',
    }, { batchSize: 2, seed: 5 });
    expect(result.worst).toBeLessThanOrEqual(1e-6);
  });

  it('conv1d 3@4, stride 2, padding 1, fused sigmoid, on a 2×9 input', () => {
    const result = gradientCheck({
      inputShape: [2, 9],
      layers: [{ type: 'conv1d', filters: 3, kernelSize: 4, stride: 2, padding: 1, activation: 'sigmoid' }, { type: 'flatten' }],
      loss: 'mse',
    }, { batchSize: 3, seed: 6 });
    expect(result.worst).toBeLessThanOrEqual(1e-6);
  });
});

describe('convolution fans for initialisation', () => {
  it('draws He-uniform filters within ±√(6/(C·kh·kw))', () => {
    const layer = createLayer({ type: 'conv2d', filters: 8, kernelSize: 5, init: 'he-uniform' }, [3, 9, 9], { init: 'zero', rng: new Rng(2), dtype: 'float64' }) as Conv2dLayer;
    const limit = Math.sqrt(6 / (3 * 5 * 5));
    const values = [...layer.weight.value.data];
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect([...layer.bias.value.data].every((b) => b === 0)).toBe(true);
  });
});

describe('dense straight after a convolution (no flatten layer)', () => {
  it('flattens row-major, exactly like an explicit flatten, and passes a gradient check', () => {
    const conv = { type: 'conv2d' as const, filters: 2, kernelSize: 3, activation: 'relu' as const };
    const implicit = { inputShape: [1, 5, 4], layers: [conv, { type: 'dense' as const, units: 3 }], loss: 'softmax-cross-entropy' as const };
    const explicit = { ...implicit, layers: [conv, { type: 'flatten' as const }, { type: 'dense' as const, units: 3 }] };
    const a = gradientCheck(implicit, { seed: 13 });
    const b = gradientCheck(explicit, { seed: 13 });
    expect(a.worst).toBeLessThanOrEqual(1e-6);
    expect(b.worst).toBeLessThanOrEqual(1e-6);
    const options = { kernels: createReferenceKernels(), seed: 13, dtype: 'float64' as const };
    const x = Tensor.from([2, 1, 5, 4], Array.from({ length: 40 }, (_, i) => Math.sin(i)), 'float64');
    expect([...Model.build(implicit, options).forward(x).data]).toEqual([...Model.build(explicit, options).forward(x).data]);
    expect(a.tensors.map((t) => t.shape)).toEqual([[2, 1, 3, 3], [2], [12, 3], [3]]);
  });
});
