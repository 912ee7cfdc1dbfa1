/**
 * Chart lines of a run, on one x axis in epochs: an iteration point sits at step / iterationsPerEpoch
 * (step counts iterations from the run's start), an epoch point at its epoch number (epochs count from
 * 1, so the point marks the epoch's end). Where the iterations per epoch are not known yet (a run
 * adopted from its history), they are inferred from a point of a later epoch: (step − iteration)
 * iterations came before epoch e, spread over e − 1 epochs.
 */
import type { EpochPoint, IterationPoint } from '../../contract/index.js';
import type { Curve } from '../components/charts/curve';

export interface TrainingCurves {
  loss: Curve[];
  accuracy: Curve[];
  learningRate: Curve[];
}

export function inferIterationsPerEpoch(iterations: readonly IterationPoint[], known: number): number {
  if (known > 0) return known;
  const later = iterations.find((p) => p.epoch > 1);
  if (later) return (later.step - later.iteration) / (later.epoch - 1);
  return Math.max(1, ...iterations.map((p) => p.iteration));
}

/** The legend's words for each line (the view passes them in its language). */
export interface CurveNames {
  batches: string;
  train: string;
  validation: string;
  learningRate: string;
}

const englishNames: CurveNames = { batches: 'batches', train: 'train', validation: 'validation', learningRate: 'learning rate' };

export function trainingCurves(
  iterations: readonly IterationPoint[], epochs: readonly EpochPoint[], iterationsPerEpochKnown: number, names: CurveNames = englishNames,
): TrainingCurves {
  const perEpoch = inferIterationsPerEpoch(iterations, iterationsPerEpochKnown);
  const x = (p: IterationPoint) => p.step / perEpoch;
  const withValidation = epochs.filter((p) => p.validationLoss !== undefined);
  return {
    loss: [
      { name: names.batches, points: iterations.map((p) => [x(p), p.loss]), colour: '#a9bde6' },
      { name: names.train, points: epochs.map((p) => [p.epoch, p.trainLoss]), colour: '#3b6fd8' },
      { name: names.validation, points: withValidation.map((p) => [p.epoch, p.validationLoss!]), colour: '#e07b39' },
    ],
    accuracy: [
      { name: names.batches, points: iterations.map((p) => [x(p), p.accuracy]), colour: '#a9bde6' },
      { name: names.train, points: epochs.map((p) => [p.epoch, p.trainAccuracy]), colour: '#3b6fd8' },
      { name: names.validation, points: withValidation.map((p) => [p.epoch, p.validationAccuracy!]), colour: '#e07b39' },
    ],
    learningRate: [{ name: names.learningRate, points: iterations.map((p) => [x(p), p.learningRate]), colour: '#2f9e6e' }],
  };
}

/** Number of points over all curves (what the e2e specs read from `data-points`). */
export function pointCount(curves: readonly Curve[]): number {
  return curves.reduce((sum, curve) => sum + curve.points.length, 0);
}
