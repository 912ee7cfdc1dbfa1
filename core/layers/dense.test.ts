import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLayer, DenseLayer } from './index.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Rng } from '../random.js';
import { Tensor, type DType } from '../tensor.js';
import type { Kernels } from '../kernels/kernels.js';
import { gradientCheck } from '../gradcheck.js';
import { float32Providers } from '../testing/providers.js';
import { layerContext, runLayer } from '../testing/layers.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from '../testing/fixtures.js';

interface Case { x: FixtureTensor; W: FixtureTensor; b: FixtureTensor; y: FixtureTensor; dy: FixtureTensor; dx: FixtureTensor; dW: FixtureTensor; db: FixtureTensor }
const fixture = JSON.parse(readFileSync(torchFixturePath('dense'), 'utf8')) as { cases: Case[] };
const providers = await float32Providers();

function checkCase(c: Case, kernels: Kernels, dtype: DType, tolerance: number): void {
  const [inputs, units] = c.W.shape as [number, number];
  const layer = createLayer({ type: 'dense', units }, [inputs], { init: 'zero', rng: new Rng(1), dtype }) as DenseLayer;
  layer.weight.value.data.set(c.W.data);
  layer.bias.value.data.set(c.b.data);
  const { y, dx } = runLayer(layer, tensorOf(c.x, dtype), tensorOf(c.dy, dtype), layerContext(kernels));
  expect(y.shape).toEqual(c.y.shape);
  expect(relativeError(y.data, c.y.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(dx.data, c.dx.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.weight.grad.data, c.dW.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.bias.grad.data, c.db.data)).toBeLessThanOrEqual(tolerance);
}

describe('Dense against PyTorch', () => {
  fixture.cases.forEach((c, i) => {
    it(`case ${i} ${JSON.stringify(c.x.shape)}·${JSON.stringify(c.W.shape)} on reference float64 (≤ 1e-9)`, () => {
      checkCase(c, createReferenceKernels(), 'float64', 1e-9);
    });
    for (const kernels of providers) {
      it(`case ${i} on ${kernels.name} float32 (≤ 1e-4)`, () => checkCase(c, kernels, 'float32', 1e-4));
    }
  });

  it('writes (does not accumulate) gradients on a second backward', () => {
    const c = fixture.cases[0]!;
    const layer = createLayer({ type: 'dense', units: 3 }, [7], { init: 'zero', rng: new Rng(1), dtype: 'float64' }) as DenseLayer;
    layer.weight.value.data.set(c.W.data);
    const context = layerContext(createReferenceKernels());
    runLayer(layer, tensorOf(c.x), tensorOf(c.dy), context);
    runLayer(layer, tensorOf(c.x), tensorOf(c.dy), context);
    expect(relativeError(layer.weight.grad.data, c.dW.data)).toBeLessThanOrEqual(1e-12);
  });

  it('skips dL/dx when the context says nobody needs it, with the same parameter gradients', () => {
    const c = fixture.cases[2]!;
    const layer = createLayer({ type: 'dense', units: 11 }, [13], { init: 'zero', rng: new Rng(1), dtype: 'float64' }) as DenseLayer;
    layer.weight.value.data.set(c.W.data);
    layer.forward(tensorOf(c.x), layerContext(createReferenceKernels()));
    const dx = layer.backward(tensorOf(c.dy), { ...layerContext(createReferenceKernels()), inputGradient: false });
    expect(dx.size).toBe(0);
    expect(relativeError(layer.weight.grad.data, c.dW.data)).toBeLessThanOrEqual(1e-12);
  });

  it('flattens a [C, H, W] input itself, row-major, and gives dx back in that shape', () => {
    const layer = createLayer({ type: 'dense', units: 2 }, [2, 1, 3], { init: 'normal', rng: new Rng(3), dtype: 'float64' }) as DenseLayer;
    const x = Tensor.from([1, 2, 1, 3], [1, 2, 3, 4, 5, 6], 'float64');
    const y = layer.forward(x, layerContext(createReferenceKernels()));
    const w = layer.weight.value.data;
    expect(y.data[1]).toBeCloseTo([1, 2, 3, 4, 5, 6].reduce((s, v, i) => s + v * w[i * 2 + 1]!, 0), 12);
    expect(layer.backward(Tensor.from([1, 2], [1, 0], 'float64'), layerContext(createReferenceKernels())).shape).toEqual([1, 2, 1, 3]);
  });
});

describe('Dense gradient check (float64, odd shapes)', () => {
  for (const activation of ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'hard-tanh', 'softsign', 'softmax', 'linear'] as const) {
    it(`dense 5 → 3 with fused ${activation}`, () => {
      const result = gradientCheck(
        { inputShape: [5], layers: [{ type: 'dense', units: 3, activation, alpha: 0.1 }, { type: 'dense', units: 2 }], loss: 'mse' },
        { batchSize: 3, seed: 4 },
      );
      expect(result.worst).toBeLessThanOrEqual(1e-6);
    });
  }
});
