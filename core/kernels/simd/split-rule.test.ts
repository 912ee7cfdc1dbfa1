/**
 * The kernel-split decision on made-up timings (milliseconds per call, one thread and split, round by
 * round): no clock is read here, so nothing depends on the machine's load.
 */
import { describe, expect, it } from 'vitest';
import { decideSplit, medianSpeedUp, type SplitTrial } from './split-rule.js';

const M = 2 ** 20;
const trial = (multiplyAdds: number, one: number[], split: number[]): SplitTrial => ({ multiplyAdds, one, split });

describe('medianSpeedUp', () => {
  it('is the median of the rounds\u2019 one-thread ÷ split ratios', () => {
    // ratios 2, 0.5, 1.25 → median 1.25
    expect(medianSpeedUp(trial(M, [2, 1, 2.5], [1, 2, 2]))).toBe(1.25);
  });

  it('refuses rounds that do not pair up, naming the size and the counts', () => {
    expect(() => medianSpeedUp(trial(M, [1, 2], [1]))).toThrow(/1048576 multiply-adds.*got 2 and 1/);
  });
});

describe('decideSplit', () => {
  it('splits from the smallest size that is faster split at it and at every larger size', () => {
    const decision = decideSplit([
      trial(4 * M, [1, 1, 1], [0.7, 0.75, 0.8]), // 1.25–1.43×
      trial(M, [0.25, 0.25, 0.25], [0.2, 0.22, 0.21]), // > 1
      trial(M / 4, [0.06, 0.06, 0.06], [0.2, 0.2, 0.2]), // 0.3×
    ]);
    expect(decision.splitFrom).toBe(M);
    expect(decision.rule.code).toBe('provider.simd-split-from');
    // 1 / 0.75 = 1.33, 0.25 / 0.21 = 1.19, 0.06 / 0.2 = 0.30; largest first, as before.
    expect(decision.rule.params).toEqual({ from: '1.00', figures: '4.00M: 1.33×, 1.00M: 1.19×, 0.25M: 0.30×', rounds: 3 });
  });

  it('keeps splitting when one round of seven was disturbed (the case that once kept one thread)', () => {
    // Six rounds at ~1.35×, one at 0.82× (the other core busy for that round).
    const one = [1, 1, 1, 1, 1, 1, 1];
    const split = [0.74, 0.75, 1.22, 0.73, 0.74, 0.76, 0.75];
    const decision = decideSplit([trial(4 * M, one, split)]);
    expect(decision.splitFrom).toBe(4 * M);
    expect(decision.rule.code).toBe('provider.simd-split-from');
  });

  it('splits nothing when the largest size is not faster split in most rounds', () => {
    const decision = decideSplit([
      trial(4 * M, [1, 1, 1, 1, 1], [1.2, 0.7, 1.3, 1.25, 0.7]), // median 1 / 1.2 < 1
      trial(M, [1, 1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5]),
    ]);
    expect(decision.splitFrom).toBe(Infinity);
    expect(decision.rule.code).toBe('provider.simd-split-none');
    expect(decision.rule.params).toMatchObject({ rounds: 5 });
  });

  it('does not split a small size that was faster when a larger one was not', () => {
    const decision = decideSplit([
      trial(4 * M, [1, 1, 1], [1.1, 1.1, 1.1]),
      trial(M, [1, 1, 1], [0.5, 0.5, 0.5]),
    ]);
    expect(decision.splitFrom).toBe(Infinity);
  });

  it('treats an exactly equal speed as not worth the threads', () => {
    expect(decideSplit([trial(4 * M, [1, 1, 1], [1, 1, 1])]).splitFrom).toBe(Infinity);
  });

  it('refuses to decide from nothing', () => {
    expect(() => decideSplit([])).toThrow(/no split trials/);
  });
});
