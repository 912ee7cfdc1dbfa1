/** The training loop and what it reports; see loop.ts. */
export { trainModel, baseLearningRate, checkTrainingSetup, type BatchTargets, type TrainOptions } from './loop.js';
export { distillationTargets } from './distill.js';
export { TrainingControl, type TrainControl } from './control.js';
export { evaluate, evaluateDataset, type Evaluation, type LabelledSamples } from './evaluate.js';
export { copyWeights, loadWeights, type Weights } from './weights.js';
export { interpolateWeights, recalibrateBatchNorm } from './soup.js';
export { prepareData, preprocessedSamples, runSplit, type PreparedData } from './pipeline.js';
export type * from './events.js';
export { singleThreadStep, type StepContext, type StepFunction } from './executor.js';
export { computeBatchGradients, applyUpdate } from './step.js';
export { fineTuneTrainSpec, FINE_TUNE_AUGMENT, FINE_TUNE_BATCH_SIZE, type FineTuneChoice } from './fine-tune-spec.js';
export { chanceLoss, DivergenceGuard, divergenceFailure, DIVERGENCE_FACTOR, DIVERGENCE_ITERATIONS, WEIGHTS_NOT_FINITE, type Divergence } from './divergence.js';
export { trainSpecFields, earlyStoppingFields } from './spec-fields.js';
