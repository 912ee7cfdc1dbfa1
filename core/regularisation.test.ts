/**
 * L1/L2 by hand, weights only, and L2 + SGD = weight decay as PyTorch computes it
 * (fixtures/torch/optimizers.json, sgd_weight_decay_lr0.1_lambda0.01).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tensor } from './tensor.js';
import { addRegularisationGradient, regularisationPenalty } from './regularisation.js';
import { createOptimizer } from './optim/index.js';

function param(values: number[], regularised: boolean) {
  return { value: Tensor.from([values.length], values, 'float64'), grad: Tensor.zeros([values.length], 'float64'), regularised };
}

describe('regularisation', () => {
  const weight = () => param([1, -2, 0, 3], true);
  const bias = () => param([5, -5], false);

  it('penalty: λ₁Σ|w| + (λ₂/2)Σw² over weights only', () => {
    // Σ|w| = 6, Σw² = 14; the bias (Σ|b| = 10) is not counted.
    expect(regularisationPenalty([weight(), bias()], { l1: 0.1 })).toBeCloseTo(0.6, 15);
    expect(regularisationPenalty([weight(), bias()], { l2: 0.1 })).toBeCloseTo(0.7, 15);
    expect(regularisationPenalty([weight(), bias()], { l1: 0.1, l2: 0.1 })).toBeCloseTo(1.3, 15);
    expect(regularisationPenalty([weight(), bias()], undefined)).toBe(0);
  });

  it('gradient: grad += λ₁·sign(w) + λ₂·w on weights, biases untouched', () => {
    const w = weight();
    const b = bias();
    w.grad.data.set([1, 1, 1, 1]);
    addRegularisationGradient([w, b], { l1: 0.1, l2: 0.5 });
    [1.6, -0.1, 1, 2.6].forEach((want, i) => expect(w.grad.data[i]).toBeCloseTo(want, 14));
    expect(Array.from(b.grad.data)).toEqual([0, 0]);
  });

  it('gradient with one strength only: λ₂·w alone, λ₁·sign(w) alone (sign(0) = 0)', () => {
    const l2Only = weight();
    l2Only.grad.data.set([1, 1, 1, 1]);
    addRegularisationGradient([l2Only], { l2: 0.5 });
    [1.5, 0, 1, 2.5].forEach((want, i) => expect(l2Only.grad.data[i]).toBeCloseTo(want, 14));
    const l1Only = weight();
    l1Only.grad.data.set([1, 1, 1, 1]);
    addRegularisationGradient([l1Only], { l1: 0.1 });
    [1.1, 0.9, 1, 1.1].forEach((want, i) => expect(l1Only.grad.data[i]).toBeCloseTo(want, 14));
  });

  it('the gradient is the derivative of the penalty (central differences)', () => {
    const w = param([0.3, -0.7, 1.1], true);
    const spec = { l1: 0.05, l2: 0.2 };
    addRegularisationGradient([w], spec);
    const h = 1e-6;
    for (let i = 0; i < 3; i++) {
      const original = w.value.data[i]!;
      w.value.data[i] = original + h;
      const plus = regularisationPenalty([w], spec);
      w.value.data[i] = original - h;
      const minus = regularisationPenalty([w], spec);
      w.value.data[i] = original;
      expect(w.grad.data[i]).toBeCloseTo((plus - minus) / (2 * h), 8);
    }
  });

  it('L2 with SGD equals PyTorch weight decay w ← (1 − ηλ)w − η∇J', () => {
    const fixture = JSON.parse(
      readFileSync(resolve(import.meta.dirname, './testing/fixtures/torch/optimizers.json'), 'utf8'),
    ) as { A: { data: number[] }; b: { data: number[] }; theta0: { data: number[] }; trajectories: Record<string, number[][]> };
    const theta = param(fixture.theta0.data, true);
    const sgd = createOptimizer({ type: 'sgd', lr: 0.1 });
    const expected = fixture.trajectories['sgd_weight_decay_lr0.1_lambda0.01']!;
    for (const want of expected) {
      theta.grad.data.fill(0);
      for (let r = 0; r < 8; r++) {
        let residual = -fixture.b.data[r]!;
        for (let c = 0; c < 4; c++) residual += fixture.A.data[r * 4 + c]! * theta.value.data[c]!;
        for (let c = 0; c < 4; c++) theta.grad.data[c]! += (fixture.A.data[r * 4 + c]! * residual) / 8;
      }
      addRegularisationGradient([theta], { l2: 0.01 });
      sgd.step([theta]);
      want.forEach((value, c) => expect(Math.abs(theta.value.data[c]! - value) / Math.abs(value)).toBeLessThan(1e-9));
    }
  });

  it('rejects negative strengths', () => {
    expect(() => regularisationPenalty([weight()], { l2: -1 })).toThrow('regularisation: l2 must be a number ≥ 0, got -1');
  });
});
