/**
 * A run described as plain data, the same from every host (the CLI's flags, the engine's messages): the
 * specs, the data it trains on, where its weights start, and which executor takes its steps. run.json
 * stores the description as it is, so a run started by one host resumes identically in another.
 */
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';

/**
 * The data a run trains on: the bundled MNIST, or a dataset the user imported (IDX, CSV or a PNG folder,
 * main/datasets); `trainLimit`/`testLimit` keep the first N samples (a subset for quick trials). A user
 * dataset has no test part of its own: its held-out samples come from `validationSplit`.
 */
export type DatasetReference =
  | { source: 'mnist'; trainLimit?: number; testLimit?: number }
  | { source: 'user'; name: string; trainLimit?: number };

/** Where the weights start: the seeded initialisation, a model of the library (fine-tuning), or a checkpoint. */
export type StartingPoint =
  | { from: 'fresh' }
  | { from: 'model'; modelId: string }
  | { from: 'checkpoint'; runId: string };

/** One thread (core's loop as it is), or N threads sharing each batch (main/parallel). */
export type ExecutorChoice = { threads: number };

export interface RunDescription {
  /** What the Runs view and `runs list` show; the same words from every host. */
  name: string;
  preset?: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  dataset: DatasetReference;
  start: StartingPoint;
  executor: ExecutorChoice;
}

/** How a stored run names its data; runs stored before references existed had limits in other fields. */
export function datasetOfRecord(record: {
  dataset?: DatasetReference; trainSubset?: number; testSubset?: number; dataLimits?: { train: number | null; test: number | null };
}): DatasetReference {
  if (record.dataset) return record.dataset;
  const trainLimit = record.trainSubset ?? record.dataLimits?.train ?? undefined;
  const testLimit = record.testSubset ?? record.dataLimits?.test ?? undefined;
  return { source: 'mnist', ...(trainLimit ? { trainLimit } : {}), ...(testLimit ? { testLimit } : {}) };
}

/** The run name every host gives a run it was not told to name: "<preset or model name> <date time>". */
export function defaultRunName(source: string, at: Date = new Date()): string {
  return `${source} ${at.toISOString().slice(0, 19).replace('T', ' ')}`;
}
