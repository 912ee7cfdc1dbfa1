/**
 * The memory every worker of a data-parallel run shares (all SharedArrayBuffers, made once by the main
 * thread, so no step sends a message):
 *
 *   control    Int32   barrier words, the start signal, steps finished (the main thread watches it)
 *   images     Float32 count × featureSize input rows, already preprocessed
 *   labels     Uint8   count class indices
 *   order      Uint32  the seeded shuffle of 0…count−1, one per epoch, one after another
 *   gradients  Float32 2 × workers × parameterCount: each worker's slice gradient, double-buffered by
 *                      step parity so a worker may write step s + 1 while a slower one still sums step s
 *   sliceStats Float64 2 × workers × 2: each worker's slice loss and accuracy, same double buffering
 *   results    Float64 steps × 2: the batch loss (with the penalty) and accuracy, written by worker 0
 */
import { BARRIER_WORDS } from './barrier.js';

export const START = BARRIER_WORDS;
export const STEPS_DONE = BARRIER_WORDS + 1;
export const CONTROL_WORDS = BARRIER_WORDS + 2;

export interface SharedBuffers {
  control: SharedArrayBuffer;
  images: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  order: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  sliceStats: SharedArrayBuffer;
  results: SharedArrayBuffer;
}

export interface SharedViews {
  control: Int32Array;
  images: Float32Array;
  labels: Uint8Array;
  order: Uint32Array;
  gradients: Float32Array;
  sliceStats: Float64Array;
  results: Float64Array;
}

export interface SharedSizes {
  workers: number;
  parameterCount: number;
  steps: number;
  /** Values in the images buffer (count × featureSize). */
  imageValues: number;
  count: number;
  /** Entries in the order buffer (epochs × count). */
  orderLength: number;
}

export function allocateShared(sizes: SharedSizes): SharedBuffers {
  return {
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    images: new SharedArrayBuffer(sizes.imageValues * Float32Array.BYTES_PER_ELEMENT),
    labels: new SharedArrayBuffer(sizes.count),
    order: new SharedArrayBuffer(sizes.orderLength * Uint32Array.BYTES_PER_ELEMENT),
    gradients: new SharedArrayBuffer(2 * sizes.workers * sizes.parameterCount * Float32Array.BYTES_PER_ELEMENT),
    sliceStats: new SharedArrayBuffer(2 * sizes.workers * 2 * Float64Array.BYTES_PER_ELEMENT),
    results: new SharedArrayBuffer(sizes.steps * 2 * Float64Array.BYTES_PER_ELEMENT),
  };
}

export function viewsOf(buffers: SharedBuffers): SharedViews {
  return {
    control: new Int32Array(buffers.control),
    images: new Float32Array(buffers.images),
    labels: new Uint8Array(buffers.labels),
    order: new Uint32Array(buffers.order),
    gradients: new Float32Array(buffers.gradients),
    sliceStats: new Float64Array(buffers.sliceStats),
    results: new Float64Array(buffers.results),
  };
}

/** Offset of worker `worker`'s gradient slot for a step of the given parity. */
export function gradientSlot(parity: number, worker: number, workers: number, parameterCount: number): number {
  return (parity * workers + worker) * parameterCount;
}

/** Offset of worker `worker`'s [loss, accuracy] pair for a step of the given parity. */
export function statsSlot(parity: number, worker: number, workers: number): number {
  return (parity * workers + worker) * 2;
}
