/**
 * What `run.json` holds: the specs, the status, timestamps, progress, final metrics and the process
 * that owns the run while it trains. The fields of the engine's StoredRun plus the store's own.
 */
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import type { NoModelReason, RunStatus, StartEvaluation } from '../../contract/index.js';
import type { ChosenExecutor, DatasetReference, ExecutorChoice, StartingPoint } from '../runs/description.js';

/** The contract's statuses plus `diverged` (a NaN/Inf loss stopped the run). */
export type RunRecordStatus = RunStatus | 'diverged';

/** Statuses in which a run has a live owner process; with a dead owner they read as `interrupted`. */
export const ACTIVE_STATUSES: readonly RunRecordStatus[] = ['queued', 'running', 'paused'];

export interface FinalMetrics {
  train?: { loss: number; accuracy: number } | null;
  validation?: { loss: number; accuracy: number } | null;
  test?: { loss: number; accuracy: number; confusion?: number[][] } | null;
}

export interface RunRecord {
  id: string;
  name: string;
  preset?: string;
  status: RunRecordStatus;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  epochsDone: number;
  /** Training time so far, pauses excluded. */
  durationMs: number;
  validationAccuracy?: number;
  testAccuracy?: number;
  /** Id of the model this run produced in the model library. */
  modelId?: string;
  error?: string;
  metrics?: FinalMetrics;
  /** The data, the starting point and the executor of the run's description (main/runs). */
  dataset?: DatasetReference;
  start?: StartingPoint;
  executor?: ExecutorChoice;
  /** The executor the run trains with: the thread count `auto` picked and why (a resumed run keeps it). */
  executorChosen?: ChosenExecutor;
  /** Why the run added no model to the library, when it ended without one. */
  noModel?: NoModelReason;
  /** What the starting weights scored, for a run started from a library model (main/runs/start-evaluation.ts). */
  startEvaluation?: StartEvaluation;
  /** The process training this run (while queued, running or paused). */
  ownerPid?: number;
}

/** Fields a caller supplies when creating a run. */
export type NewRun = Omit<RunRecord, 'id' | 'createdAt' | 'updatedAt' | 'ownerPid' | 'epochsDone' | 'durationMs' | 'status'> &
  Partial<Pick<RunRecord, 'status' | 'epochsDone' | 'durationMs'>>;

/** One line of metrics.jsonl: the engine's iteration and epoch points, or any other event with a kind. */
export type MetricLine = { kind: string; point?: unknown; [key: string]: unknown };
