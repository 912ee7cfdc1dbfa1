import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Model, gradientNorms, modelSpecWarnings, validateModelSpec } from './model.js';
import { createReferenceKernels } from './kernels/reference.js';
import { SpecError } from './errors.js';
import { oneHot } from './losses.js';
import { Rng } from './random.js';
import { Tensor, type DType } from './tensor.js';
import type { Kernels } from './kernels/kernels.js';
import type { ModelSpec } from './spec.js';
import { float32Providers } from './testing/providers.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from './testing/fixtures.js';

const reference = createReferenceKernels();
const providers = await float32Providers();

const seedMlp: ModelSpec = {
  inputShape: [784],
  layers: [
    { type: 'dense', units: 64, activation: 'sigmoid' },
    { type: 'dense', units: 16, activation: 'tanh' },
    { type: 'dense', units: 10 },
  ],
  loss: 'softmax-cross-entropy',
};

type Params = Record<'W1' | 'b1' | 'W2' | 'b2' | 'W3' | 'b3', FixtureTensor>;
const mlpStep = JSON.parse(readFileSync(torchFixturePath('seed_mlp_step'), 'utf8')) as {
  X: FixtureTensor; labels: number[]; params: Params; loss: number; grads: Params; params_after: Params;
};
/** The fixture's names for our dotted ones (its W is [in, out], as ours). */
const fixtureName: Record<string, keyof Params> = {
  'layers.0.weight': 'W1', 'layers.0.bias': 'b1', 'layers.1.weight': 'W2', 'layers.1.bias': 'b2', 'layers.2.weight': 'W3', 'layers.2.bias': 'b3',
};

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function seedMlpModel(kernels: Kernels, dtype: DType, spec: ModelSpec = seedMlp): Model {
  const model = Model.build(spec, { kernels, init: 'xavier-uniform', seed: 1, dtype });
  const state: Record<string, Tensor> = {};
  for (const [name, key] of Object.entries(fixtureName)) state[name] = tensorOf(mlpStep.params[key], dtype);
  model.loadStateDict(state);
  return model;
}

describe('Model.build from a spec', () => {
  const model = Model.build(seedMlp, { kernels: reference, init: 'xavier-uniform', seed: 1 });

  it('summarises each layer: output shape and parameter count (784·64 + 64, 64·16 + 16, 16·10 + 10)', () => {
    expect(model.summary()).toEqual({
      layers: [
        { index: 0, type: 'dense', outputShape: [64], paramCount: 50240 },
        { index: 1, type: 'dense', outputShape: [16], paramCount: 1040 },
        { index: 2, type: 'dense', outputShape: [10], paramCount: 170 },
      ],
      total: 51450,
    });
  });

  it('names parameters layers.<i>.<name>; only weights are regularised', () => {
    expect(model.parameters().map((p) => [p.name, p.value.shape, p.regularised])).toEqual([
      ['layers.0.weight', [784, 64], true], ['layers.0.bias', [64], false],
      ['layers.1.weight', [64, 16], true], ['layers.1.bias', [16], false],
      ['layers.2.weight', [16, 10], true], ['layers.2.bias', [10], false],
    ]);
  });

  it('draws the same weights from the same seed and different ones from another', () => {
    const again = Model.build(seedMlp, { kernels: reference, init: 'xavier-uniform', seed: 1 });
    const other = Model.build(seedMlp, { kernels: reference, init: 'xavier-uniform', seed: 2 });
    expect(sameValues(again.parameters()[0]!.value.data, model.parameters()[0]!.value.data)).toBe(true);
    expect(sameValues(other.parameters()[0]!.value.data, model.parameters()[0]!.value.data)).toBe(false);
  });

  it('keeps BatchNorm running statistics in the state dict, with the spec index in the name', () => {
    const cnn = Model.build({
      inputShape: [1, 6, 6],
      layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'batchnorm' }, { type: 'flatten' }, { type: 'dense', units: 3 }],
      loss: 'softmax-cross-entropy',
    }, { kernels: reference });
    expect(Object.entries(cnn.stateDict()).map(([name, t]) => [name, t.shape])).toEqual([
      ['layers.0.weight', [2, 1, 3, 3]], ['layers.0.bias', [2]], ['layers.1.gamma', [2]], ['layers.1.beta', [2]],
      ['layers.3.weight', [32, 3]], ['layers.3.bias', [3]], ['layers.1.runningMean', [2]], ['layers.1.runningVar', [2]],
    ]);
    cnn.forward(Tensor.from([2, 1, 6, 6], Array.from({ length: 72 }, (_, i) => i % 7)), { training: true });
    expect(cnn.stateDict()['layers.1.runningMean']!.data.some((v) => v !== 0)).toBe(true);
  });
});

