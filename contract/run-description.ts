/**
 * The parts of a run description (main/runs/description.ts) that cross the API: the data a run trains on,
 * where its weights start, which executor takes its steps, and what may change when a stored run is
 * resumed. These schemas are the one definition: main/runs derives its types from them, `runs.start`
 * takes them as params and `runs.get` returns them, so a run reads the same in run.json, in the CLI and in
 * the app.
 */
import { z } from 'zod';
import { MAX_MNIST_SHARE } from '@backprop-lab/core';
import { providerChoice } from './specs.js';

const count = z.number().int().positive();

/**
 * The bundled MNIST, a dataset the user imported (IDX, CSV or a PNG folder) by its name, or an
 * experiment's own data;
 * `trainLimit`/`testLimit` keep the first N samples (a subset for quick trials). A user dataset has no
 * test part: its held-out samples come from the TrainSpec's validationSplit.
 */
export const datasetReference = z.discriminatedUnion('source', [
  z.object({ source: z.literal('mnist'), trainLimit: count.optional(), testLimit: count.optional() }).strict(),
  z.object({ source: z.literal('user'), name: z.string().min(1), trainLimit: count.optional() }).strict(),
  /**
   * A fine-tune on the personal handwriting set: each drawn class with `heldOutShare` of its digits held
   * out for before/after, the rest mixed with MNIST training images making `mnistShare` of the mix
   * (core/data/fine-tune-data.ts), both drawn by `seed`; tested on MNIST's test set, so the model's
   * recorded accuracy says what it still reads of MNIST.
   */
  z.object({
    source: z.literal('handwriting'), heldOutShare: z.number().gt(0).lt(1), mnistShare: z.number().min(0).max(MAX_MNIST_SHARE), seed: z.number().int().min(0),
  }).strict(),
  // A network an experiment trained and saved as a run: on data the experiment made (a prefix, a bootstrap
  // resample), given to main/runs by the host and not stored, so such a run is a record and is not resumed.
  z.object({
    source: z.literal('experiment'), experiment: z.string().min(1), network: z.string().min(1),
    trainCount: z.number().int().nonnegative(), testCount: z.number().int().nonnegative(),
  }).strict(),
]);

/** The seeded initialisation, a library model's weights (fine-tuning), or another run's newest checkpoint. */
export const startingPoint = z.discriminatedUnion('from', [
  z.object({ from: z.literal('fresh') }).strict(),
  z.object({ from: z.literal('model'), modelId: z.string().min(1) }).strict(),
  z.object({ from: z.literal('checkpoint'), runId: z.string().min(1) }).strict(),
]);

/** More worker threads than this are refused: each holds a replica, and no machine here gains beyond its cores. */
export const MAX_EXECUTOR_THREADS = 16;

/**
 * Who takes the steps: one thread (core's loop as it is), N worker threads sharing each batch
 * (main/parallel), or 'auto': the faster of the two for this run, by a short timed probe when it starts.
 */
export const executorChoice = z.object({ threads: z.union([count.max(MAX_EXECUTOR_THREADS), z.literal('auto')]) }).strict();

/** What may change when a stored run goes on from its checkpoint: more epochs, another kernel provider. */
export const resumeChanges = z.object({ epochs: count.optional(), provider: providerChoice.optional() }).strict();

/** The bundled MNIST, whole: what a run trains on when its description names no data. */
export const MNIST_WHOLE: DatasetReference = { source: 'mnist' };
export const FRESH_START: Extract<StartingPoint, { from: 'fresh' }> = { from: 'fresh' };
export const ONE_THREAD: ExecutorChoice = { threads: 1 };

export type DatasetReference = z.infer<typeof datasetReference>;
export type HandwritingReference = Extract<DatasetReference, { source: 'handwriting' }>;
export type StartingPoint = z.infer<typeof startingPoint>;
export type ExecutorChoice = z.infer<typeof executorChoice>;
export type ResumeChanges = z.infer<typeof resumeChanges>;

/**
 * A run that starts from a library model's weights first measures them (fine-tuning's "before"): on the
 * run's test set when its data has one (MNIST), else on all of its training data (a user dataset).
 */
export const startEvaluation = z.object({
  on: z.enum(['test', 'train']),
  count: z.number().int().nonnegative(),
  loss: z.number(),
  accuracy: z.number(),
});
export type StartEvaluation = z.infer<typeof startEvaluation>;
