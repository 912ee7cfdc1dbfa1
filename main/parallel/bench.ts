/**
 * The benchmark's training workloads on the worker executor, through core's own training loop (the same
 * trainModel a run uses, so shuffling and batching are timed as in a run): W1 is the seed MLP (784 → 64
 * sigmoid → 16 tanh → 10, Xavier uniform, SGD η = 0.1, batch 64, one epoch of MNIST's 60,000 training
 * images unless `batches` says fewer), W2 is LeNet-5 (He uniform, Adam η = 1e-3, batch 64, `batches`
 * steps, 200 unless told). Throughput is wall-clock samples per second from the end of the first
 * (untimed) step to the end of the last.
 */
import { presets, selectKernels, subset, trainModel } from '@backprop-lab/core';
import type { InitName, OptimizerSpec, ProviderName, StepFunction, TrainSpec } from '@backprop-lab/core';
import { loadMnist, MNIST_TRAIN_IMAGES } from '../datasets/index.js';
import { startWorkerExecutor } from './executor.js';

export type BenchPreset = 'lenet5' | 'seed-mlp';

export interface BenchDataParallelOptions {
  preset: BenchPreset;
  /** Worker threads (default 2). */
  workers?: number;
  /** Steps to time (default: 200 for lenet5, one epoch for seed-mlp). */
  batches?: number;
  provider?: 'auto' | ProviderName;
}

export interface BenchDataParallelResult {
  preset: BenchPreset;
  workers: number;
  provider: string;
  /** Timed steps (the first, untimed one not counted). */
  batches: number;
  samples: number;
  seconds: number;
  samplesPerSecond: number;
}

const BATCH_SIZE = 64;
const settings: Record<BenchPreset, { optimizer: OptimizerSpec; init: InitName; defaultBatches?: number }> = {
  'seed-mlp': { optimizer: { type: 'sgd', lr: 0.1 }, init: 'xavier-uniform' },
  lenet5: { optimizer: { type: 'adam', lr: 1e-3 }, init: 'he-uniform', defaultBatches: 200 },
};

export async function benchDataParallel(options: BenchDataParallelOptions): Promise<BenchDataParallelResult> {
  const workload = settings[options.preset];
  if (!workload) throw new Error(`benchDataParallel: preset must be lenet5 or seed-mlp; got "${options.preset}"`);
  const batches = options.batches ?? workload.defaultBatches ?? Math.ceil(MNIST_TRAIN_IMAGES / BATCH_SIZE);
  const workers = options.workers ?? 2;
  const mnist = await loadMnist('train');
  // One untimed step more than the timed ones, on as many images as those steps take.
  const count = Math.min(mnist.count, (batches + 1) * BATCH_SIZE);
  const train = subset(mnist, Uint32Array.from({ length: count }, (_, i) => i));
  const kernels = await selectKernels(options.provider ?? 'auto');
  const trainSpec: TrainSpec = {
    optimizer: workload.optimizer, init: workload.init, batchSize: BATCH_SIZE, epochs: 1, seed: 1,
    validationSplit: 0, preprocess: { type: 'none' }, provider: kernels.name as ProviderName,
  };
  const modelSpec = presets[options.preset].modelSpec;
  const executor = await startWorkerExecutor({
    modelSpec, threads: workers, provider: kernels.name as ProviderName, maxRows: BATCH_SIZE, classes: train.classes,
  });
  let steps = 0;
  let samples = 0;
  let timedFrom = 0;
  let timedTo = 0;
  const timed: StepFunction = async (x, y, context) => {
    const result = await executor.step(x, y, context);
    if (steps++ === 0) timedFrom = performance.now();
    else samples += x.shape[0]!;
    timedTo = performance.now();
    return result;
  };
  try {
    await trainModel({ modelSpec, trainSpec, data: { train }, kernels, step: timed, onEvent: () => undefined, iterationEventIntervalMs: Infinity });
  } finally {
    await executor.close();
  }
  const seconds = (timedTo - timedFrom) / 1000;
  return { preset: options.preset, workers, provider: executor.provider, batches: steps - 1, samples, seconds, samplesPerSecond: samples / seconds };
}
