import { describe, expect, it } from 'vitest';
import { createLayer } from './index.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { gradientCheck } from '../gradcheck.js';
import { layerContext, runLayer } from '../testing/layers.js';
import type { ActivationName } from '../spec.js';

const kernels = createReferenceKernels();

describe('Activation and Flatten layers', () => {
  it('an activation layer leaves its input untouched and returns f(z)', () => {
    const layer = createLayer({ type: 'activation', fn: 'relu' }, [3], { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const z = Tensor.from([1, 3], [-1, 0.5, 2], 'float64');
    const { y, dx } = runLayer(layer, z, Tensor.from([1, 3], [1, 1, 1], 'float64'), layerContext(kernels));
    expect([...z.data]).toEqual([-1, 0.5, 2]);
    expect([...y.data]).toEqual([0, 0.5, 2]);
    expect([...dx.data]).toEqual([0, 1, 1]);
  });

  it('flatten reshapes [m, C, H, W] → [m, C·H·W] and back without copying', () => {
    const layer = createLayer({ type: 'flatten' }, [2, 3, 4], { init: 'zero', rng: new Rng(1), dtype: 'float64' });
    const x = Tensor.zeros([5, 2, 3, 4], 'float64');
    const { y, dx } = runLayer(layer, x, Tensor.zeros([5, 24], 'float64'), layerContext(kernels));
    expect(y.shape).toEqual([5, 24]);
    expect(y.data).toBe(x.data);
    expect(dx.shape).toEqual([5, 2, 3, 4]);
  });

  const fns: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'hard-tanh', 'softsign', 'softmax', 'linear'];
  for (const fn of fns) {
    it(`activation layer ${fn} passes a gradient check (float64)`, () => {
      const result = gradientCheck({
        inputShape: [2, 3],
        layers: [{ type: 'flatten' }, { type: 'activation', fn, alpha: 0.2 }, { type: 'dense', units: 2 }],
        loss: 'mse',
      }, { batchSize: 3, seed: 12 });
      expect(result.worst).toBeLessThanOrEqual(1e-6);
    });
  }
});
