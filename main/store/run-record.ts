/**
 * What `run.json` holds: the specs, the status, timestamps, progress, final metrics and the process
 * that owns the run while it trains. The fields of the engine's StoredRun plus the store's own.
 */
import { z } from 'zod';
import type { EngineNameParts, FineTuneStart, ModelSpec, TrainSpec } from '@backprop-lab/core';
import { epochPoint, fineTuneStart, iterationPoint, runDetail, runStatus, type CodedError, type NoModelReason, type RunStatus, type StartEvaluation } from '../../contract/index.js';
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
  /**
   * The parts of `name` when the engine made it (core/run-name.ts); dropped by a rename. Not checked with
   * the record: parts that do not read as parts are left out of the run's summary, and its name shows.
   */
  nameParts?: EngineNameParts;
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
  /** The failure `error` words, as data (contract/records.ts); a run.json written before it has only the text. */
  errorData?: CodedError;
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
  /**
   * For a run from a library model: that model as its manifest recorded it when the run was created, the
   * start of its model file's provenance.fineTunedFrom (main/runs/fine-tune-origin.ts). Kept here so that
   * a resumed run records the same start, whatever became of the model.
   */
  fineTuneStart?: FineTuneStart;
  /** The process training this run (while queued, running or paused). */
  ownerPid?: number;
}

/** Fields a caller supplies when creating a run. */
export type NewRun = Omit<RunRecord, 'id' | 'createdAt' | 'updatedAt' | 'ownerPid' | 'epochsDone' | 'durationMs' | 'status'> &
  Partial<Pick<RunRecord, 'status' | 'epochsDone' | 'durationMs'>>;

/** One line of metrics.jsonl: the engine's iteration and epoch points, or any other event with a kind. */
export type MetricLine = { kind: string; point?: unknown; [key: string]: unknown };

/**
 * What a run.json must hold to be listed and shown: the fields the contract sends of a run, in the
 * contract's own schemas, under run.json's names (the description's parts may be missing in older
 * files; any other field passes through). A file edited into something else is refused here, where
 * the store reads it, rather than by the app's client, which would refuse the whole runs.list.
 */
export const runRecordFile = runDetail
  .pick({
    id: true, name: true, preset: true, createdAt: true, updatedAt: true, epochsDone: true, durationMs: true, validationAccuracy: true,
    testAccuracy: true, modelId: true, noModel: true, startEvaluation: true, error: true, errorData: true, modelSpec: true, trainSpec: true,
  })
  .extend({
    status: z.enum([...runStatus.options, 'diverged']),
    dataset: runDetail.shape.dataset.optional(),
    start: runDetail.shape.start.optional(),
    executor: runDetail.shape.executor.optional(),
    fineTuneStart: fineTuneStart.optional(),
    finishedAt: z.string().optional(),
    ownerPid: z.number().int().positive().optional(),
  })
  .loose();

/** The first field of `value` that breaks the run record's schema ('' for the record as a whole) and why, or null when it is one. */
export function runRecordIssue(value: unknown): { field: string; message: string } | null {
  // An evaluation-only run trains 0 epochs (the engine allows it; the contract's trainSpec, for the runs a
  // client starts, asks for one or more): its record is checked as if it trained one.
  const spec = (value as { trainSpec?: { epochs?: unknown } } | null)?.trainSpec;
  const checked = runRecordFile.safeParse(spec?.epochs === 0 ? { ...(value as object), trainSpec: { ...spec, epochs: 1 } } : value);
  if (checked.success) return null;
  const issue = checked.error.issues[0]!;
  return { field: issue.path.join('.').slice(0, 200), message: issue.message };
}

/** A line of metrics.jsonl the run's charts can use: an iteration or epoch point as the contract has it. */
export function isChartLine(line: unknown): line is MetricLine {
  if (typeof line !== 'object' || line === null) return false;
  const { kind, point } = line as MetricLine;
  if (kind === 'iteration') return iterationPoint.safeParse(point).success;
  if (kind === 'epoch') return epochPoint.safeParse(point).success;
  return false;
}
