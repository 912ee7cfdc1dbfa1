/** Synchronous data-parallel training on worker threads (see README.md). */
export { trainDataParallel, type DataParallelOptions, type DataParallelResult, type StepReport } from './train.js';
export { benchDataParallel, type BenchDataParallelOptions, type BenchDataParallelResult, type BenchPreset } from './bench.js';
export { sliceOfBatch, slicesOfBatch, type BatchSlice } from './slices.js';
