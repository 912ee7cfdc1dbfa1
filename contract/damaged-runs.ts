/**
 * The run folders the run store could not read. `runs.list` gives the runs it can show; a folder whose
 * run.json is unreadable, no JSON, no run record or names another run is left out of it and named here
 * with why, as error data (code + params, translated by the Runs view), so it can still be deleted with
 * `runs.delete` instead of staying on disk unseen.
 */
import { z } from 'zod';
import { errorBody } from './errors.js';

export const damagedRun = z.object({
  /** The run's folder name under runs/, its id. */
  id: z.string().min(1),
  error: errorBody,
});
export type DamagedRun = z.infer<typeof damagedRun>;

export const damagedRunMethods = {
  'runs.damaged': { params: z.object({}).strict(), result: z.array(damagedRun) },
} as const;
