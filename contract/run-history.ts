/**
 * What the Runs view asks of a stored run besides its record: give it a name of the user's choosing
 * (stored in its run.json, shown wherever the run is listed) and list the checkpoints it keeps (the
 * newest, from which it resumes, and the one of its best validation epoch; main/store/checkpoint-files.ts).
 */
import { z } from 'zod';
import { readLimits } from '@backprop-lab/core';
import { runSummary } from './records.js';

/** A run name: what the user typed, without surrounding blanks, never empty. */
export const runName = z.string().trim().min(1, 'a run name cannot be empty').max(readLimits.maxStringLength);

export const checkpointInfo = z.object({
  /** The epoch after which it was written (1-based: epoch 3 holds the weights after three epochs). */
  epoch: z.number().int().nonnegative(),
  /** The file's name inside the run's checkpoints/ folder. */
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  savedAt: z.string(),
  /** latest: the one a resume starts from; best: kept because its validation score is the best so far. */
  role: z.enum(['latest', 'best']),
});

export const runHistoryMethods = {
  'runs.rename': { params: z.object({ id: z.string().min(1), name: runName }).strict(), result: runSummary },
  'runs.checkpoints': { params: z.object({ id: z.string().min(1) }).strict(), result: z.array(checkpointInfo) },
} as const;

export type CheckpointInfo = z.output<typeof checkpointInfo>;
