import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLayer } from './index.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Rng } from '../random.js';
import { Tensor, type DType } from '../tensor.js';
import { gradientCheck } from '../gradcheck.js';
import { layerContext, runLayer } from '../testing/layers.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from '../testing/fixtures.js';

interface Case { kind: 'max' | 'avg'; kernel: number; stride: number; x: FixtureTensor; y: FixtureTensor; dy: FixtureTensor; dx: FixtureTensor }
const fixture = JSON.parse(readFileSync(torchFixturePath('pool2d'), 'utf8')) as {
  cases: Case[];
  global_avg: { x: FixtureTensor; y: FixtureTensor; dy: FixtureTensor; dx: FixtureTensor };
};
const context = layerContext(createReferenceKernels());

describe('pooling against PyTorch', () => {
  fixture.cases.forEach((c, i) => {
    for (const [dtype, tolerance] of [['float64', 1e-9], ['float32', 1e-4]] as [DType, number][]) {
      it(`case ${i}: ${c.kind} ${c.kernel}×${c.kernel} stride ${c.stride} on ${JSON.stringify(c.x.shape)} in ${dtype}`, () => {
        const type = c.kind === 'max' ? 'maxpool2d' : 'avgpool2d';
        const layer = createLayer({ type, poolSize: c.kernel, stride: c.stride }, c.x.shape.slice(1), { init: 'zero', rng: new Rng(1), dtype });
        const { y, dx } = runLayer(layer, tensorOf(c.x, dtype), tensorOf(c.dy, dtype), context);
        expect(y.shape).toEqual(c.y.shape);
        expect(relativeError(y.data, c.y.data)).toBeLessThanOrEqual(tolerance);
        expect(relativeError(dx.data, c.dx.data)).toBeLessThanOrEqual(tolerance);
      });
    }
  });

  it('global average pooling: [N, C, H, W] → [N, C] and back', () => {
    const c = fixture.global_avg;
    const layer = createLayer({ type: 'globalavgpool' }, c.x.shape.slice(1), { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const { y, dx } = runLayer(layer, tensorOf(c.x), tensorOf(c.dy), context);
    expect(y.shape).toEqual(c.y.shape);
    expect(relativeError(y.data, c.y.data)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(dx.data, c.dx.data)).toBeLessThanOrEqual(1e-9);
  });

  it('max pooling sends the gradient only to the arg-max of each window', () => {
    const layer = createLayer({ type: 'maxpool2d', poolSize: 2 }, [1, 2, 2], { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const { y, dx } = runLayer(layer, Tensor.from([1, 1, 2, 2], [1, 7, 3, 2], 'float64'), Tensor.from([1, 1, 1, 1], [5], 'float64'), context);
    expect([...y.data]).toEqual([7]);
    expect([...dx.data]).toEqual([0, 5, 0, 0]);
  });
});

describe('pooling gradient checks (float64, odd shapes)', () => {
  it('max pool 3×2 stride (2, 1) and average pool 2 stride 1 after a convolution', () => {
    const result = gradientCheck({
      inputShape: [2, 7, 6],
      layers: [
        { type: 'conv2d', filters: 3, kernelSize: 2 },
        { type: 'maxpool2d', poolSize: [3, 2], stride: [2, 1] },
        { type: 'avgpool2d', poolSize: 2, stride: 1 },
        { type: 'globalavgpool' },
      ],
      loss: 'mse',
    }, { batchSize: 2, seed: 8 });
    expect(result.worst).toBeLessThanOrEqual(1e-6);
  });
});
