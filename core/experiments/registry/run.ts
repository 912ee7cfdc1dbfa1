/**
 * Runs one experiment by id for any host: resolves its parameters (the course's settings for those not
 * given), builds the context (seed, stop, progress, the trainer) and returns the result with how it
 * ended and how long it took. The CLI calls it directly; the engine calls it as a job.
 */
import type { Kernels } from '../../kernels/kernels.js';
import { TrainingControl } from '../../train/control.js';
import { trainModel } from '../../train/loop.js';
import type { Dataset } from '../../data/dataset.js';
import type { ExperimentContext, ExperimentTrainer } from './definition.js';
import { resolveParams, type ParamValue } from './params.js';
import type { ExperimentResult } from './result.js';
import { experimentById } from './registry.js';

export interface RunExperimentOptions {
  params?: Readonly<Record<string, unknown>>;
  seed?: number;
  kernels: Kernels;
  control?: TrainingControl;
  onProgress?(fraction: number, partial?: ExperimentResult): void;
  /** The host's trainer; core's training loop, run directly, unless told. */
  train?: ExperimentTrainer;
  mnist?(): Promise<{ train: Dataset; test: Dataset }>;
}

export interface ExperimentOutcome {
  id: string;
  params: Record<string, ParamValue>;
  seed: number;
  result: ExperimentResult;
  /** 'stopped' when a stop came before the end: the result holds what was done by then. */
  reason: 'completed' | 'stopped';
  elapsedMs: number;
}

export const DEFAULT_EXPERIMENT_SEED = 1;

export async function runExperiment(id: string, options: RunExperimentOptions): Promise<ExperimentOutcome> {
  const definition = experimentById(id);
  const params = resolveParams(id, definition.params, options.params);
  const seed = options.seed ?? DEFAULT_EXPERIMENT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new RangeError(`experiment ${id}: the seed must be a whole number in [0, 2³²), got ${seed}`);
  if (definition.trains && !options.mnist) throw new Error(`experiment ${id} trains on MNIST, and this host has no MNIST files to give it`);
  const control = options.control ?? new TrainingControl();
  const context: ExperimentContext = {
    seed,
    control,
    kernels: options.kernels,
    progress: (fraction, partial) => options.onProgress?.(Math.min(1, Math.max(0, fraction)), partial),
    breathe: async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      await control.waitWhilePaused();
    },
    train: options.train ?? trainDirectly(options.kernels, control),
    mnist: options.mnist,
  };
  const startedAt = performance.now();
  const result = await definition.run(params, context);
  return {
    id, params: params as Record<string, ParamValue>, seed, result,
    reason: control.stopRequested ? 'stopped' : 'completed',
    elapsedMs: performance.now() - startedAt,
  };
}

/** Core's own loop on the given kernels; a stop of the experiment stops the network being trained. */
export function trainDirectly(kernels: Kernels, control: TrainingControl): ExperimentTrainer {
  return (job) => trainModel({
    modelSpec: job.modelSpec,
    trainSpec: job.trainSpec,
    data: { train: job.train, test: job.test },
    kernels,
    control,
    iterationEventIntervalMs: job.iterationEventIntervalMs,
    onEvent(event) {
      if (event.type === 'epoch') job.onEpoch?.(event);
      else if (event.type === 'iteration') job.onIteration?.(event);
    },
  });
}
