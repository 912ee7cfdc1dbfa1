/**
 * Curves of several runs on one metric, for the Runs view: any metric a run records (per epoch: train
 * and validation loss and accuracy; per iteration: the batch's loss and accuracy and the learning rate)
 * against epochs, iterations or wall-clock seconds, optionally smoothed.
 *
 * - x in epochs: an epoch point sits at its epoch, an iteration point at step / iterations per epoch.
 * - x in iterations: an epoch point sits at epoch × iterations per epoch, an iteration point at its step.
 * - x in seconds: an epoch point at its elapsedMs; an iteration point at the time its run had spent by
 *   then, Σ Δstep · B / (samples per second), B the batch size.
 * - smoothing s ∈ [0, 1): the exponentially weighted average ŷᵢ = (s·mᵢ₋₁ + (1 − s)·yᵢ) / (1 − sⁱ⁺¹),
 *   m the running sum without the division (bias-corrected, so the first point is y₀ itself).
 */
import type { EpochPoint, IterationPoint, RunDetail } from '../../contract/index.js';
import { inferIterationsPerEpoch } from './trainingCurves';

export const epochMetrics = ['trainLoss', 'trainAccuracy', 'validationLoss', 'validationAccuracy'] as const;
export const iterationMetrics = ['batchLoss', 'batchAccuracy', 'learningRate'] as const;
export const comparisonMetrics = [...iterationMetrics, ...epochMetrics] as const;
export type ComparisonMetric = (typeof comparisonMetrics)[number];
export const comparisonAxes = ['epoch', 'iteration', 'time'] as const;
export type ComparisonAxis = (typeof comparisonAxes)[number];

const iterationValue: Record<(typeof iterationMetrics)[number], (p: IterationPoint) => number> = {
  batchLoss: (p) => p.loss,
  batchAccuracy: (p) => p.accuracy,
  learningRate: (p) => p.learningRate,
};

export function smooth(values: readonly number[], s: number): number[] {
  if (s <= 0) return [...values];
  let running = 0;
  return values.map((y, i) => {
    running = s * running + (1 - s) * y;
    return running / (1 - s ** (i + 1));
  });
}

/** The [x, y] points of one run's metric on the axis, in x order. */
export function runPoints(run: Pick<RunDetail, 'iterations' | 'epochPoints' | 'trainSpec'>, metric: ComparisonMetric, axis: ComparisonAxis, smoothing = 0): Array<[number, number]> {
  const perEpoch = inferIterationsPerEpoch(run.iterations, 0);
  let points: Array<[number, number]>;
  if ((epochMetrics as readonly string[]).includes(metric)) {
    const key = metric as keyof EpochPoint;
    const x = (p: EpochPoint) => (axis === 'epoch' ? p.epoch : axis === 'iteration' ? p.epoch * perEpoch : p.elapsedMs / 1000);
    points = run.epochPoints.filter((p) => typeof p[key] === 'number').map((p) => [x(p), p[key] as number]);
  } else {
    const value = iterationValue[metric as (typeof iterationMetrics)[number]];
    let seconds = 0;
    let lastStep = 0;
    points = run.iterations.map((p) => {
      if (p.samplesPerSecond > 0) seconds += ((p.step - lastStep) * run.trainSpec.batchSize) / p.samplesPerSecond;
      lastStep = p.step;
      const x = axis === 'epoch' ? p.step / perEpoch : axis === 'iteration' ? p.step : seconds;
      return [x, value(p)];
    });
  }
  const smoothed = smooth(points.map(([, y]) => y), smoothing);
  return points.map(([x], i) => [x, smoothed[i]!]);
}