describe('stateDict and loadStateDict', () => {
  it('round-trips: a model loaded with another one\'s state predicts the same', () => {
    const a = Model.build(seedMlp, { kernels: reference, seed: 1, dtype: 'float64' });
    const b = Model.build(seedMlp, { kernels: reference, seed: 2, dtype: 'float64' });
    b.loadStateDict(a.stateDict());
    const x = tensorOf(mlpStep.X).rows(0, 4);
    expect([...b.predict(x).data]).toEqual([...a.predict(x).data]);
  });

  it('rejects a wrong shape, a missing and an unknown tensor, naming it, and changes nothing', () => {
    const model = Model.build(seedMlp, { kernels: reference, seed: 1 });
    const before = model.parameters()[0]!.value.data.slice();
    const state = { ...model.stateDict() };
    const wrong = { ...state, 'layers.0.weight': Tensor.zeros([64, 784]), 'layers.0.bias': Tensor.zeros([64]) };
    expect(() => model.loadStateDict(wrong)).toThrow('"layers.0.weight" is [64, 784] in the saved state but [784, 64] in the model');
    expect(() => model.loadStateDict(wrong)).toThrow(expect.objectContaining({
      code: 'model.state-shape', params: { tensor: 'layers.0.weight', saved: '[64, 784]', expected: '[784, 64]' },
    }));
    expect(sameValues(model.parameters()[0]!.value.data, before)).toBe(true);
    const { ['layers.2.bias']: _dropped, ...missing } = state;
    expect(() => model.loadStateDict(missing)).toThrow(/no tensor "layers.2.bias"/);
    expect(() => model.loadStateDict({ ...state, 'layers.9.weight': Tensor.zeros([1]) })).toThrow(/holds "layers.9.weight"/);
  });
});

