/**
 * Every optimizer against PyTorch (fixtures/torch/optimizers.json: 12 steps on
 * J(θ) = ‖Aθ − b‖² / (2·8), float64), in float64 (≤ 1e-9) and float32 (≤ 1e-4).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tensor, type DType } from '../tensor.js';
import type { OptimizerSpec } from '../spec.js';
import { createOptimizer } from './index.js';
import type { Optimizer } from './optimizer.js';

interface Fixture {
  A: { shape: [number, number]; data: number[] };
  b: { data: number[] };
  theta0: { data: number[] };
  trajectories: Record<string, number[][]>;
}

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../testing/fixtures/torch/optimizers.json'), 'utf8'),
) as Fixture;

/** ∇J = Aᵀ(Aθ − b) / m, written into grad in its own precision. */
function leastSquaresGradient(theta: Tensor, grad: Tensor): void {
  const [rows, cols] = fixture.A.shape;
  const a = fixture.A.data;
  grad.data.fill(0);
  for (let r = 0; r < rows; r++) {
    let residual = -fixture.b.data[r]!;
    for (let c = 0; c < cols; c++) residual += a[r * cols + c]! * theta.data[c]!;
    for (let c = 0; c < cols; c++) grad.data[c]! += (a[r * cols + c]! * residual) / rows;
  }
}

function runLeastSquares(optimizer: Optimizer, steps: number, dtype: DType, theta?: Tensor): number[][] {
  const value = theta ?? Tensor.from([4], fixture.theta0.data, dtype);
  const params = [{ value, grad: Tensor.zeros([4], dtype) }];
  const path: number[][] = [];
  for (let step = 0; step < steps; step++) {
    optimizer.beforeGradient(params);
    leastSquaresGradient(params[0]!.value, params[0]!.grad);
    optimizer.step(params);
    path.push(Array.from(value.data));
  }
  return path;
}

const fixtureCases: [string, OptimizerSpec][] = [
  ['sgd_lr0.1', { type: 'sgd', lr: 0.1 }],
  ['momentum_classic_lr0.05_alpha0.9', { type: 'momentum', lr: 0.05, alpha: 0.9 }],
  ['momentum_ewma_lr0.1_beta0.9', { type: 'momentum', lr: 0.1, alpha: 0.9, form: 'ewma' }],
  ['nag_seed001_lr0.05_alpha0.9', { type: 'nag', lr: 0.05, alpha: 0.9 }],
  ['adagrad_lr0.3_eps1e-6', { type: 'adagrad', lr: 0.3, epsilon: 1e-6 }],
  ['adadelta_rho0.9_eps1e-5', { type: 'adadelta', rho: 0.9, epsilon: 1e-5 }],
  ['rmsprop_lr0.01_alpha0.9_eps1e-8', { type: 'rmsprop', lr: 0.01, alpha: 0.9, epsilon: 1e-8 }],
  ['adam_lr0.01', { type: 'adam', lr: 0.01 }],
];

function maxRelativeError(actual: number[][], expected: number[][]): number {
  let worst = 0;
  expected.forEach((row, step) =>
    row.forEach((want, i) => {
      const got = actual[step]![i]!;
      worst = Math.max(worst, Math.abs(got - want) / Math.max(Math.abs(want), 1e-12));
    }),
  );
  return worst;
}

describe('optimizers match PyTorch on least squares', () => {
  it('has a fixture for every case', () => {
    for (const [key] of fixtureCases) expect(fixture.trajectories[key], key).toHaveLength(12);
  });

  for (const [key, spec] of fixtureCases) {
    it(`${key} in float64 (relative error ≤ 1e-9)`, () => {
      const path = runLeastSquares(createOptimizer(spec), 12, 'float64');
      expect(maxRelativeError(path, fixture.trajectories[key]!)).toBeLessThanOrEqual(1e-9);
    });
    it(`${key} in float32 (relative error ≤ 1e-4)`, () => {
      const path = runLeastSquares(createOptimizer(spec), 12, 'float32');
      expect(maxRelativeError(path, fixture.trajectories[key]!)).toBeLessThanOrEqual(1e-4);
    });
  }

});
