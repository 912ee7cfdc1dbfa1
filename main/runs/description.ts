/**
 * A run described as plain data, the same from every host (the CLI's flags, the engine's messages): the
 * specs, the data it trains on, where its weights start, and which executor takes its steps. run.json
 * stores the description as it is, so a run started by one host resumes identically in another.
 */
import type { EngineNameParts, ModelSpec, TrainSpec } from '@backprop-lab/core';
import type { DatasetReference, ExecutorChoice, StartingPoint } from '../../contract/index.js';

// The data, the starting point and the executor are defined once, as the contract's schemas
// (contract/run-description.ts): the engine's `runs.start` takes them as they are stored here.
export type { DatasetReference, ExecutorChoice, HandwritingReference, ResumeChanges, StartingPoint } from '../../contract/index.js';

/** The executor a run trains with, stored in run.json (for `auto`: what the probe measured and why). */
export interface ChosenExecutor {
  threads: number;
  reason: string;
  measured?: { threads: number; samplesPerSecond: number; steps: number }[];
}

export interface RunDescription {
  /** What the Runs view and `runs list` show; the same words from every host. */
  name: string;
  /** The parts of `name` when the engine made it (core/run-name.ts), for the app to word; absent when typed. */
  nameParts?: EngineNameParts;
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
