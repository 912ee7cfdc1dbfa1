import { describe, expect, it } from 'vitest';
import { runPoints, smooth } from './runComparison';

const run = {
  trainSpec: { batchSize: 10 } as never,
  // 4 iterations per epoch (step 6 is iteration 2 of epoch 2: 6 − 2 = 4 before it).
  iterations: [
    { epoch: 1, iteration: 2, step: 2, loss: 1, accuracy: 0, learningRate: 0.1, samplesPerSecond: 20 },
    { epoch: 1, iteration: 4, step: 4, loss: 0, accuracy: 1, learningRate: 0.1, samplesPerSecond: 10 },
    { epoch: 2, iteration: 2, step: 6, loss: 1, accuracy: 0, learningRate: 0.05, samplesPerSecond: 20 },
  ],
  epochPoints: [{ epoch: 1, trainLoss: 0.5, trainAccuracy: 0.5, validationAccuracy: 0.6, elapsedMs: 2500 }],
};

describe('run comparison (defect 12)', () => {
  it('bias-corrected exponential smoothing, by hand', () => {
    // s = 0.5: m = 0.5, 0.25, 0.625; divided by 1 − 0.5, 1 − 0.25, 1 − 0.125.
    expect(smooth([1, 0, 1], 0.5)).toEqual([1, 1 / 3, 5 / 7]);
    expect(smooth([1, 0, 1], 0)).toEqual([1, 0, 1]);
  });

  it('a run with iterations but no finished epoch still draws on the per-iteration metrics', () => {
    expect(runPoints({ ...run, epochPoints: [] }, 'batchLoss', 'iteration')).toEqual([[2, 1], [4, 0], [6, 1]]);
    expect(runPoints({ ...run, epochPoints: [] }, 'validationAccuracy', 'epoch')).toEqual([]);
  });

  it('places points on epochs, iterations and seconds', () => {
    expect(runPoints(run, 'batchAccuracy', 'epoch')).toEqual([[0.5, 0], [1, 1], [1.5, 0]]);
    // Seconds: 2·10/20 = 1, + 2·10/10 = 3, + 2·10/20 = 4.
    expect(runPoints(run, 'learningRate', 'time')).toEqual([[1, 0.1], [3, 0.1], [4, 0.05]]);
    expect(runPoints(run, 'validationAccuracy', 'iteration')).toEqual([[4, 0.6]]);
    expect(runPoints(run, 'trainLoss', 'time')).toEqual([[2.5, 0.5]]);
  });
});
