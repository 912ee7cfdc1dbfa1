/**
 * Our engine on the benchmark's workloads: the same Model, optimizer and trainStep that `train` uses,
 * fed shuffled MNIST batches (gathering each batch is part of the timed work, as in tfjs' fit).
 */
import { makeBatch } from '@backprop-lab/core';
import type { Dataset } from '@backprop-lab/core';
import type { Kernels } from '@backprop-lab/core';
import { oneHot } from '@backprop-lab/core';
import { Model } from '@backprop-lab/core';
import { createOptimizer } from '@backprop-lab/core';
import { presets } from '@backprop-lab/core';
import { Rng } from '@backprop-lab/core';
import type { ModelSpec, OptimizerSpec } from '@backprop-lab/core';
import { Tensor } from '@backprop-lab/core';
import { trainStep } from '@backprop-lab/core';
import { median } from '@backprop-lab/core';
import { W1_EPOCHS, W1_OPTIMIZER, W1_SETTINGS, W2_OPTIMIZER, W2_SETTINGS, type WorkloadResult } from './workloads.js';

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Samples per second over `batches` steps of `batchSize` (the whole set when batches is undefined). With
 * `epochs` > 1 the model trains that many passes over the set and the figure is the median rate of
 * passes 2 onwards (pass 1 is a warm-up); `epochRates` lists every pass's rate.
 */
export async function trainThroughput(
  kernels: Kernels, modelSpec: ModelSpec, optimizerSpec: OptimizerSpec, init: 'xavier-uniform' | 'he-uniform',
  data: Dataset, batchSize: number, batches?: number, epochs = 1,
): Promise<{ model: Model; samplesPerSecond: number; epochRates: number[] }> {
  const model = Model.build(modelSpec, { kernels, init, seed: 1, dtype: 'float32' });
  const optimizer = createOptimizer(optimizerSpec);
  const rng = new Rng(1);
  const order = rng.shuffle(Uint32Array.from({ length: data.count }, (_, i) => i));
  const steps = Math.min(batches ?? Infinity, Math.ceil(data.count / batchSize));
  // One untimed step so lazily initialised providers (WASM compilation) do not count.
  const warm = makeBatch(data, order.subarray(0, batchSize), modelSpec.inputShape);
  trainStep(model, createOptimizer(optimizerSpec), warm.x, oneHot(warm.labels, 10), { rng: new Rng(2) });
  const fresh = Model.build(modelSpec, { kernels, init, seed: 1, dtype: 'float32' });
  await yieldToEventLoop();
  const epochRates: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let samples = 0;
    const start = performance.now();
    for (let step = 0; step < steps; step++) {
      const { x, labels } = makeBatch(data, order.subarray(step * batchSize, Math.min((step + 1) * batchSize, data.count)), modelSpec.inputShape);
      trainStep(fresh, optimizer, x, oneHot(labels, 10), { rng });
      samples += labels.length;
    }
    epochRates.push(samples / ((performance.now() - start) / 1000));
  }
  const samplesPerSecond = epochs > 1 ? median(epochRates.slice(1)) : epochRates[0]!;
  return { model: fresh, samplesPerSecond, epochRates };
}

/** Median µs of predict() on one image, over `runs` calls after 100 untimed ones (fewer for a short trial). */
export function latencyMicroseconds(model: Model, image: Float32Array, inputShape: readonly number[], runs: number): number {
  const x = new Tensor([1, ...inputShape], image);
  for (let i = 0; i < Math.min(100, runs); i++) model.predict(x);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    model.predict(x);
    times.push((performance.now() - start) * 1000);
  }
  return median(times);
}

/** Every pass's rate, the warm-up first, under W1's figure. */
function epochNote(rates: number[]): string {
  const figures = rates.map((rate) => Math.round(rate).toLocaleString('en-US'));
  return `median of epochs 2–${rates.length}, epoch 1 warming up: ${figures.join(', ')} samples/s`;
}

export async function benchOurs(kernels: Kernels, data: Dataset, w2Batches: number, latencyRuns: number): Promise<WorkloadResult[]> {
  const engine = 'backprop-lab';
  const provider = kernels.name;
  const mlp = presets['seed-mlp'].modelSpec;
  const lenet = presets.lenet5.modelSpec;
  const firstImage = data.images.slice(0, 784);
  const w1 = await trainThroughput(kernels, mlp, W1_OPTIMIZER, 'xavier-uniform', data, W1_SETTINGS.batchSize, undefined, W1_EPOCHS);
  const w2 = await trainThroughput(kernels, lenet, W2_OPTIMIZER, 'he-uniform', data, W2_SETTINGS.batchSize, w2Batches);
  return [
    { workload: 'W1', engine, provider, samplesPerSecond: w1.samplesPerSecond, note: epochNote(w1.epochRates) },
    { workload: 'W2', engine, provider, samplesPerSecond: w2.samplesPerSecond },
    { workload: 'W3-mlp', engine, provider, latencyMicroseconds: latencyMicroseconds(w1.model, firstImage, mlp.inputShape, latencyRuns) },
    { workload: 'W3-lenet5', engine, provider, latencyMicroseconds: latencyMicroseconds(w2.model, firstImage, lenet.inputShape, latencyRuns) },
  ];
}
