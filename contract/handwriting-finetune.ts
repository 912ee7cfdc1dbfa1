/**
 * Fine-tuning a model on the personal handwriting set (issue 12, point 3): a run of main/runs that starts
 * from the model's weights and trains on the user's digits with augmentation and a share of MNIST mixed
 * in, part of each drawn class held out. Its answer gives the "before" figures (the starting model on the
 * held-out digits and on MNIST's test set); the `handwriting.finetune` event follows the run and, at its
 * end, gives the new model and the "after" figures measured the same way.
 */
import { z } from 'zod';
import { MAX_MNIST_SHARE } from '@backprop-lab/core';
import { errorBody } from './errors.js';
import { evaluationRecord } from './handwriting.js';

/**
 * Each setting's range and default, one table for the schema below and the Draw view's fields:
 * `mnistShare` is the fraction of MNIST training images in the mix (core's MAX_MNIST_SHARE at most),
 * `heldOutShare` the fraction of each drawn class held out for before/after.
 */
export const FINE_TUNE_SETTINGS = {
  epochs: { min: 1, max: 50, integer: true, default: 5 },
  learningRate: { min: 0, exclusiveMin: true, max: 1, default: 5e-4 },
  mnistShare: { min: 0, max: MAX_MNIST_SHARE, default: 0.5 },
  heldOutShare: { min: 0, exclusiveMin: true, max: 1, exclusiveMax: true, default: 0.25 },
} as const;
export type FineTuneSetting = keyof typeof FINE_TUNE_SETTINGS;

function settingSchema(setting: FineTuneSetting) {
  const rule: { min: number; max: number; default: number; integer?: boolean; exclusiveMin?: boolean; exclusiveMax?: boolean } = FINE_TUNE_SETTINGS[setting];
  let schema = rule.integer ? z.number().int() : z.number();
  schema = rule.exclusiveMin ? schema.gt(rule.min) : schema.min(rule.min);
  schema = rule.exclusiveMax ? schema.lt(rule.max) : schema.max(rule.max);
  return schema.default(rule.default);
}

export const fineTuneParams = z.object({
  modelId: z.string().min(1),
  epochs: settingSchema('epochs'),
  learningRate: settingSchema('learningRate'),
  mnistShare: settingSchema('mnistShare'),
  heldOutShare: settingSchema('heldOutShare'),
  seed: z.number().int().min(0).default(1),
}).strict();
export type FineTuneParams = z.input<typeof fineTuneParams>;

/** The held-out digits and MNIST's test set, read by one model. */
export const fineTuneFigures = z.object({ personal: evaluationRecord, mnist: evaluationRecord });
export type FineTuneFigures = z.output<typeof fineTuneFigures>;

export const fineTuneMethods = {
  'handwriting.finetune': {
    params: fineTuneParams,
    result: z.object({
      runId: z.string(),
      /** Own digits that train, MNIST images mixed in, held-out own digits. */
      counts: z.object({ own: z.number().int(), mnist: z.number().int(), heldOut: z.number().int() }),
      heldOutIds: z.array(z.string()),
      before: fineTuneFigures,
    }),
  },
} as const;

export const fineTuneEvents = {
  /** An epoch of a fine-tune ended, or the fine-tune ended: with the new model and the "after" figures, or why it failed. */
  'handwriting.finetune': z.object({
    runId: z.string(),
    state: z.enum(['epoch', 'done', 'failed']),
    epoch: z.number().int(),
    epochs: z.number().int(),
    modelId: z.string().optional(),
    modelName: z.string().optional(),
    after: fineTuneFigures.optional(),
    error: z.string().optional(),
    /** The same failure as error data (code + params), for the app to word in its language. */
    failure: errorBody.optional(),
  }),
} as const;
