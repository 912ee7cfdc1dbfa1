/** The divergence guard: its reference against the loss formulas, and when it ends a run. */
import { describe, expect, it } from 'vitest';
import { createLoss } from '../losses.js';
import { lossNames } from '../names.js';
import { chanceLoss, DIVERGENCE_FACTOR, DIVERGENCE_ITERATIONS, DivergenceGuard, divergenceFailure, WEIGHTS_NOT_FINITE } from './divergence.js';

/** Binary entropy of p, the bce of predicting p for every element of a one-hot row of k. */
const binaryEntropy = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));

describe('chanceLoss: the loss of the best constant guess, by formula', () => {
  const expected = (k: number): Record<(typeof lossNames)[number], number> => ({
    'softmax-cross-entropy': Math.log(k),
    'log-loss': Math.log(k),
    mse: (k - 1) / k ** 2,
    l1: 1 / k,
    bce: binaryEntropy(1 / k),
    'sigmoid-bce': binaryEntropy(1 / k),
    hinge: (k - 1) / k,
  });
  it.each([10, 2, 3])('for %i classes', (k) => {
    for (const name of lossNames) expect(chanceLoss(createLoss(name), k), name).toBeCloseTo(expected(k)[name], 6);
  });
});

describe('DivergenceGuard', () => {
  const lnTen = Math.log(10);

  it('ends a run at once on a non-finite loss', () => {
    const guard = new DivergenceGuard(lnTen);
    expect(guard.afterIteration(2.3, 0.1)).toBeNull();
    expect(guard.afterIteration(Number.POSITIVE_INFINITY, 0.1)).toMatchObject({ loss: Infinity, what: /the loss became Infinity/ });
    expect(new DivergenceGuard(lnTen).afterIteration(NaN, 5)).toMatchObject({ what: 'the loss became NaN (learning rate 5)' });
  });

  it('forgives fewer than 10 iterations in a row above 10·ln 10, and ends the run on the 10th', () => {
    const guard = new DivergenceGuard(lnTen);
    expect(guard.afterIteration(2.31, 1)).toBeNull(); // R = max(ln 10, 2.31) = 2.31, ceiling 23.1
    expect(guard.ceiling).toBeCloseTo(23.1, 12);
    for (let i = 0; i < DIVERGENCE_ITERATIONS - 1; i++) expect(guard.afterIteration(1e6, 1)).toBeNull();
    expect(guard.afterIteration(23.0, 1)).toBeNull(); // below the ceiling: the count starts again
    for (let i = 0; i < DIVERGENCE_ITERATIONS - 1; i++) expect(guard.afterIteration(7.7e6, 1e6)).toBeNull();
    const verdict = guard.afterIteration(7.7e6, 1e6);
    expect(verdict?.loss).toBe(7.7e6);
    expect(verdict?.what).toBe(
      'the loss was 7700000, above 10 × 2.31 = 23.1 for 10 iterations in a row (the loss of the first step; learning rate 1000000)',
    );
  });

  it('takes the loss of guessing as R when the first step is below it', () => {
    const guard = new DivergenceGuard(lnTen);
    guard.afterIteration(0.05, 0.1); // a fine-tuned model starts far below chance
    expect(guard.ceiling).toBeCloseTo(DIVERGENCE_FACTOR * lnTen, 12);
    expect(guard.afterEpoch(DIVERGENCE_FACTOR * lnTen, 0.1)).toBeNull();
    expect(guard.afterEpoch(30, 0.1)?.what).toBe(
      "the epoch's mean loss was 30, above 10 × 2.303 = 23.03 (the loss of guessing without looking at the input; learning rate 0.1)",
    );
  });

  it('takes the first step as R when the network starts above the loss of guessing', () => {
    const guard = new DivergenceGuard(0.09); // mse on 10 classes
    guard.afterIteration(4, 0.1);
    expect(guard.ceiling).toBe(40);
    for (let i = 0; i < 3 * DIVERGENCE_ITERATIONS; i++) expect(guard.afterIteration(39, 0.1)).toBeNull();
  });
});

describe('a divergence as data', () => {
  const lnTen = Math.log(10);

  it('carries its code and the numbers its sentence shows (a non-finite loss as text, which JSON keeps)', () => {
    expect(new DivergenceGuard(lnTen).afterIteration(NaN, 5)?.problem).toEqual({ code: 'divergence.loss-not-finite', params: { loss: 'NaN', learningRate: 5 } });
    const guard = new DivergenceGuard(lnTen);
    guard.afterIteration(2, 0.5); // R = ln 10 = 2.303 (the first step is below it), ceiling 23.03
    for (let i = 0; i < DIVERGENCE_ITERATIONS - 1; i++) guard.afterIteration(1e6, 0.5);
    expect(guard.afterIteration(1e6, 0.5)?.problem).toEqual({
      code: 'divergence.iterations-above-chance',
      params: { loss: '1000000', factor: 10, reference: '2.303', ceiling: '23.03', iterations: 10, learningRate: 0.5 },
    });
    expect(guard.afterEpoch(40, 0.5)?.problem).toEqual({
      code: 'divergence.epoch-above-chance', params: { loss: '40', factor: 10, reference: '2.303', ceiling: '23.03', learningRate: 0.5 },
    });
  });

  it('names the first step as R when it is above the loss of guessing', () => {
    const guard = new DivergenceGuard(0.09);
    guard.afterIteration(4, 0.1);
    expect(guard.afterEpoch(41, 0.1)?.problem.code).toBe('divergence.epoch-above-first-step');
    for (let i = 0; i < DIVERGENCE_ITERATIONS - 1; i++) guard.afterIteration(50, 0.1);
    expect(guard.afterIteration(50, 0.1)?.problem.code).toBe('divergence.iterations-above-first-step');
  });

  it('words the run\'s failure: where, why and what is kept, the same as data and in English', () => {
    const { problem } = new DivergenceGuard(lnTen).afterIteration(Infinity, 2)!;
    expect(divergenceFailure(3, 17, problem, true)).toEqual({
      data: { code: 'train.diverged', params: { epoch: 3, iteration: 17 }, problem },
      message: 'Training diverged at epoch 3, iteration 17: the loss became Infinity (learning rate 2); the last good checkpoint is kept',
    });
    expect(divergenceFailure(1, 469, WEIGHTS_NOT_FINITE, false)).toEqual({
      data: { code: 'train.diverged-first-epoch', params: { epoch: 1, iteration: 469 }, problem: { code: 'divergence.weights-not-finite', params: {} } },
      message: 'Training diverged at epoch 1, iteration 469: the weights became non-finite; '
        + 'there is no checkpoint yet (none is saved before the end of the first epoch); the initial weights are restored',
    });
  });
});
