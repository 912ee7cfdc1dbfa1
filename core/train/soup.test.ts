import { describe, expect, it } from 'vitest';
import { createReferenceKernels } from '../kernels/reference.js';
import { Model } from '../model.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { interpolateWeights, recalibrateBatchNorm } from './soup.js';

/** Mean and unbiased variance of `values`, in float64. */
function moments(values: number[]): [number, number] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return [mean, values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)];
}

describe('interpolateWeights', () => {
  const a = { w: Float32Array.from([1, 2, 3]), b: Float32Array.from([-4]) };
  const b = { w: Float32Array.from([5, 2, -1]), b: Float32Array.from([4]) };

  it('is the first model at α = 0, the second at α = 1, and (1 − α)·a + α·b between', () => {
    expect(interpolateWeights(a, b, 0)).toEqual(a);
    expect(interpolateWeights(a, b, 1)).toEqual(b);
    const quarter = interpolateWeights(a, b, 0.25);
    expect(Array.from(quarter.w!)).toEqual([2, 2, 2]);
    expect(Array.from(quarter.b!)).toEqual([-2]);
  });

  it('refuses models whose tensors differ, naming the tensor', () => {
    expect(() => interpolateWeights(a, { w: b.w }, 0.5)).toThrow('b is in only one');
    expect(() => interpolateWeights(a, { ...b, w: Float32Array.from([1]) }, 0.5)).toThrow('"w" has 3 values in one model and 1 in the other');
    expect(() => interpolateWeights(a, b, Number.NaN)).toThrow('finite');
  });
});

describe('recalibrateBatchNorm', () => {
  const rng = new Rng(5);
  const count = 7;
  const inputs = Float32Array.from({ length: count * 2 }, () => rng.uniform(-2, 3));

  it('gives each BatchNorm layer the mean and unbiased variance of its inputs, worked out by hand layer after layer', () => {
    // dense (W, b) → BN → ReLU → dense (V, 0) → BN: the second layer's inputs depend on the first's new statistics.
    const model = Model.build({
      inputShape: [2],
      layers: [{ type: 'dense', units: 2 }, { type: 'batchnorm' }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }, { type: 'batchnorm' }],
      loss: 'mse',
    }, { kernels: createReferenceKernels() });
    const W = [[1, -2], [0.5, 3]];
    const bias = [0.25, -1];
    const V = [2, -1];
    model.loadStateDict({
      ...model.stateDict(),
      'layers.0.weight': Tensor.from([2, 2], W.flat()),
      'layers.0.bias': Tensor.from([2], bias),
      'layers.3.weight': Tensor.from([2, 1], V),
      'layers.3.bias': Tensor.from([1], [0]),
    });
    recalibrateBatchNorm(model, inputs, count, 3);

    const rows = Array.from({ length: count }, (_, n) => [inputs[2 * n]!, inputs[2 * n + 1]!]);
    // Dense computes x·W with W stored [in, out]: unit j = Σ_i x_i W[i][j] + b_j.
    const hidden = rows.map((x) => [0, 1].map((j) => x[0]! * W[0]![j]! + x[1]! * W[1]![j]! + bias[j]!));
    const first = [0, 1].map((j) => moments(hidden.map((h) => h[j]!)));
    const state = model.stateDict();
    for (const j of [0, 1]) {
      expect(state['layers.1.runningMean']!.data[j]).toBeCloseTo(first[j]![0], 5);
      expect(state['layers.1.runningVar']!.data[j]).toBeCloseTo(first[j]![1], 4);
    }
    const second = hidden.map((h) => [0, 1].reduce((sum, j) => sum + V[j]! * Math.max(0, (h[j]! - first[j]![0]) / Math.sqrt(first[j]![1] + 1e-5)), 0));
    const [mean, variance] = moments(second);
    expect(state['layers.4.runningMean']!.data[0]).toBeCloseTo(mean, 4);
    expect(state['layers.4.runningVar']!.data[0]).toBeCloseTo(variance, 4);
  });

  it('takes a convolution output channel by channel over samples and positions', () => {
    // A 1×1 convolution with weights (2, −1) and biases (1, 0): channel c at each pixel is w_c·x + b_c.
    const model = Model.build({
      inputShape: [1, 2, 2],
      layers: [{ type: 'conv2d', filters: 2, kernelSize: 1 }, { type: 'batchnorm' }, { type: 'flatten' }],
      loss: 'mse',
    }, { kernels: createReferenceKernels() });
    model.loadStateDict({ ...model.stateDict(), 'layers.0.weight': Tensor.from([2, 1, 1, 1], [2, -1]), 'layers.0.bias': Tensor.from([2], [1, 0]) });
    const pixels = Float32Array.from({ length: 3 * 4 }, () => rng.uniform(0, 1));
    recalibrateBatchNorm(model, pixels, 3);
    const state = model.stateDict();
    for (const [c, w, b] of [[0, 2, 1], [1, -1, 0]] as const) {
      const [mean, variance] = moments(Array.from(pixels, (x) => w * x + b));
      expect(state['layers.1.runningMean']!.data[c]).toBeCloseTo(mean, 5);
      expect(state['layers.1.runningVar']!.data[c]).toBeCloseTo(variance, 5);
    }
  });

  it('refuses a sample that does not fit the model, and changes nothing', () => {
    const model = Model.build({ inputShape: [2], layers: [{ type: 'batchnorm' }], loss: 'mse' }, { kernels: createReferenceKernels() });
    expect(() => recalibrateBatchNorm(model, new Float32Array(5), 3)).toThrow('at least 2 samples of 2 values; got 5 values for 3');
    expect(Array.from(model.stateDict()['layers.0.runningVar']!.data)).toEqual([1, 1]);
  });
});
