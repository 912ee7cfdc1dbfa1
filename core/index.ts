/**
 * @backprop-lab/core: the engine's public API. Everything a host (the app, the CLI, a script) needs is
 * exported here; see README.md for an example. Module-private functions stay in their modules.
 */
export * from './tensor.js';
export * from './random.js';
export * from './errors.js';
export * from './limits.js';
export * from './messages.js';
export type * from './spec.js';
export * from './names.js';
export * from './fields.js';

export * from './kernels/kernels.js';
export { createReferenceKernels, matmulReference } from './kernels/reference.js';
export * from './kernels/select.js';
export { loadSimdKernels } from './kernels/simd/index.js';
// The simd module's own loading, for tools that time its builds side by side (scripts/perf/sparse.ts).
export { KernelMemory, createKernelMemory, instantiateKernels, kernelsWasmBytes, relaxedSimdAvailable, type KernelExports } from './kernels/simd/module.js';
export { median } from './kernels/median.js';
export type { BatchNormBackwardPass, BatchNormForwardPass, BatchNormSizes } from './kernels/batchnorm.js';

export * from './activations.js';
export * from './losses.js';
export * from './metrics.js';
export * from './init.js';
export * from './layers/index.js';
export * from './model.js';
export * from './gradcheck.js';

export * from './optim/index.js';
export * from './schedules.js';
export * from './regularisation.js';

export * from './data/index.js';
export * from './io/index.js';
export * from './train/index.js';
export { trainStep, type TrainStepOptions, type TrainStepResult } from './train/step.js';
export * from './presets.js';
export * from './experiments/index.js';
export * from './run-name.js';
export * from './insight/index.js';
