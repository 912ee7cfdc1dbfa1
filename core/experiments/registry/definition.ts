/**
 * One experiment of the course (TEXTBOOK §10): its id, its number in §10, whether it trains networks,
 * its parameters (the course's settings as defaults) and its runner. The registry (registry.ts) lists
 * them; the contract, the CLI and the Experiments view are all derived from that list.
 */
import type { Dataset } from '../../data/dataset.js';
import type { Kernels } from '../../kernels/kernels.js';
import type { ModelSpec, TrainSpec } from '../../spec.js';
import type { TrainingControl } from '../../train/control.js';
import type { DoneEvent, EpochEvent, IterationEvent } from '../../train/events.js';
import type { ParamSchema, ResolvedParams } from './params.js';
import type { ExperimentResult } from './result.js';

/** One network an experiment trains on MNIST (or part of it). */
export interface ExperimentTrainingJob {
  /** What the experiment calls this network ("L2", "bagging 3/9"). */
  label: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  train: Dataset;
  test?: Dataset;
  onEpoch?(event: EpochEvent): void;
  onIteration?(event: IterationEvent): void;
  /** Shortest interval between iteration events (ms); the loop's default unless told. */
  iterationEventIntervalMs?: number;
}

/** The one way an experiment trains a network: the host decides how (directly, or as a stored run). */
export type ExperimentTrainer = (job: ExperimentTrainingJob) => Promise<DoneEvent>;

export interface ExperimentContext {
  seed: number;
  /** Stop asks the runner to end early; it returns what it has by then. */
  control: TrainingControl;
  /** A partial result (fraction done in [0, 1]) for charts that grow while it runs. */
  progress(fraction: number, partial?: ExperimentResult): void;
  /** Lets the host's event loop run, so a stop request can arrive. Runners call it between steps. */
  breathe(): Promise<void>;
  /** Kernels for training and evaluation. */
  kernels: Kernels;
  train: ExperimentTrainer;
  /** MNIST, for the experiments that train on it; hosts without data files leave it out. */
  mnist?(): Promise<{ train: Dataset; test: Dataset }>;
}

export interface ExperimentDefinition<S extends ParamSchema = ParamSchema> {
  id: string;
  /** Its number in TEXTBOOK §10. */
  course: number;
  /** Trains networks on MNIST (needs ctx.mnist; can be saved as runs). */
  trains: boolean;
  params: S;
  run(params: ResolvedParams<S>, context: ExperimentContext): Promise<ExperimentResult>;
}

/** Keeps each definition's parameter types precise while the registry holds them all alike. */
export function defineExperiment<const S extends ParamSchema>(definition: ExperimentDefinition<S>): ExperimentDefinition {
  return definition as unknown as ExperimentDefinition;
}
