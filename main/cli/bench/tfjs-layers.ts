/**
 * The comparison in `bench`: the same workloads trained by TensorFlow.js layers (`model.fit`) on the same
 * tfjs backend. It loads the full `@tensorflow/tfjs` bundle through require: tfjs-core with tfjs-layers
 * alone registers no gradients under Node's require, and training then fails with "gradient function
 * not found". A workload the backend cannot run (WASM has no Conv2DBackpropFilter) is reported with
 * tfjs' own error instead of a figure.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BenchData, WorkloadResult } from './workloads.js';
import { TFJS_CPU_W2_BATCH_LIMIT, W1_SETTINGS, W2_SETTINGS } from './workloads.js';
import { median } from '@backprop-lab/core';

type Tf = typeof import('@tensorflow/tfjs');

const require = createRequire(import.meta.url);

export async function loadTfjs(backend: 'wasm' | 'cpu'): Promise<Tf> {
  const tf = require('@tensorflow/tfjs') as Tf;
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  return tf;
}

function seedMlp(tf: Tf) {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 64, activation: 'sigmoid', kernelInitializer: 'glorotUniform' }),
      tf.layers.dense({ units: 16, activation: 'tanh', kernelInitializer: 'glorotUniform' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: 'glorotUniform' }),
    ],
  });
}

function lenet5(tf: Tf) {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu' }),
      tf.layers.dense({ units: 84, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

/** Median single-image predict() time in µs over `runs`, after `warmup` untimed calls. */
function latencyMicroseconds(tf: Tf, predict: (x: import('@tensorflow/tfjs').Tensor) => unknown, input: import('@tensorflow/tfjs').Tensor, runs: number): number {
  const once = () => tf.tidy(() => (predict(input) as import('@tensorflow/tfjs').Tensor).dataSync());
  for (let i = 0; i < Math.min(100, runs); i++) once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    once();
    times.push((performance.now() - start) * 1000);
  }
  return median(times);
}

export async function benchTfjsLayers(tf: Tf, data: BenchData, w2Batches: number, latencyRuns: number): Promise<WorkloadResult[]> {
  const backend = tf.getBackend();
  const engine = `tfjs-layers (${backend})`;
  const results: WorkloadResult[] = [];
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), 10).toFloat());
  const images = tf.tensor2d(data.images, [data.count, 784]);

  const mlp = seedMlp(tf);
  mlp.compile({ optimizer: tf.train.sgd(W1_SETTINGS.lr), loss: 'categoricalCrossentropy' });
  let start = performance.now();
  await mlp.fit(images, labels, { batchSize: W1_SETTINGS.batchSize, epochs: 1, shuffle: true, verbose: 0 });
  results.push({ workload: 'W1', engine, provider: backend, samplesPerSecond: data.count / ((performance.now() - start) / 1000) });
  const single = images.slice([0, 0], [1, 784]);
  results.push({ workload: 'W3-mlp', engine, provider: backend, latencyMicroseconds: latencyMicroseconds(tf, (x) => mlp.predict(x), single, latencyRuns) });

  const net = lenet5(tf);
  net.compile({ optimizer: tf.train.adam(W2_SETTINGS.lr), loss: 'categoricalCrossentropy' });
  const batches = backend === 'cpu' ? Math.min(w2Batches, TFJS_CPU_W2_BATCH_LIMIT) : w2Batches;
  const samples = Math.min(batches * W2_SETTINGS.batchSize, data.count);
  const cnnImages = images.slice([0, 0], [samples, 784]).reshape([samples, 28, 28, 1]);
  const cnnLabels = labels.slice([0, 0], [samples, 10]);
  try {
    start = performance.now();
    await net.fit(cnnImages, cnnLabels, { batchSize: W2_SETTINGS.batchSize, epochs: 1, shuffle: true, verbose: 0 });
    results.push({
      workload: 'W2', engine, provider: backend, samplesPerSecond: samples / ((performance.now() - start) / 1000),
      ...(batches < w2Batches ? { batches } : {}),
    });
  } catch (error) {
    results.push({ workload: 'W2', engine, provider: backend, error: (error as Error).message });
  }
  const singleImage = single.reshape([1, 28, 28, 1]);
  try {
    results.push({ workload: 'W3-lenet5', engine, provider: backend, latencyMicroseconds: latencyMicroseconds(tf, (x) => net.predict(x), singleImage, latencyRuns) });
  } catch (error) {
    results.push({ workload: 'W3-lenet5', engine, provider: backend, error: (error as Error).message });
  }
  tf.dispose([labels, images, single, cnnImages, cnnLabels, singleImage]);
  mlp.dispose();
  net.dispose();
  return results;
}
