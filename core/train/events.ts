/**
 * What the training loop tells its host, and how the host steers it. Every event is plain data
 * (structured-clone safe: it crosses a MessagePort or becomes a JSON line in metrics.jsonl).
 */
import type { ProblemData } from '../errors.js';
import type { OptimizerState } from '../optim/optimizer.js';
import type { RngState } from '../random.js';

import type { Dataset } from '../data/dataset.js';
import type { FittedPreprocessing } from '../data/preprocess.js';

export type { Dataset, FittedPreprocessing };

export interface TrainData {
  train: Dataset;
  test?: Dataset;
}

export interface LossAccuracy {
  loss: number;
  accuracy: number;
}

/** Throttled (at most a few per second) running figures of the current epoch. */
export interface IterationEvent {
  type: 'iteration';
  epoch: number;
  /** Iteration within the epoch, from 1. */
  iteration: number;
  iterationsPerEpoch: number;
  /** Iterations since the run began (t of per-iteration schedules), from 1. */
  globalIteration: number;
  /** The last batch's loss and accuracy. */
  loss: number;
  accuracy: number;
  learningRate: number;
  samplesPerSecond: number;
}

export interface EpochEvent {
  type: 'epoch';
  /** Epochs are counted from 1. */
  epoch: number;
  epochs: number;
  /** Mean over the epoch's batches (with dropout and augmentation as trained). */
  train: LossAccuracy;
  /** On the held-out validation split, in evaluation mode; null when validationSplit is 0. */
  validation: LossAccuracy | null;
  learningRate: number;
  /** ‖∂L/∂θ‖₂ of each parameter tensor on the epoch's last batch, by dotted name. */
  gradientNorms: Record<string, number>;
  elapsedMs: number;
  /** Remaining time at this run's average epoch duration. */
  etaMs: number;
  samplesPerSecond: number;
}

/** Everything a resumed run needs to continue bit-identically. */
export interface TrainingCheckpoint {
  /** Epochs completed. */
  epoch: number;
  globalIteration: number;
  /** Model state by dotted name (weights and buffers such as BatchNorm running statistics), copied. */
  weights: Record<string, Float32Array>;
  optimizer: OptimizerState;
  rng: { words: RngState; spareNormal: number | null };
  best: BestSoFar | null;
  /** Epochs without a validation improvement (early stopping's counter). */
  epochsWithoutImprovement: number;
  elapsedMs: number;
}

export interface BestSoFar {
  epoch: number;
  validationLoss: number;
  validationAccuracy: number;
  weights: Record<string, Float32Array>;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  checkpoint: TrainingCheckpoint;
}

export interface EarlyStopEvent {
  type: 'early-stop';
  epoch: number;
  bestEpoch: number;
  bestValidationLoss: number;
  message: string;
}

/** A NaN or infinite loss: the run stops; the last checkpoint event holds the last good state. */
export interface DivergedEvent {
  type: 'diverged';
  epoch: number;
  iteration: number;
  loss: number;
  /** In English (the CLI, logs, run.json's `error`). */
  message: string;
  /** The same as data (`train.diverged*` with its `divergence.*` problem), for the app to word. */
  data: ProblemData;
}

export type StopReason = 'completed' | 'early-stop' | 'stopped' | 'diverged';

export interface DoneEvent {
  type: 'done';
  reason: StopReason;
  epochs: number;
  elapsedMs: number;
  /** The final weights (the best ones after early stopping). */
  weights: Record<string, Float32Array>;
  /** Statistics of the preprocessing fitted on the training split, to store with the model. */
  preprocessing: FittedPreprocessing;
  validation: LossAccuracy | null;
  test: (LossAccuracy & { confusion: number[][] }) | null;
}

export type TrainEvent =
  | IterationEvent
  | EpochEvent
  | CheckpointEvent
  | EarlyStopEvent
  | DivergedEvent
  | DoneEvent;
