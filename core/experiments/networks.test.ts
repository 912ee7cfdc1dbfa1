/**
 * The experiments that run the engine's Model, each checked against what the textbook states:
 * XOR (seed 003), the initialisation table and histograms (seed 001), vanishing gradients (seed 002).
 */
import { describe, expect, it } from 'vitest';
import { xorExactSolution, xorLinearFit, xorTraining } from './xor.js';
import { activationHistograms, initialisationTable } from './initialisation.js';
import { SIGMOID_DERIVATIVE_BOUND, vanishingGradients } from './vanishing-gradients.js';

describe('XOR (seed 003)', () => {
  it('the hand-made 2-2-1 ReLU network outputs exactly [0, 1, 1, 0]', () => {
    expect(xorExactSolution().map((p) => p.output)).toEqual([0, 1, 1, 0]);
  });

  it('its hidden layer maps (0,0), (0,1), (1,0), (1,1) to (0,0), (1,0), (1,0), (2,1): separable by h₁ − 2h₂', () => {
    const points = xorExactSolution();
    expect(points.map((p) => p.hidden)).toEqual([[0, 0], [1, 0], [1, 0], [2, 1]]);
  });

  it('a linear model cannot fit it: least squares gives 0.5 everywhere, MSE 1/4', () => {
    const fit = xorLinearFit();
    fit.outputs.forEach((output) => expect(output).toBeCloseTo(0.5, 6));
    expect(fit.loss).toBeCloseTo(0.25, 6);
  });

  it('training the 2-2-1 ReLU net from random init with MSE learns [0, 1, 1, 0] (most seeds; a dead ReLU can stop one)', () => {
    const runs = Array.from({ length: 8 }, (_, i) => xorTraining({ seed: i + 1, iterations: 600 }));
    const learned = runs.filter((run) => run.learned);
    expect(learned.length).toBeGreaterThanOrEqual(4);
    for (const run of learned) {
      run.after.forEach((p) => expect(Math.abs(p.output - p.target)).toBeLessThan(0.1));
      expect(run.loss.at(-1)!).toBeLessThan(run.loss[0]! / 10);
    }
  });
});

describe('initialisation study (seed 001)', () => {
  const table = initialisationTable();
  const row = (n: number) => table.find((r) => r.row === n)!;

  it('has the seven rows of the table', () => {
    expect(table.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('zero init works for one layer, and leaves every hidden unit identical with two (rows 1, 2)', () => {
    expect(row(1).accuracy).toBeGreaterThan(0.9);
    expect(row(2).identicalHiddenUnits).toBe(true);
    expect(row(3).identicalHiddenUnits).toBe(false);
    expect(row(3).accuracy).toBeGreaterThan(0.9);
    expect(row(2).accuracy!).toBeLessThan(row(3).accuracy!);
  });

  it('N(0, 1) with sigmoid piles activations at 0 and 1 in every layer (row 4)', () => {
    const layers = activationHistograms({ activation: 'sigmoid', init: 'normal' });
    expect(layers).toHaveLength(6);
    for (const layer of layers) expect(layer.saturated).toBeGreaterThan(0.4);
    expect(row(4).saturated).toBeGreaterThan(0.4);
  });

  it('Xavier keeps tanh unsaturated and spread; Xavier ReLU collapses; MSRA ReLU keeps its spread (rows 5–7)', () => {
    const tanh = activationHistograms({ activation: 'tanh', init: 'xavier-normal' });
    const reluXavier = activationHistograms({ activation: 'relu', init: 'xavier-normal' });
    const reluHe = activationHistograms({ activation: 'relu', init: 'he-normal' });
    for (const layer of tanh) {
      expect(layer.saturated).toBeLessThan(0.05);
      expect(layer.std).toBeGreaterThan(0.2);
    }
    // Each ReLU layer under Xavier keeps about half the variance: 6 layers → std down by ≈ 2^(−5/2).
    expect(reluXavier.at(-1)!.std / reluXavier[0]!.std).toBeLessThan(0.35);
    expect(reluHe.at(-1)!.std / reluHe[0]!.std).toBeGreaterThan(0.7);
    expect(reluHe.at(-1)!.std / reluHe[0]!.std).toBeLessThan(1.5);
    expect(row(7).lastLayerStd!).toBeGreaterThan(3 * row(6).lastLayerStd!);
  });

  it('each histogram counts every activation once', () => {
    const layers = activationHistograms({ activation: 'relu', init: 'he-normal', samples: 50, width: 20 });
    for (const layer of layers) {
      expect(layer.histogram.counts.reduce((a, b) => a + b, 0)).toBe(50 * 20);
      expect(layer.histogram.edges).toHaveLength(layer.histogram.counts.length + 1);
    }
  });
});

describe('vanishing gradients (seed 002)', () => {
  const { bound, profiles } = vanishingGradients();
  const byActivation = new Map(profiles.map((p) => [p.activation, p]));

  it('states the bound σ′ ≤ 1/4', () => {
    expect(bound).toBe(SIGMOID_DERIVATIVE_BOUND);
    expect(SIGMOID_DERIVATIVE_BOUND).toBe(0.25);
  });

  it('deep sigmoid: gradient norms shrink layer by layer toward the input, by orders of magnitude', () => {
    const norms = byActivation.get('sigmoid')!.norms;
    expect(norms).toHaveLength(11);
    for (let l = 0; l + 1 < norms.length; l++) expect(norms[l]!).toBeLessThan(norms[l + 1]!);
    expect(norms[0]! / norms.at(-1)!).toBeLessThan(1e-4);
  });

  it('ReLU with He init: first and last layers within a factor of 10', () => {
    const norms = byActivation.get('relu')!.norms;
    const ratio = norms[0]! / norms.at(-1)!;
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });
});
