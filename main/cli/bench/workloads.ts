/**
 * The benchmark's fixed workloads (issue 3): W1 = the seed MLP with SGD η = 0.1, Xavier uniform, batch 64,
 * timed as PyTorch's bench_torch.py times it: W1_EPOCHS epochs of 60,000 images on one model, the median of
 * epochs 2 onwards (epoch 1 is a warm-up: a fresh process trains its first W1 epoch markedly slower in CPU time than
 * its third, docs/performance.md, fifth round); W2 = LeNet-5 with Adam 1e-3, batch 64, a stated number of batches;
 * W3 = single-image inference latency, median of 1000 after 100 warm-up calls, for both networks.
 */
import type { OptimizerSpec } from '@backprop-lab/core';
import { MNIST_TRAIN_IMAGES } from '../../datasets/index.js';

export const W1_SETTINGS = { lr: 0.1, batchSize: 64 } as const;
export const W2_SETTINGS = { lr: 1e-3, batchSize: 64 } as const;
export const W1_OPTIMIZER: OptimizerSpec = { type: 'sgd', lr: W1_SETTINGS.lr };
export const W2_OPTIMIZER: OptimizerSpec = { type: 'adam', lr: W2_SETTINGS.lr };
/** W1's epochs: the first warms up, the median of the others is the figure (as bench_torch.py: epochs 2–4 of 5). */
export const W1_EPOCHS = 4;
/**
 * W2's timed batches: one epoch of MNIST's training images, less the untimed first step, as bench_torch.py's
 * W2 trains one full epoch. With 200 batches the worker threads' first, still unoptimised steps weighed on
 * the two-thread figure that PyTorch's epoch amortises (docs/performance.md, eleventh round).
 */
export const DEFAULT_W2_BATCHES = Math.ceil(MNIST_TRAIN_IMAGES / W2_SETTINGS.batchSize) - 1;
/** tfjs' plain-JS backend trains LeNet-5 at tens of samples/s: its W2 rate is taken over fewer batches. */
export const TFJS_CPU_W2_BATCH_LIMIT = 20;
export const LATENCY_RUNS = 1000;

export type WorkloadName = 'W1' | 'W2' | 'W3-mlp' | 'W3-lenet5';

/** MNIST training images in [0, 1], 784 values each. */
export interface BenchData {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

export interface WorkloadResult {
  workload: WorkloadName;
  /** 'backprop-lab' or 'tfjs-layers (<backend>)'. */
  engine: string;
  provider: string;
  samplesPerSecond?: number;
  latencyMicroseconds?: number;
  /** Batches the W2 rate was measured over, where fewer than asked for. */
  batches?: number;
  /** Why there is no figure (the backend cannot run the workload). */
  error?: string;
  /** How the figure came about, printed under it (the executor `auto` picked and why). */
  note?: string;
}
