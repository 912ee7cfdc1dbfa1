/**
 * The one place where an experiment's networks are trained. Today: core's training loop, directly, on
 * the job's kernels, stopped with the job. When runs get their own lifecycle module, this is the one
 * function to point at it (so each network an experiment trains becomes a stored run).
 */
import { trainDirectly, type ExperimentTrainer, type Kernels, type TrainingControl } from '@backprop-lab/core';

export function trainForExperiment(kernels: Kernels, control: TrainingControl): ExperimentTrainer {
  return trainDirectly(kernels, control);
}
