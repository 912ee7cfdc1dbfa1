/**
 * The experiments added to the registry, each against what the textbook states: the seed network's
 * backward pass equals formulas (7)–(17) computed by hand; the gradient check passes a correct network
 * and catches exactly the tensor a planted bug breaks, with the relative error its formula predicts;
 * the losses against the margin follow their closed forms. Data that does not matter to the property
 * is a seeded random stand-in for MNIST (the MNIST runs are in main/engine/experiment-jobs.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../data/dataset.js';
import { createReferenceKernels } from '../../kernels/reference.js';
import { Rng } from '../../random.js';
import { runExperiment } from '../registry/run.js';
import type { ModelSpec } from '../../spec.js';
import { lossAgainstMargin } from './loss-functions.js';

const kernels = createReferenceKernels();

function randomDigits(count: number, seed: number) {
  const rng = new Rng(seed);
  const images = Float32Array.from({ length: count * 784 }, () => (rng.next() < 0.2 ? rng.next() : 0));
  const labels = Uint8Array.from({ length: count }, () => rng.int(10));
  return makeDataset(images, labels);
}
const standIn = async () => ({ train: randomDigits(200, 1), test: randomDigits(50, 2) });

describe('the seed MNIST network layer by layer', () => {
  it('the engine’s forward and backward pass equal formulas (1)–(17) computed by hand, to rounding', async () => {
    const { result } = await runExperiment('seed-network', { kernels, mnist: standIn, params: { epochs: 0, batchSize: 8, trainImages: 200, testImages: 100 } });
    const rows = result.tables[0]!.rows;
    expect(rows.map((r) => r[1])).toEqual(['(1) (2)', '(3) (4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)', '(11)', '(12)', '(13)', '(14)', '(15)', '(16)', '(17)']);
    expect(rows.find((r) => r[1] === '(16)')![2]).toBe('784×64');
    expect(result.values.maxDifference).toBeLessThan(1e-12);
    // Every engine-backed row was compared (A1, A2, Z3 and the six parameter gradients).
    expect(rows.filter((r) => typeof r[4] === 'number')).toHaveLength(9);
  });
});

describe('gradient check with a planted bug', () => {
  it('passes the course’s network as it is', async () => {
    const { result } = await runExperiment('gradient-check', { kernels });
    expect(result.values.worst).toBeLessThan(1e-7);
    expect(result.values.wrongTensors).toBe('');
  });

  it('a missing 1/m in layer 1’s weight gradient breaks that tensor alone: relative error (m − 1)/(m + 1)', async () => {
    const { result } = await runExperiment('gradient-check', { kernels, params: { bug: 'missing-mean', bugLayer: 1, samples: 3 } });
    expect(result.values.wrongTensors).toBe('layers.1.weight');
    const row = result.tables[0]!.rows.find((r) => r[0] === 'layers.1.weight')!;
    // ‖3g − g‖ / (‖3g‖ + ‖g‖) = 2/4.
    expect(row[3]).toBeCloseTo(0.5, 6);
  });

  it('a wrong sign in a bias gradient gives relative error 1, on a small CNN with BatchNorm too', async () => {
    const { result } = await runExperiment('gradient-check', { kernels, params: { network: 'small-cnn', bug: 'wrong-sign', bugLayer: 0 } });
    expect(result.values.wrongTensors).toBe('layers.0.bias');
    expect(result.tables[0]!.rows.find((r) => r[0] === 'layers.0.bias')![3]).toBeCloseTo(1, 6);
  });

  /** A network as a student builds it in the layer editor: conv1d, dropout, an ELU-style activation layer, MSE. */
  const ownNetwork: ModelSpec = {
    inputShape: [2, 9], loss: 'mse',
    layers: [
      { type: 'conv1d', filters: 3, kernelSize: 3, stride: 2, activation: 'tanh' }, { type: 'flatten' },
      { type: 'dense', units: 6 }, { type: 'activation', fn: 'leaky-relu', alpha: 0.1 }, { type: 'dropout', keep: 0.7 }, { type: 'dense', units: 4 },
    ],
  };

  it('checks the user’s own network: every tensor of a correct backward pass agrees with central differences', async () => {
    const { result } = await runExperiment('gradient-check', { kernels, params: { network: 'custom', model: ownNetwork } });
    const names = result.tables[0]!.rows.map((r) => r[0]);
    expect(names).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias', 'layers.5.weight', 'layers.5.bias', 'experiments.gradient-check.input']);
    expect(result.values.worst).toBeLessThan(1e-6);
    expect(result.values.wrongTensors).toBe('');
  });

  it('in the user’s own network a bug planted in layer 2’s backward is caught there and nowhere else', async () => {
    const { result } = await runExperiment('gradient-check', { kernels, params: { network: 'custom', model: ownNetwork, bug: 'missing-mean', bugLayer: 1, samples: 4 } });
    expect(result.values.wrongTensors).toBe('layers.2.weight');
    const errors = Object.fromEntries(result.tables[0]!.rows.map((r) => [r[0], r[3] as number]));
    // ‖4g − g‖ / (‖4g‖ + ‖g‖) = 3/5.
    expect(errors['layers.2.weight']).toBeCloseTo(0.6, 6);
    for (const [name, error] of Object.entries(errors)) if (name !== 'layers.2.weight') expect(error).toBeLessThan(1e-6);
  });

  it('refuses a network the engine cannot build, naming the parameter and the layer', async () => {
    const broken: ModelSpec = { inputShape: [1, 4, 4], loss: 'softmax-cross-entropy', layers: [{ type: 'conv2d', filters: 2, kernelSize: 5 }, { type: 'flatten' }, { type: 'dense', units: 3 }] };
    await expect(runExperiment('gradient-check', { kernels, params: { network: 'custom', model: broken } }))
      .rejects.toThrow(/experiment gradient-check: model is not a network the engine can build: .*layer 0/);
  });

  it('names the layers it can plant a bug in when asked for one that does not exist', async () => {
    await expect(runExperiment('gradient-check', { kernels, params: { bug: 'wrong-sign', bugLayer: 9 } })).rejects.toThrow('bugLayer 9 is not a weighted layer of seed-mlp (its weighted layers are 0–2)');
  });
});

describe('loss as a function of the margin', () => {
  const margins = [-2, -0.5, 0, 0.5, 1, 3];
  it('cross-entropy is log(1 + e^(−m)), hinge max(0, 1 − m)/k with k = 2 classes, MSE ((1 − m/2)² + (m/2)²)/2', () => {
    lossAgainstMargin('softmax-cross-entropy', margins).forEach(([m, v]) => expect(v).toBeCloseTo(Math.log(1 + Math.exp(-m)), 12));
    lossAgainstMargin('hinge', margins).forEach(([m, v]) => expect(v).toBeCloseTo(Math.max(0, 1 - m) / 2, 12));
    lossAgainstMargin('mse', margins).forEach(([m, v]) => expect(v).toBeCloseTo(((1 - m / 2) ** 2 + (m / 2) ** 2) / 2, 12));
  });
});
