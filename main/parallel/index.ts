/** Data-parallel training on worker threads (see README.md). */
export { startWorkerExecutor, type WorkerExecutor, type WorkerExecutorOptions } from './executor.js';
export { probeExecutors, type ExecutorProbe, type ProbeMeasurement } from './probe.js';
export { benchDataParallel, type BenchDataParallelOptions, type BenchDataParallelResult, type BenchPreset } from './bench.js';
export { sliceOfBatch, slicesOfBatch, type BatchSlice } from './slices.js';
