import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyUpdate, computeBatchGradients, trainStep } from './step.js';
import { Model } from '../model.js';
import { createOptimizer } from '../optim/index.js';
import type { Optimizer, OptimizerParam } from '../optim/optimizer.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { oneHot } from '../losses.js';
import { Tensor } from '../tensor.js';
import { Rng } from '../random.js';
import type { ModelSpec } from '../spec.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from '../testing/fixtures.js';

const reference = createReferenceKernels();
type Params = Record<'W1' | 'b1' | 'W2' | 'b2' | 'W3' | 'b3', FixtureTensor>;
const mlpStep = JSON.parse(readFileSync(torchFixturePath('seed_mlp_step'), 'utf8')) as {
  X: FixtureTensor; labels: number[]; params: Params; loss: number; params_after: Params;
};
const names: [string, keyof Params][] = [
  ['layers.0.weight', 'W1'], ['layers.0.bias', 'b1'], ['layers.1.weight', 'W2'], ['layers.1.bias', 'b2'], ['layers.2.weight', 'W3'], ['layers.2.bias', 'b3'],
];
const seedMlp: ModelSpec = {
  inputShape: [784],
  layers: [{ type: 'dense', units: 64, activation: 'sigmoid' }, { type: 'dense', units: 16, activation: 'tanh' }, { type: 'dense', units: 10 }],
  loss: 'softmax-cross-entropy',
};

function fixtureModel(): Model {
  const model = Model.build(seedMlp, { kernels: reference, dtype: 'float64' });
  model.loadStateDict(Object.fromEntries(names.map(([name, key]) => [name, tensorOf(mlpStep.params[key])])));
  return model;
}

/** Records the calls it gets and leaves the parameters alone. */
class RecordingOptimizer implements Optimizer {
  readonly name = 'recording';
  stepCount = 0;
  learningRate = 0;
  constructor(private readonly log: string[]) {}
  beforeGradient(_params: OptimizerParam[]): void {
    this.log.push('beforeGradient');
  }
  step(_params: OptimizerParam[]): void {
    this.log.push('step');
    this.stepCount++;
  }
  getState() {
    return { stepCount: this.stepCount, buffers: [] };
  }
  setState(): void {}
}

describe('trainStep', () => {
  it('one SGD step (η = 0.2) of the course network reproduces PyTorch: loss and every parameter after', () => {
    const model = fixtureModel();
    const result = trainStep(model, createOptimizer({ type: 'sgd', lr: 0.2 }), tensorOf(mlpStep.X), oneHot(mlpStep.labels, 10, 'float64'));
    expect(relativeError([result.loss], [mlpStep.loss])).toBeLessThanOrEqual(1e-9);
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy * 16).toBeCloseTo(Math.round(result.accuracy * 16), 12);
    const state = model.stateDict();
    for (const [name, key] of names) {
      expect(relativeError(state[name]!.data, mlpStep.params_after[key].data), name).toBeLessThanOrEqual(1e-9);
    }
  });

  it('calls beforeGradient (NAG look-ahead) before the forward pass and step after the backward pass', () => {
    const log: string[] = [];
    const model = fixtureModel();
    model.onLayerOutput = (index) => log.push(`forward ${index}`);
    trainStep(model, new RecordingOptimizer(log), tensorOf(mlpStep.X).rows(0, 2), oneHot(mlpStep.labels.slice(0, 2), 10, 'float64'));
    expect(log).toEqual(['beforeGradient', 'forward 0', 'forward 1', 'forward 2', 'step']);
  });

  it('adds the L2 penalty (λ/2)‖W‖² to the loss and λW to the weight gradients only', () => {
    const x = tensorOf(mlpStep.X).rows(0, 4);
    const y = oneHot(mlpStep.labels.slice(0, 4), 10, 'float64');
    const plain = fixtureModel();
    const plainResult = trainStep(plain, new RecordingOptimizer([]), x, y);
    const l2 = 0.01;
    const regularised = fixtureModel();
    const result = trainStep(regularised, new RecordingOptimizer([]), x, y, { regularisation: { l2 } });
    let squares = 0;
    for (const key of ['W1', 'W2', 'W3'] as const) for (const w of mlpStep.params[key].data) squares += w * w;
    expect(result.loss - plainResult.loss).toBeCloseTo((l2 / 2) * squares, 10);
    const plainParams = plain.parameters();
    regularised.parameters().forEach((p, i) => {
      const before = plainParams[i]!;
      for (let k = 0; k < p.grad.size; k += 97) {
        const expected = before.grad.data[k]! + (p.regularised ? l2 * p.value.data[k]! : 0);
        expect(p.grad.data[k]).toBeCloseTo(expected, 12);
      }
    });
  });

  it('draws dropout masks from the rng it is given, so the same seed gives the same step', () => {
    const spec: ModelSpec = { inputShape: [3], layers: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dropout', keep: 0.5 }, { type: 'dense', units: 2 }], loss: 'softmax-cross-entropy' };
    const x = Tensor.from([2, 3], [1, 2, 3, -1, 0, 1], 'float64');
    const y = oneHot([0, 1], 2, 'float64');
    const run = (seed: number) => {
      const model = Model.build(spec, { kernels: reference, dtype: 'float64', seed: 1 });
      return trainStep(model, createOptimizer({ type: 'sgd', lr: 0.1 }), x, y, { rng: new Rng(seed) }).loss;
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });
});

describe('the step in two halves', () => {
  it('gradients of two slices, weighted by m_k/m and summed, then one update: the PyTorch step of the whole batch', () => {
    // The batch loss is a mean, so ∇J = Σ_k (m_k/m)·∇J_k: slices of 5 and 11 rows of the 16-row fixture.
    const model = fixtureModel();
    const x = tensorOf(mlpStep.X);
    const params = model.parameters();
    const sums = params.map((p) => new Float64Array(p.grad.size));
    let loss = 0;
    for (const [start, end] of [[0, 5], [5, 16]] as const) {
      const share = (end - start) / 16;
      const slice = computeBatchGradients(model, x.rows(start, end), oneHot(mlpStep.labels.slice(start, end), 10, 'float64'));
      loss += share * slice.loss;
      params.forEach((p, i) => p.grad.data.forEach((g, k) => { sums[i]![k]! += share * g; }));
    }
    params.forEach((p, i) => p.grad.data.set(sums[i]!));
    const penalty = applyUpdate(model, createOptimizer({ type: 'sgd', lr: 0.2 }));
    expect(penalty).toBe(0);
    expect(relativeError([loss], [mlpStep.loss])).toBeLessThanOrEqual(1e-9);
    const state = model.stateDict();
    for (const [name, key] of names) {
      expect(relativeError(state[name]!.data, mlpStep.params_after[key].data), name).toBeLessThanOrEqual(1e-9);
    }
  });
});
