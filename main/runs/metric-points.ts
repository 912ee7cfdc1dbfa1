/**
 * The points a run records in metrics.jsonl for the loop's iteration and epoch events (the contract's
 * IterationPoint and EpochPoint). The engine pushes the same points live, so a live chart and one
 * redrawn from the run's folder show the same numbers.
 */
import type { EpochEvent, IterationEvent } from '@backprop-lab/core';
import type { EpochPoint, IterationPoint } from '../../contract/index.js';

export function iterationPointOf(event: IterationEvent): IterationPoint {
  return {
    epoch: event.epoch, iteration: event.iteration, step: event.globalIteration, loss: event.loss, accuracy: event.accuracy,
    learningRate: event.learningRate, samplesPerSecond: event.samplesPerSecond,
  };
}

export function epochPointOf(event: EpochEvent): EpochPoint {
  return {
    epoch: event.epoch, trainLoss: event.train.loss, trainAccuracy: event.train.accuracy,
    validationLoss: event.validation?.loss, validationAccuracy: event.validation?.accuracy, learningRate: event.learningRate,
    gradientNorms: event.gradientNorms, elapsedMs: event.elapsedMs, etaMs: event.etaMs,
  };
}
