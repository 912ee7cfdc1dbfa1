/**
 * The one list of names the engine accepts (STYLE 13). Each list is an `as const` array and its type is
 * derived from it; core/spec.ts, the contract's zod schemas, the CLI's help text and the renderer's
 * editors all read these arrays, and `names.test.ts` fails when one of them lacks a name listed here.
 *
 * Adding a name: add it here, then the compiler names every table that must gain an entry (a layer's
 * fields and shape rule, an optimizer's hyperparameters, a schedule's fields, a provider's loader).
 */

/**
 * Kernel providers, in the order they are detected: `auto` takes the native TensorFlow bindings when
 * installed, else the fastest of `simd`, `wasm`, `js` by measurement (core/kernels/auto-choice.ts);
 * `reference` always works.
 */
export const providerNames = ['tfjs-node-gpu', 'tfjs-node', 'simd', 'wasm', 'js', 'reference'] as const;
export type ProviderName = (typeof providerNames)[number];

/** What a TrainSpec or the settings may ask for: a provider, or `auto`. */
export const providerChoices = ['auto', ...providerNames] as const;
export type ProviderChoice = (typeof providerChoices)[number];

export const layerTypes = [
  'dense', 'flatten', 'conv1d', 'conv2d', 'maxpool2d', 'avgpool2d', 'globalavgpool', 'dropout', 'batchnorm', 'activation',
] as const;
export type LayerType = (typeof layerTypes)[number];

export const activationNames = [
  'step', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'hard-tanh', 'softsign', 'softmax', 'linear',
] as const;
export type ActivationName = (typeof activationNames)[number];

export const lossNames = ['softmax-cross-entropy', 'mse', 'l1', 'log-loss', 'bce', 'sigmoid-bce', 'hinge'] as const;
export type LossName = (typeof lossNames)[number];

export const initNames = [
  'zero', 'normal', 'fan-in-normal', 'fan-in-uniform', 'xavier-normal', 'xavier-uniform',
  'he-normal', 'he-uniform', 'leaky-he-normal',
] as const;
export type InitName = (typeof initNames)[number];

export const optimizerNames = ['sgd', 'momentum', 'nag', 'adagrad', 'adadelta', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export const scheduleTypes = ['constant', 'step', 'exponential', 'inverse-time', 'linear', 'tau-max', 'anneal'] as const;
export type ScheduleType = (typeof scheduleTypes)[number];

/** Whether a schedule's t counts iterations or epochs. */
export const scheduleUnits = ['epoch', 'iteration'] as const;
export type ScheduleUnit = (typeof scheduleUnits)[number];

export const preprocessTypes = ['none', 'minmax', 'standardise', 'pca-whiten', 'zca-whiten'] as const;
export type PreprocessType = (typeof preprocessTypes)[number];

/** Whether `name` is one of `names` (narrows a string read from a file, a flag or a message). */
export function isOneOf<const T extends readonly string[]>(names: T, name: unknown): name is T[number] {
  return typeof name === 'string' && (names as readonly string[]).includes(name);
}
