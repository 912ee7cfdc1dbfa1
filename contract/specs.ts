/**
 * Zod schemas for the plain-JSON specs of core/spec.ts (ModelSpec, TrainSpec), so that a spec crossing a
 * process boundary is checked before the engine sees it. Each schema is annotated with the core type:
 * if core/spec.ts changes shape, this file stops compiling instead of drifting.
 */
import { z } from 'zod';
import type {
  ActivationName, InitName, LayerSpec, LossName, ModelSpec, OptimizerSpec, ScheduleSpec, TrainSpec,
} from '@backprop-lab/core';
import type { ProviderName } from '@backprop-lab/core';

const positiveInt = z.number().int().positive();
const pair = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);
const padPair = z.union([z.number().int().nonnegative(), z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])]);

export const activationName: z.ZodType<ActivationName> = z.enum([
  'step', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'hard-tanh', 'softsign', 'softmax', 'linear',
]);
export const initName: z.ZodType<InitName> = z.enum([
  'zero', 'normal', 'fan-in-normal', 'fan-in-uniform', 'xavier-normal', 'xavier-uniform',
  'he-normal', 'he-uniform', 'leaky-he-normal',
]);
export const lossName: z.ZodType<LossName> = z.enum([
  'softmax-cross-entropy', 'mse', 'l1', 'log-loss', 'bce', 'sigmoid-bce', 'hinge',
]);
export const providerChoice: z.ZodType<TrainSpec['provider']> = z.enum(['auto', 'reference', 'wasm', 'tfjs-node', 'tfjs-node-gpu']);
export const providerName: z.ZodType<ProviderName> = z.enum(['reference', 'js', 'wasm', 'tfjs-node', 'tfjs-node-gpu']);

const weighted = { activation: activationName.optional(), init: initName.optional(), alpha: z.number().optional() };

export const layerSpec: z.ZodType<LayerSpec> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dense'), units: positiveInt, ...weighted }),
  z.object({ type: z.literal('flatten') }),
  z.object({ type: z.literal('conv1d'), filters: positiveInt, kernelSize: positiveInt, stride: positiveInt.optional(), padding: z.number().int().nonnegative().optional(), ...weighted }),
  z.object({ type: z.literal('conv2d'), filters: positiveInt, kernelSize: pair, stride: pair.optional(), padding: padPair.optional(), ...weighted }),
  z.object({ type: z.literal('maxpool2d'), poolSize: pair, stride: pair.optional() }),
  z.object({ type: z.literal('avgpool2d'), poolSize: pair, stride: pair.optional() }),
  z.object({ type: z.literal('globalavgpool') }),
  z.object({ type: z.literal('dropout'), keep: z.number().gt(0).lte(1), mode: z.enum(['inverted', 'classic']).optional() }),
  z.object({ type: z.literal('batchnorm'), momentum: z.number().optional(), epsilon: z.number().optional() }),
  z.object({ type: z.literal('activation'), fn: activationName, alpha: z.number().optional() }),
]);

export const modelSpec: z.ZodType<ModelSpec> = z.object({
  name: z.string().optional(),
  inputShape: z.array(positiveInt).min(1),
  layers: z.array(layerSpec).min(1),
  loss: lossName,
});

const lr = z.number().positive();
export const optimizerSpec: z.ZodType<OptimizerSpec> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sgd'), lr }),
  z.object({ type: z.literal('momentum'), lr, alpha: z.number().optional(), form: z.enum(['classic', 'ewma']).optional() }),
  z.object({ type: z.literal('nag'), lr, alpha: z.number().optional() }),
  z.object({ type: z.literal('adagrad'), lr, epsilon: z.number().optional(), epsilonInsideRoot: z.boolean().optional() }),
  z.object({ type: z.literal('adadelta'), rho: z.number().optional(), epsilon: z.number().optional() }),
  z.object({ type: z.literal('rmsprop'), lr, alpha: z.number().optional(), epsilon: z.number().optional(), epsilonInsideRoot: z.boolean().optional() }),
  z.object({ type: z.literal('adam'), lr, beta1: z.number().optional(), beta2: z.number().optional(), epsilon: z.number().optional() }),
]);

const scheduleUnit = { unit: z.enum(['iteration', 'epoch']).optional() };
export const scheduleSpec: z.ZodType<ScheduleSpec> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('constant'), ...scheduleUnit }),
  z.object({ type: z.literal('step'), factor: z.number(), every: positiveInt, ...scheduleUnit }),
  z.object({ type: z.literal('exponential'), k: z.number(), ...scheduleUnit }),
  z.object({ type: z.literal('inverse-time'), k: z.number(), ...scheduleUnit }),
  z.object({ type: z.literal('linear'), tau: positiveInt, final: z.number(), ...scheduleUnit }),
  z.object({ type: z.literal('tau-max'), tau: positiveInt, ...scheduleUnit }),
  z.object({ type: z.literal('anneal'), divideBy: z.number(), every: positiveInt, ...scheduleUnit }),
]);

export const trainSpec: z.ZodType<TrainSpec> = z.object({
  optimizer: optimizerSpec,
  schedule: scheduleSpec.optional(),
  init: initName,
  regularisation: z.object({ l1: z.number().nonnegative().optional(), l2: z.number().nonnegative().optional() }).optional(),
  batchSize: positiveInt,
  epochs: positiveInt,
  seed: z.number().int(),
  validationSplit: z.number().min(0).lt(1),
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
  earlyStopping: z.object({ patience: positiveInt, minDelta: z.number().nonnegative().optional() }).optional(),
  provider: providerChoice,
});

/** The fields of a TrainSpec a user may override when starting from a preset. */
export const trainOverrides = z.object({
  optimizer: optimizerSpec.optional(),
  schedule: scheduleSpec.optional(),
  init: initName.optional(),
  batchSize: positiveInt.optional(),
  epochs: positiveInt.optional(),
  seed: z.number().int().optional(),
  provider: providerChoice.optional(),
});
