import { describe, expect, it } from 'vitest';
import { gradientCheck } from './gradcheck.js';
import type { ModelSpec } from './spec.js';
import { DenseLayer } from './layers/dense.js';

describe('gradientCheck', () => {
  it('reports every parameter tensor and the input of a small CNN with tiny relative errors', () => {
    const spec: ModelSpec = {
      inputShape: [1, 7, 6],
      layers: [
        { type: 'conv2d', filters: 2, kernelSize: 3, padding: 1, activation: 'relu' },
        { type: 'maxpool2d', poolSize: 2 },
        { type: 'batchnorm' },
        { type: 'flatten' },
        { type: 'dropout', keep: 0.8 },
        { type: 'dense', units: 5, activation: 'tanh' },
        { type: 'dense', units: 3 },
      ],
      loss: 'softmax-cross-entropy',
    };
    const result = gradientCheck(spec, { batchSize: 3, seed: 2 });
    expect(result.tensors.map((t) => t.name)).toEqual([
      'layers.0.weight', 'layers.0.bias', 'layers.2.gamma', 'layers.2.beta', 'layers.5.weight', 'layers.5.bias', 'layers.6.weight', 'layers.6.bias',
    ]);
    expect(result.input.name).toBe('input');
    expect(result.input.checked).toBe(60);
    for (const t of [...result.tensors, result.input]) expect(t.relativeError, t.name).toBeLessThanOrEqual(1e-6);
  });

  for (const loss of ['mse', 'l1', 'hinge', 'softmax-cross-entropy', 'sigmoid-bce'] as const) {
    it(`checks a model trained with ${loss}`, () => {
      const spec: ModelSpec = { inputShape: [4], layers: [{ type: 'dense', units: 5, activation: 'softsign' }, { type: 'dense', units: 3 }], loss };
      expect(gradientCheck(spec, { seed: 3 }).worst).toBeLessThanOrEqual(1e-6);
    });
  }

  it('checks probability losses (bce, log-loss) behind a sigmoid or softmax output', () => {
    const bce: ModelSpec = { inputShape: [4], layers: [{ type: 'dense', units: 2, activation: 'sigmoid' }], loss: 'bce' };
    const logLoss: ModelSpec = { inputShape: [4], layers: [{ type: 'dense', units: 3, activation: 'softmax' }], loss: 'log-loss' };
    expect(gradientCheck(bce, { seed: 4 }).worst).toBeLessThanOrEqual(1e-6);
    expect(gradientCheck(logLoss, { seed: 4 }).worst).toBeLessThanOrEqual(1e-6);
  });

  it('catches a wrong backward pass', () => {
    const original = DenseLayer.prototype.backward;
    DenseLayer.prototype.backward = function (this: DenseLayer, dy, context) {
      const dx = original.call(this, dy, context);
      this.bias.grad.data[0]! *= 1.5;
      return dx;
    };
    try {
      const spec: ModelSpec = { inputShape: [3], layers: [{ type: 'dense', units: 2 }], loss: 'mse' };
      const result = gradientCheck(spec, { seed: 5 });
      expect(result.tensors.find((t) => t.name === 'layers.0.bias')!.relativeError).toBeGreaterThan(1e-2);
      expect(result.tensors.find((t) => t.name === 'layers.0.weight')!.relativeError).toBeLessThanOrEqual(1e-6);
    } finally {
      DenseLayer.prototype.backward = original;
    }
  });

  it('samples at most maxEntriesPerTensor entries of a large tensor, and all of a small one', () => {
    const spec: ModelSpec = { inputShape: [30], layers: [{ type: 'dense', units: 4 }], loss: 'mse' };
    const result = gradientCheck(spec, { maxEntriesPerTensor: 25, batchSize: 2 });
    expect(result.tensors.map((t) => [t.name, t.checked])).toEqual([['layers.0.weight', 25], ['layers.0.bias', 4]]);
    expect(result.input.checked).toBe(25);
    expect(result.worst).toBeLessThanOrEqual(1e-6);
  });
});