describe('the course network (seed 001) against PyTorch: one forward and backward on seed_mlp_step.json', () => {
  function check(kernels: Kernels, dtype: DType, tolerance: number) {
    const model = seedMlpModel(kernels, dtype);
    const x = tensorOf(mlpStep.X, dtype);
    const y = oneHot(mlpStep.labels, 10, dtype);
    const output = model.forward(x, { training: true });
    expect(relativeError([model.loss.value(output, y)], [mlpStep.loss])).toBeLessThanOrEqual(tolerance);
    model.backward(model.loss.gradient(output, y));
    for (const p of model.parameters()) {
      expect(relativeError(p.grad.data, mlpStep.grads[fixtureName[p.name]!].data), p.name).toBeLessThanOrEqual(tolerance);
    }
  }
  it('reference float64 (≤ 1e-9)', () => check(reference, 'float64', 1e-9));
  for (const kernels of providers) it(`${kernels.name} float32 (≤ 1e-4)`, () => check(kernels, 'float32', 1e-4));

  it('a final "10 softmax" before cross-entropy is fused into the loss: same logits, same gradients', () => {
    const withSoftmax: ModelSpec = { ...seedMlp, layers: [seedMlp.layers[0]!, seedMlp.layers[1]!, { type: 'dense', units: 10, activation: 'softmax' }] };
    const model = seedMlpModel(reference, 'float64', withSoftmax);
    expect(model.fusesOutputActivation).toBe(true);
    const x = tensorOf(mlpStep.X);
    const y = oneHot(mlpStep.labels, 10, 'float64');
    const output = model.forward(x);
    expect(relativeError([model.loss.value(output, y)], [mlpStep.loss])).toBeLessThanOrEqual(1e-9);
    const probabilities = model.predict(x);
    for (let i = 0; i < 16; i++) {
      let sum = 0;
      for (let j = 0; j < 10; j++) sum += probabilities.data[i * 10 + j]!;
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});

describe('worked examples', () => {
  it("seed 003's XOR network f(x) = wᵀ max(0, Wᵀx + c) + b outputs exactly [0, 1, 1, 0]", () => {
    const xor = JSON.parse(readFileSync(torchFixturePath('xor'), 'utf8')) as { X: number[][]; y: number[]; W: number[][]; c: number[]; w: number[]; b: number };
    const model = Model.build({
      inputShape: [2],
      layers: [{ type: 'dense', units: 2, activation: 'relu' }, { type: 'dense', units: 1 }],
      loss: 'mse',
    }, { kernels: reference, dtype: 'float64' });
    model.loadStateDict({
      'layers.0.weight': Tensor.from([2, 2], xor.W.flat(), 'float64'),
      'layers.0.bias': Tensor.from([2], xor.c, 'float64'),
      'layers.1.weight': Tensor.from([2, 1], xor.w, 'float64'),
      'layers.1.bias': Tensor.from([1], [xor.b], 'float64'),
    });
    const output = model.predict(Tensor.from([4, 2], xor.X.flat(), 'float64'));
    expect([...output.data]).toEqual([0, 1, 1, 0]);
    expect(xor.y).toEqual([0, 1, 1, 0]);
  });

  function trainSgd(model: Model, steps: number, x: Tensor, y: Tensor, lr: number): void {
    for (let t = 0; t < steps; t++) {
      model.backward(model.loss.gradient(model.forward(x, { training: true }), y));
      for (const p of model.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i]! -= lr * p.grad.data[i]!;
    }
  }

  it('zero initialisation of a 2-layer sigmoid net keeps every hidden unit identical (seed 001, table row 2)', () => {
    const spec: ModelSpec = {
      inputShape: [3],
      layers: [{ type: 'dense', units: 4, activation: 'sigmoid' }, { type: 'dense', units: 2, activation: 'sigmoid' }],
      loss: 'mse',
    };
    const rng = new Rng(3);
    const x = Tensor.from([8, 3], Array.from({ length: 24 }, () => rng.normal()), 'float64');
    const y = Tensor.from([8, 2], Array.from({ length: 16 }, () => rng.next()), 'float64');
    const columns = (model: Model) => {
      const w = model.parameters()[0]!.value.data;
      return [0, 1, 2, 3].map((unit) => [0, 1, 2].map((input) => w[input * 4 + unit]!));
    };

    const zero = Model.build(spec, { kernels: reference, init: 'zero', dtype: 'float64' });
    trainSgd(zero, 50, x, y, 2);
    const zeroColumns = columns(zero);
    expect(zeroColumns[0]!.some((v) => v !== 0)).toBe(true);
    for (const column of zeroColumns) expect(column).toEqual(zeroColumns[0]);
    const w2 = zero.parameters()[2]!.value.data;
    for (let unit = 1; unit < 4; unit++) expect([w2[unit * 2], w2[unit * 2 + 1]]).toEqual([w2[0], w2[1]]);

    const random = Model.build(spec, { kernels: reference, init: 'xavier-normal', dtype: 'float64' });
    trainSgd(random, 50, x, y, 2);
    const randomColumns = columns(random);
    expect(randomColumns[1]).not.toEqual(randomColumns[0]);
  });

  it('a step-activation network gets no gradient in its first layer (it cannot learn)', () => {
    const model = Model.build({
      inputShape: [3], layers: [{ type: 'dense', units: 4, activation: 'step' }, { type: 'dense', units: 2 }], loss: 'softmax-cross-entropy',
    }, { kernels: reference, init: 'normal', dtype: 'float64' });
    const x = Tensor.from([2, 3], [1, -2, 0.5, 0.3, 0.1, -1], 'float64');
    const y = oneHot([0, 1], 2, 'float64');
    model.backward(model.loss.gradient(model.forward(x, { training: true }), y));
    const norms = gradientNorms(model);
    expect(norms['layers.0.weight']).toBe(0);
    expect(norms['layers.1.weight']).toBeGreaterThan(0);
  });
});

describe('hooks', () => {
  it('onLayerOutput sees every layer output in order; gradientNorms gives ‖∂L/∂θ‖₂ per tensor', () => {
    const model = seedMlpModel(reference, 'float64');
    const seen: [number, string, number[]][] = [];
    model.onLayerOutput = (index, type, output) => seen.push([index, type, [...output.shape]]);
    const x = tensorOf(mlpStep.X);
    const y = oneHot(mlpStep.labels, 10, 'float64');
    model.backward(model.loss.gradient(model.forward(x, { training: true }), y));
    expect(seen).toEqual([[0, 'dense', [16, 64]], [1, 'dense', [16, 16]], [2, 'dense', [16, 10]]]);
    const norms = gradientNorms(model);
    const expected = Math.sqrt(mlpStep.grads.W2.data.reduce((s, g) => s + g * g, 0));
    expect(norms['layers.1.weight']).toBeCloseTo(expected, 12);
  });
});

describe('validateModelSpec', () => {
  it('returns every layer\'s output shape', () => {
    expect(validateModelSpec(seedMlp)).toEqual([[64], [16], [10]]);
  });

  it('names the layer and the numbers of a bad layer deep in the spec', () => {
    const spec: ModelSpec = {
      inputShape: [1, 28, 28],
      layers: [
        { type: 'conv2d', filters: 6, kernelSize: 5 },
        { type: 'maxpool2d', poolSize: 2 },
        { type: 'conv2d', filters: 16, kernelSize: 5 },
        { type: 'maxpool2d', poolSize: 2 },
        { type: 'conv2d', filters: 16, kernelSize: 7 },
        { type: 'flatten' },
        { type: 'dense', units: 10 },
      ],
      loss: 'softmax-cross-entropy',
    };
    expect(() => validateModelSpec(spec)).toThrow('layer 4 (conv2d): output height floor((4 + 2·0 − 7)/1) + 1 = −2 < 1');
    expect(() => Model.build(spec, { kernels: reference })).toThrow(SpecError);
  });

  it('rejects a spec whose output is not a vector, an empty one, a bad input shape and an unknown loss', () => {
    expect(() => validateModelSpec({ inputShape: [1, 8, 8], layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }], loss: 'mse' })).toThrow(
      "layer 0 (conv2d) gives [2, 6, 6] per sample but the loss 'mse' needs a vector: end with flatten, globalavgpool or dense",
    );
    expect(() => validateModelSpec({ inputShape: [4], layers: [], loss: 'mse' })).toThrow('A model needs at least one layer');
    expect(() => validateModelSpec({ inputShape: [0, 4], layers: [{ type: 'flatten' }], loss: 'mse' })).toThrow(/inputShape must be .* got \[0,4\]/);
    expect(() => validateModelSpec({ inputShape: [4], layers: [{ type: 'flatten' }], loss: 'focal' as never })).toThrow(/Unknown loss 'focal'/);
    expect(() => validateModelSpec({ inputShape: [4], layers: [{ type: 'dense', units: 1 }], loss: 'softmax-cross-entropy' })).toThrow(
      /needs at least 2 classes/,
    );
  });

  it('forward rejects input that does not hold samples of the input shape', () => {
    const model = Model.build(seedMlp, { kernels: reference });
    expect(() => model.forward(Tensor.zeros([2, 783]))).toThrow('The input [2, 783] does not hold samples of [784] (784 values each)');
    expect(model.forward(Tensor.zeros([2, 1, 28, 28])).shape).toEqual([2, 10]);
    expect(() => model.backward(Tensor.zeros([3, 10]))).toThrow('Model.backward: dOutput [3, 10] differs from the last output [2, 10]');
  });
});

describe('modelSpecWarnings', () => {
  it('warns about a step activation and a probability loss without probabilities; none for the course network', () => {
    expect(modelSpecWarnings(seedMlp)).toEqual([]);
    expect(modelSpecWarnings({
      inputShape: [4],
      layers: [{ type: 'dense', units: 3, activation: 'step' }, { type: 'dense', units: 2 }],
      loss: 'bce',
    })).toEqual([
      'layer 0 (dense): the step activation has derivative 0, so no gradient flows back through it and the layers up to it cannot learn',
      "layer 1 (dense): the loss 'bce' expects probabilities; end with a sigmoid (or use 'sigmoid-bce' on logits)",
    ]);
  });
});

describe('buffer reuse between training passes', () => {
  const spec: ModelSpec = {
    inputShape: [1, 6, 6],
    layers: [
      { type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'batchnorm' }, { type: 'activation', fn: 'relu' },
      { type: 'maxpool2d', poolSize: 2 }, { type: 'avgpool2d', poolSize: 1 }, { type: 'dropout', keep: 0.5 },
      { type: 'globalavgpool' }, { type: 'dense', units: 3 },
    ],
    loss: 'softmax-cross-entropy',
  };
  const x = Tensor.from([3, 1, 6, 6], Array.from({ length: 108 }, (_, i) => Math.cos(i * 0.7)), 'float64');
  const y = oneHot([0, 2, 1], 3, 'float64');

  function gradients(reuseBuffers: boolean): number[][] {
    const model = Model.build(spec, { kernels: reference, dtype: 'float64', seed: 4 });
    let grads: number[][] = [];
    for (let step = 0; step < 3; step++) {
      const output = model.forward(x, { training: true, rng: new Rng(step), reuseBuffers });
      model.backward(model.loss.gradient(output, y));
      grads = model.parameters().map((p) => [...p.grad.data]);
    }
    return grads;
  }

  it('gives the same gradients as fresh buffers, step after step', () => {
    expect(gradients(true)).toEqual(gradients(false));
  });

  it('never overwrites what an ordinary forward returned', () => {
    const model = Model.build(spec, { kernels: reference, dtype: 'float64', seed: 4 });
    const kept: Tensor[] = [];
    model.onLayerOutput = (_index, _type, output) => kept.push(output);
    model.forward(x, { training: true, rng: new Rng(1) });
    const snapshot = kept.map((t) => [...t.data]);
    model.forward(Tensor.from([3, 1, 6, 6], x.data.map((v) => 2 * v - 1), 'float64'), { training: true, rng: new Rng(2) });
    expect(kept.slice(0, snapshot.length).map((t) => [...t.data])).toEqual(snapshot);
  });
});
