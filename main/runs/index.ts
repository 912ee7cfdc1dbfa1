/** main/runs: the one run lifecycle; see lifecycle.ts. */
export * from './description.js';
export * from './lifecycle.js';
export { MAX_EXECUTOR_THREADS, checkExecutorChoice } from './executor.js';
export { loadRunData, firstSamples } from './run-data.js';
export { epochPointOf, iterationPointOf } from './metric-points.js';
export { tensorShapesOf, weightsMisfit, type TensorShapes } from './starting-weights.js';
