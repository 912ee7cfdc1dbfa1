import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLayer, type BatchNormLayer, type BatchReducer } from './index.js';
import { createReferenceKernels } from '../kernels/reference.js';
import type { Kernels } from '../kernels/kernels.js';
import { Rng } from '../random.js';
import { Tensor, type DType } from '../tensor.js';
import { gradientCheck } from '../gradcheck.js';
import { float32Providers } from '../testing/providers.js';
import { layerContext, runLayer } from '../testing/layers.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from '../testing/fixtures.js';

interface Case {
  x: FixtureTensor; gamma: FixtureTensor; beta: FixtureTensor; y: FixtureTensor; dy: FixtureTensor; dx: FixtureTensor;
  dgamma: FixtureTensor; dbeta: FixtureTensor; running_mean_after: FixtureTensor; running_var_after: FixtureTensor;
  eval_x: FixtureTensor; eval_y: FixtureTensor;
}
const fixture = JSON.parse(readFileSync(torchFixturePath('batchnorm'), 'utf8')) as { cases: Case[] };
const providers = await float32Providers();

/**
 * The reducer of a batch computed as one slice: the batch's sums are the slice's own, so the synchronised
 * path (batch-statistics.ts) must give PyTorch's values as the one-thread path does.
 */
const wholeBatch = (batchRows: number): BatchReducer => ({ batchRows, sum: () => undefined });

function checkCase(c: Case, kernels: Kernels, dtype: DType, tolerance: number, synchronised = false): void {
  const layer = createLayer({ type: 'batchnorm' }, c.x.shape.slice(1), { init: 'zero', rng: new Rng(1), dtype }) as BatchNormLayer;
  layer.gamma.value.data.set(c.gamma.data);
  layer.beta.value.data.set(c.beta.data);
  const context = { ...layerContext(kernels, true), ...(synchronised ? { batchStatistics: wholeBatch(c.x.shape[0]!) } : {}) };
  const { y, dx } = runLayer(layer, tensorOf(c.x, dtype), tensorOf(c.dy, dtype), context);
  expect(relativeError(y.data, c.y.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(dx.data, c.dx.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.gamma.grad.data, c.dgamma.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.beta.grad.data, c.dbeta.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.runningMean.value.data, c.running_mean_after.data)).toBeLessThanOrEqual(tolerance);
  expect(relativeError(layer.runningVar.value.data, c.running_var_after.data)).toBeLessThanOrEqual(tolerance);
  const evalY = layer.forward(tensorOf(c.eval_x, dtype), layerContext(kernels, false));
  expect(relativeError(evalY.data, c.eval_y.data)).toBeLessThanOrEqual(tolerance);
}

describe('BatchNorm against PyTorch (training pass, running statistics, eval pass)', () => {
  fixture.cases.forEach((c, i) => {
    const label = `case ${i}: ${JSON.stringify(c.x.shape)} ${c.x.shape.length === 2 ? 'per feature' : 'per channel'}`;
    it(`${label} in float64`, () => checkCase(c, createReferenceKernels(), 'float64', 1e-9));
    for (const kernels of providers) it(`${label} in float32 (${kernels.name})`, () => checkCase(c, kernels, 'float32', 1e-4));
    it(`${label} in float64, through the synchronised path as one slice`, () => checkCase(c, createReferenceKernels(), 'float64', 1e-9, true));
    for (const kernels of providers) it(`${label} in float32 (${kernels.name}), through the synchronised path as one slice`, () => checkCase(c, kernels, 'float32', 1e-4, true));
  });
});

describe('BatchNorm invariants', () => {
  it('x̂ has batch mean 0 and variance 1 per channel (γ = 1, β = 0)', () => {
    const rng = new Rng(3);
    const shape = [5, 3, 4, 2];
    const x = Tensor.from(shape, Array.from({ length: 120 }, () => 4 + 3 * rng.normal()), 'float64');
    const layer = createLayer({ type: 'batchnorm', epsilon: 1e-12 }, shape.slice(1), { init: 'zero', rng, dtype: 'float64' });
    const y = layer.forward(x, layerContext(createReferenceKernels(), true));
    for (let c = 0; c < 3; c++) {
      const values: number[] = [];
      for (let n = 0; n < 5; n++) for (let s = 0; s < 8; s++) values.push(y.data[(n * 3 + c) * 8 + s]!);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(variance).toBeCloseTo(1, 10);
    }
  });

  it('eval mode uses the running statistics and leaves them unchanged', () => {
    const layer = createLayer({ type: 'batchnorm' }, [2], { init: 'zero', rng: new Rng(1), dtype: 'float64' }) as BatchNormLayer;
    const y = layer.forward(Tensor.from([1, 2], [3, -1], 'float64'), layerContext(createReferenceKernels(), false));
    expect(y.data[0]).toBeCloseTo(3 / Math.sqrt(1 + 1e-5), 12);
    expect([...layer.runningMean.value.data]).toEqual([0, 0]);
    expect([...layer.runningVar.value.data]).toEqual([1, 1]);
  });
});

describe('BatchNorm gradient checks (float64)', () => {
  it('per feature after a dense layer, training mode', () => {
    const result = gradientCheck({
      inputShape: [4],
      layers: [{ type: 'dense', units: 3 }, { type: 'batchnorm' }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 2 }],
      loss: 'mse',
    }, { batchSize: 5, seed: 9 });
    expect(result.worst).toBeLessThanOrEqual(1e-6);
  });

  it('per channel after a convolution, training and eval modes', () => {
    const spec = {
      inputShape: [2, 5, 3],
      layers: [{ type: 'conv2d' as const, filters: 3, kernelSize: 2 }, { type: 'batchnorm' as const }, { type: 'globalavgpool' as const }],
      loss: 'mse' as const,
    };
    expect(gradientCheck(spec, { batchSize: 3, seed: 10 }).worst).toBeLessThanOrEqual(1e-6);
    expect(gradientCheck(spec, { batchSize: 3, seed: 10, training: false }).worst).toBeLessThanOrEqual(1e-6);
  });
});

