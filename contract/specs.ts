/**
 * Zod schemas for the plain-JSON specs of core/spec.ts (ModelSpec, TrainSpec), so that a spec crossing a
 * process boundary is checked before the engine sees it. Names come from core/names.ts; layers,
 * optimizers and schedules are built from core's field tables (contract/fields.ts), so a key or a name
 * the engine accepts cannot be missing here (names.test.ts checks it).
 */
import { z } from 'zod';
import type {
  ActivationName, EarlyStoppingSpec, FieldRule, InitName, LayerSpec, RegularisationSpec, LossName, ModelSpec, OptimizerSpec, ProviderName, ScheduleSpec, TrainSpec,
} from '@backprop-lab/core';
import {
  activationNames, earlyStoppingFields, initNames, layerFields, layerTypes, lossNames, optimizerFields, optimizerNames,
  providerChoices, providerNames, regularisationFields, scheduleFields, scheduleTypes, trainSpecFields,
} from '@backprop-lab/core';
import { schemaOfRule, shapeOfTable, unionOfTables } from './fields.js';

const positiveInt = z.number().int().positive();

/** A number field of core's tables (the rule's own words when refused), typed as the number it is. */
const numberOfRule = (key: string, rule: FieldRule) => schemaOfRule(key, rule) as z.ZodType<number>;

export const activationName: z.ZodType<ActivationName> = z.enum(activationNames);
export const initName: z.ZodType<InitName> = z.enum(initNames);
export const lossName: z.ZodType<LossName> = z.enum(lossNames);
export const providerChoice: z.ZodType<TrainSpec['provider']> = z.enum(providerChoices);
export const providerName: z.ZodType<ProviderName> = z.enum(providerNames);

// Built from core's field tables; the casts are checked by names.test.ts, which sends every layer type,
// optimizer and schedule with every key through these schemas and through the engine.
export const layerSpec = unionOfTables(layerTypes, layerFields) as unknown as z.ZodType<LayerSpec>;

export const modelSpec: z.ZodType<ModelSpec> = z.object({
  name: z.string().optional(),
  inputShape: z.array(positiveInt).min(1),
  layers: z.array(layerSpec).min(1),
  loss: lossName,
});

export const optimizerSpec = unionOfTables(optimizerNames, optimizerFields) as unknown as z.ZodType<OptimizerSpec>;

export const scheduleSpec = unionOfTables(scheduleTypes, scheduleFields) as unknown as z.ZodType<ScheduleSpec>;

export const trainSpec: z.ZodType<TrainSpec> = z.object({
  optimizer: optimizerSpec,
  schedule: scheduleSpec.optional(),
  init: initName,
  regularisation: (z.object(shapeOfTable(regularisationFields)) as unknown as z.ZodType<RegularisationSpec>).optional(),
  batchSize: numberOfRule('batchSize', trainSpecFields.batchSize),
  // The engine trains 0 epochs (an evaluation only); a run the app or a client starts trains at least one.
  epochs: positiveInt,
  seed: numberOfRule('seed', trainSpecFields.seed),
  validationSplit: numberOfRule('validationSplit', trainSpecFields.validationSplit),
  preprocess: z.discriminatedUnion('type', [
    z.object({ type: z.literal('none') }),
    z.object({ type: z.literal('minmax'), range: z.union([z.tuple([z.literal(0), z.literal(1)]), z.tuple([z.literal(-1), z.literal(1)])]) }),
    z.object({ type: z.literal('standardise') }),
    z.object({ type: z.literal('pca-whiten'), epsilon: z.number().optional() }),
    z.object({ type: z.literal('zca-whiten'), epsilon: z.number().optional() }),
  ]),
  augment: z.object({
    shiftPixels: z.number().nonnegative().optional(),
    rotationDegrees: z.number().nonnegative().optional(),
    scale: z.number().nonnegative().optional(),
    noise: z.number().nonnegative().optional(),
  }).optional(),
  earlyStopping: (z.object(shapeOfTable(earlyStoppingFields, 'earlyStopping.')) as unknown as z.ZodType<EarlyStoppingSpec>).optional(),
  provider: providerChoice,
});

/** The fields of a TrainSpec a user may override when starting from a preset. */
export const trainOverrides = z.object({
  optimizer: optimizerSpec.optional(),
  schedule: scheduleSpec.optional(),
  init: initName.optional(),
  batchSize: numberOfRule('batchSize', trainSpecFields.batchSize).optional(),
  epochs: positiveInt.optional(),
  seed: numberOfRule('seed', trainSpecFields.seed).optional(),
  provider: providerChoice.optional(),
});
