/**
 * The memory the executor's main thread and its N worker threads share (SharedArrayBuffers made once
 * when the executor starts, so a step sends no message):
 *
 *   control   Int32   GENERATION (bumped by the main thread to start a step), DONE (workers finished this
 *                     step), COMMAND (step or close), ROWS (m of this batch), ITERATION (the run's step count)
 *   weights   Float32 θ (every parameter, in Model.parameters() order) then the model's buffers (BatchNorm
 *                     running statistics), as the main thread holds them at the start of the step
 *   inputs    Float32 the batch's m rows, prepared (preprocessed, augmented) by the loop
 *   targets   Float32 the batch's one-hot targets, m × classes
 *   slots     Float32 N × (parameters + buffers): worker k's slice gradient, then its buffers after its
 *                     forward pass (BatchNorm updates its running statistics from the slice)
 *   stats     Float64 N × 2: worker k's slice loss and accuracy
 */
export const GENERATION = 0;
export const DONE = 1;
export const COMMAND = 2;
export const ROWS = 3;
export const ITERATION = 4;
const CONTROL_WORDS = 5;

export const Command = { Step: 1, Close: 2 } as const;

export interface ExchangeSizes {
  threads: number;
  parameterValues: number;
  bufferValues: number;
  /** The largest batch (the TrainSpec's batch size). */
  maxRows: number;
  featureSize: number;
  classes: number;
}

export interface ExchangeBuffers {
  sizes: ExchangeSizes;
  control: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  inputs: SharedArrayBuffer;
  targets: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  stats: SharedArrayBuffer;
}

export interface Exchange {
  sizes: ExchangeSizes;
  control: Int32Array;
  weights: Float32Array;
  inputs: Float32Array;
  targets: Float32Array;
  slots: Float32Array;
  stats: Float64Array;
  /** Values in one worker's slot (parameters + buffers). */
  slotValues: number;
}

export function allocateExchange(sizes: ExchangeSizes): ExchangeBuffers {
  const f32 = (values: number) => new SharedArrayBuffer(values * Float32Array.BYTES_PER_ELEMENT);
  const stateValues = sizes.parameterValues + sizes.bufferValues;
  return {
    sizes,
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    weights: f32(stateValues),
    inputs: f32(sizes.maxRows * sizes.featureSize),
    targets: f32(sizes.maxRows * sizes.classes),
    slots: f32(sizes.threads * stateValues),
    stats: new SharedArrayBuffer(sizes.threads * 2 * Float64Array.BYTES_PER_ELEMENT),
  };
}

export function exchangeOf(buffers: ExchangeBuffers): Exchange {
  return {
    sizes: buffers.sizes,
    control: new Int32Array(buffers.control),
    weights: new Float32Array(buffers.weights),
    inputs: new Float32Array(buffers.inputs),
    targets: new Float32Array(buffers.targets),
    slots: new Float32Array(buffers.slots),
    stats: new Float64Array(buffers.stats),
    slotValues: buffers.sizes.parameterValues + buffers.sizes.bufferValues,
  };
}
