/**
 * The benchmark's training workloads on N worker threads, for a bench command: W1 is the seed MLP
 * (784 → 64 sigmoid → 16 tanh → 10, Xavier uniform, SGD η = 0.1, batch 64, one epoch of MNIST's 60,000
 * training images unless `batches` says fewer), W2 is LeNet-5 (He uniform, Adam η = 1e-3, batch 64,
 * `batches` steps, 200 unless told). Throughput is wall-clock samples per second from the moment every
 * worker is built and warmed up to the last step, gathering each batch included.
 */
import type { ProviderName } from '@backprop-lab/core';
import { presets } from '@backprop-lab/core';
import type { InitName, OptimizerSpec, TrainSpec } from '@backprop-lab/core';
import { loadMnist } from '../datasets/index.js';
import { trainDataParallel } from './train.js';

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
  batches: number;
  samples: number;
  seconds: number;
  samplesPerSecond: number;
  /** Samples per CPU-second of all threads together (wall-clock rate ÷ cores kept busy). */
  samplesPerCpuSecond: number;
  /** Seconds each worker waited at the barrier for the others. */
  barrierWaitSeconds: number[];
}

const BATCH_SIZE = 64;
const MNIST_TRAIN_COUNT = 60000;
const settings: Record<BenchPreset, { optimizer: OptimizerSpec; init: InitName; defaultBatches?: number }> = {
  'seed-mlp': { optimizer: { type: 'sgd', lr: 0.1 }, init: 'xavier-uniform' },
  lenet5: { optimizer: { type: 'adam', lr: 1e-3 }, init: 'he-uniform', defaultBatches: 200 },
};

export async function benchDataParallel(options: BenchDataParallelOptions): Promise<BenchDataParallelResult> {
  const workload = settings[options.preset];
  if (!workload) throw new Error(`benchDataParallel: preset must be lenet5 or seed-mlp; got "${options.preset}"`);
  const batches = options.batches ?? workload.defaultBatches ?? Math.ceil(MNIST_TRAIN_COUNT / BATCH_SIZE);
  const mnist = await loadMnist('train');
  // Only the samples the timed steps can reach are copied into shared memory.
  const count = Math.min(mnist.count, batches * BATCH_SIZE);
  const provider = options.provider ?? 'auto';
  const trainSpec: TrainSpec = {
    optimizer: workload.optimizer,
    init: workload.init,
    batchSize: BATCH_SIZE,
    epochs: 1,
    seed: 1,
    validationSplit: 0,
    preprocess: { type: 'none' },
    provider,
  };
  const result = await trainDataParallel({
    modelSpec: presets[options.preset].modelSpec, trainSpec, images: mnist.images, labels: mnist.labels, count,
    workers: options.workers ?? 2, batches, provider,
  });
  return {
    preset: options.preset, workers: options.workers ?? 2, provider: result.provider, batches,
    samples: result.samples, seconds: result.seconds, samplesPerSecond: result.samplesPerSecond,
    samplesPerCpuSecond: result.samples / result.cpuSeconds, barrierWaitSeconds: result.barrierWaitSeconds,
  };
}