type BatchNormEntry = 'batchNormForward' | 'batchNormStatistics' | 'batchNormBackward' | 'batchNormGradientSums' | 'batchNormInputGradient';
const batchNormEntries: BatchNormEntry[] = ['batchNormForward', 'batchNormStatistics', 'batchNormBackward', 'batchNormGradientSums', 'batchNormInputGradient'];

/** The provider with each of its BatchNorm entries counting its calls. */
function countingEntries(inner: Kernels): { kernels: Kernels; calls: Record<BatchNormEntry, number> } {
  const calls = Object.fromEntries(batchNormEntries.map((entry) => [entry, 0])) as Record<BatchNormEntry, number>;
  const kernels: Kernels = { ...inner };
  for (const entry of batchNormEntries) {
    const run = inner[entry] as ((...args: unknown[]) => void) | undefined;
    if (run) (kernels as unknown as Record<BatchNormEntry, unknown>)[entry] = (...args: unknown[]) => { calls[entry]++; run(...args); };
  }
  return { kernels, calls };
}

describe('synchronised BatchNorm runs on the provider\'s own entries where it has them', () => {
  const withEntries = providers.filter((kernels) => batchNormEntries.every((entry) => kernels[entry]));
  it('some provider here has them (simd)', () => expect(withEntries.map((kernels) => kernels.name)).toContain('simd'));
  for (const inner of withEntries) {
    // The synchronised training pass is the statistics, one forward with them given, the gradient sums and dx;
    // on float64 buffers every pass is the definition's loops.
    for (const [dtype, want] of [['float32', 1], ['float64', 0]] as const) {
      it(`${inner.name}, ${dtype}: statistics, forward, gradient sums and dx ${want ? 'once each' : 'never'}; the whole backward never`, () => {
        const { kernels, calls } = countingEntries(inner);
        const rng = new Rng(5);
        const shape = [4, 3, 2, 2];
        const layer = createLayer({ type: 'batchnorm' }, shape.slice(1), { init: 'zero', rng, dtype });
        const x = Tensor.from(shape, Array.from({ length: 48 }, () => rng.normal()), dtype);
        const dy = Tensor.from(shape, Array.from({ length: 48 }, () => rng.normal()), dtype);
        runLayer(layer, x, dy, { ...layerContext(kernels, true), batchStatistics: wholeBatch(shape[0]!) });
        expect(calls).toEqual({ batchNormForward: want, batchNormStatistics: want, batchNormBackward: 0, batchNormGradientSums: want, batchNormInputGradient: want });
      });
    }
  }
});
