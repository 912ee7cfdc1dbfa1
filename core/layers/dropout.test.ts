import { describe, expect, it } from 'vitest';
import { createLayer } from './index.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { gradientCheck } from '../gradcheck.js';
import { layerContext, runLayer } from '../testing/layers.js';

const kernels = createReferenceKernels();
const ones = (n: number) => Tensor.from([1, n], new Array(n).fill(1), 'float64');

describe('Dropout (keep = p)', () => {
  it('inverted: training keeps about p of the units, scaled by 1/p; the gradient is masked the same way', () => {
    const layer = createLayer({ type: 'dropout', keep: 0.8 }, [10000], { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const { y, dx } = runLayer(layer, ones(10000), Tensor.from([1, 10000], new Array(10000).fill(2), 'float64'), layerContext(kernels, true, new Rng(4)));
    const kept = [...y.data].filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([1 / 0.8]));
    expect(kept.length / 10000).toBeGreaterThan(0.78);
    expect(kept.length / 10000).toBeLessThan(0.82);
    for (let i = 0; i < 10000; i++) expect(dx.data[i]).toBe(y.data[i]! * 2);
  });

  it('inverted: the test pass is the identity', () => {
    const layer = createLayer({ type: 'dropout', keep: 0.5 }, [4], { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const x = Tensor.from([1, 4], [1, 2, 3, 4], 'float64');
    expect([...layer.forward(x, layerContext(kernels, false)).data]).toEqual([1, 2, 3, 4]);
  });

  it('classic: training keeps units unscaled; the test pass multiplies by p', () => {
    const layer = createLayer({ type: 'dropout', keep: 0.25, mode: 'classic' }, [400], { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const y = layer.forward(ones(400), layerContext(kernels, true, new Rng(5)));
    expect(new Set(y.data)).toEqual(new Set([0, 1]));
    const test = runLayer(layer, ones(400), ones(400), layerContext(kernels, false));
    expect(new Set(test.y.data)).toEqual(new Set([0.25]));
    expect(new Set(test.dx.data)).toEqual(new Set([0.25]));
  });

  it('the same seed draws the same mask', () => {
    const layer = createLayer({ type: 'dropout', keep: 0.5 }, [50], { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const a = layer.forward(ones(50), layerContext(kernels, true, new Rng(9)));
    const b = layer.forward(ones(50), layerContext(kernels, true, new Rng(9)));
    expect([...a.data]).toEqual([...b.data]);
  });

  it('passes a gradient check with a fixed mask (float64)', () => {
    for (const mode of ['inverted', 'classic'] as const) {
      const result = gradientCheck({
        inputShape: [6],
        layers: [{ type: 'dense', units: 5, activation: 'relu' }, { type: 'dropout', keep: 0.7, mode }, { type: 'dense', units: 3 }],
        loss: 'softmax-cross-entropy',
      }, { batchSize: 3, seed: 11 });
      expect(result.worst).toBeLessThanOrEqual(1e-6);
    }
  });
});
