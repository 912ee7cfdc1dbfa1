/**
 * The fine-tunes on the personal handwriting set that ended with a model, read back from their runs, so
 * experiment 12 shows them after a restart and the user can pick among them. The fine-tune stores its
 * before/after figures with its run when it ends (`FineTuneFigureFile`); `handwriting.finetunes` lists
 * every run started from a model on the handwriting set that has them, newest first.
 */
import { z } from 'zod';
import { fineTuneFigures } from './handwriting-finetune.js';
import { engineNameParts } from './engine-name.js';

/** What the fine-tune stores beside its run.json: where it started, what it made, the digits it used, before and after. */
export const fineTuneFigureFile = z.object({
  startModelId: z.string(),
  startModelName: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  /** Own digits that trained, MNIST images mixed in, held-out own digits (as the fine-tune's answer said). */
  counts: z.object({ own: z.number().int(), mnist: z.number().int(), heldOut: z.number().int() }),
  before: fineTuneFigures,
  after: fineTuneFigures,
});
export type FineTuneFigureFile = z.output<typeof fineTuneFigureFile>;

/** One finished fine-tune: its figures with the run's id, name (renamed or not) and end. */
export const finishedFineTune = fineTuneFigureFile.extend({
  runId: z.string(),
  runName: z.string(),
  /** The parts of the run's name when the engine made it (gone once renamed), worded by the app. */
  runNameParts: engineNameParts.optional(),
  finishedAt: z.string(),
});
export type FinishedFineTune = z.output<typeof finishedFineTune>;

export const fineTuneHistoryMethods = {
  'handwriting.finetunes': { params: z.object({}).strict(), result: z.array(finishedFineTune) },
} as const;
