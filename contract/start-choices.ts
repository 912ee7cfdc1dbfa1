/**
 * What the Train form offers a new run to start with, as the engine knows it: the datasets the user
 * imported (IDX, CSV or a PNG folder, under <dataDir>/datasets/), and for a network the library models
 * whose weights can start it (main/runs/starting-weights.ts decides, as it does when the run starts).
 */
import { z } from 'zod';
import { modelSpec } from './specs.js';
import { errorBody } from './errors.js';

/** An imported dataset, as its dataset.json describes it. */
export const userDatasetInfo = z.object({
  name: z.string().min(1),
  /** The kind of file it was imported from; `handwriting` is the set drawn on the pad (main/datasets/handwriting-set.ts). */
  source: z.enum(['idx', 'csv', 'png-folder', 'handwriting']),
  /** Where it was imported from. */
  origin: z.string(),
  count: z.number().int().nonnegative(),
  /** Samples per class 0–9. */
  classCounts: z.array(z.number().int().nonnegative()),
  importedAt: z.string(),
});

/** One library model and whether its weights can start the network: `problem` says why not. */
export const modelFit = z.object({
  modelId: z.string().min(1),
  problem: errorBody.optional(),
});

export const startChoiceMethods = {
  'datasets.list': { params: z.object({}).strict(), result: z.array(userDatasetInfo) },
  /** Every model of `models.list`, in its order, with the reason its weights cannot start `modelSpec`. */
  'models.fitting': { params: z.object({ modelSpec }).strict(), result: z.array(modelFit) },
} as const;

export type UserDatasetInfo = z.infer<typeof userDatasetInfo>;
export type ModelFit = z.infer<typeof modelFit>;
