/**
 * The memory the executor's main thread and its N worker threads share (SharedArrayBuffers made once
 * when the executor starts, so a step sends no message):
 *
 *   control   Int32   GENERATION (bumped by the main thread to start a step), DONE (workers finished this
 *                     step), COMMAND (step or close), ROWS (m of this batch), ABORT (set by the main thread
 *                     once a worker failed, so the others leave a barrier), ARRIVED and BARRIER (the
 *                     barrier of the BatchNorm sums: workers arrived, and its generation; batch-reducer.ts)
 *   weights   Float32 θ (every parameter, in Model.parameters() order) then the model's buffers (BatchNorm
 *                     running statistics), as the main thread holds them at the start of the step
 *   inputs    Float32 the batch's m rows, prepared (preprocessed, augmented) by the loop
 *   targets   Float32 the batch's one-hot targets, m × classes
 *   slots     Float32 N × (parameters + buffers): worker k's slice gradient, then its buffers after its
 *                     forward pass (BatchNorm updates its running statistics from the slice)
 *   stats     Float64 N × 2: worker k's slice loss and accuracy
 *   partials  Float64 2 × N × (2 · the largest BatchNorm channel count): worker k's per-channel partial
 *                     sums of one BatchNorm reduction, in two halves used alternately (batch-reducer.ts)
 *   uniforms  Float64 m × (dropout units per row): the uniforms one thread's dropout layers would draw
 *                     for this batch, drawn by the main thread from the loop's stream (dropout-uniforms.ts)
 */
export const GENERATION = 0;
export const DONE = 1;
export const COMMAND = 2;
export const ROWS = 3;
export const ABORT = 4;
export const ARRIVED = 5;
export const BARRIER = 6;
const CONTROL_WORDS = 7;

export const Command = { Step: 1, Close: 2 } as const;

export interface ExchangeSizes {
  threads: number;
  parameterValues: number;
  bufferValues: number;
  /** The largest batch (the TrainSpec's batch size). */
  maxRows: number;
  featureSize: number;
  classes: number;
  /** The largest channel count of the model's BatchNorm layers (0 without any). */
  batchNormChannels: number;
  /** Units per row over all the model's dropout layers (0 without any). */
  dropoutUnits: number;
}

export interface ExchangeBuffers {
  sizes: ExchangeSizes;
  control: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  inputs: SharedArrayBuffer;
  targets: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  stats: SharedArrayBuffer;
  partials: SharedArrayBuffer;
  uniforms: SharedArrayBuffer;
}

export interface Exchange {
  sizes: ExchangeSizes;
  control: Int32Array;
  weights: Float32Array;
  inputs: Float32Array;
  targets: Float32Array;
  slots: Float32Array;
  stats: Float64Array;
  partials: Float64Array;
  uniforms: Float64Array;
  /** Values in one worker's slot (parameters + buffers). */
  slotValues: number;
  /** Values in one worker's part of a half of `partials`. */
  partialValues: number;
}

export function allocateExchange(sizes: ExchangeSizes): ExchangeBuffers {
  const f32 = (values: number) => new SharedArrayBuffer(values * Float32Array.BYTES_PER_ELEMENT);
  const stateValues = sizes.parameterValues + sizes.bufferValues;
  const f64 = (values: number) => new SharedArrayBuffer(values * Float64Array.BYTES_PER_ELEMENT);
  return {
    sizes,
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    weights: f32(stateValues),
    inputs: f32(sizes.maxRows * sizes.featureSize),
    targets: f32(sizes.maxRows * sizes.classes),
    slots: f32(sizes.threads * stateValues),
    stats: f64(sizes.threads * 2),
    partials: f64(2 * sizes.threads * 2 * sizes.batchNormChannels),
    uniforms: f64(sizes.maxRows * sizes.dropoutUnits),
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
    partials: new Float64Array(buffers.partials),
    uniforms: new Float64Array(buffers.uniforms),
    slotValues: buffers.sizes.parameterValues + buffers.sizes.bufferValues,
    partialValues: 2 * buffers.sizes.batchNormChannels,
  };
}
