/**
 * Which way of using a second core trains a preset fastest: one thread (simd on its own memory), simd's
 * kernel threads (each product and convolution split between threads on one shared memory), and the
 * worker executor (main/parallel/: each batch split across workers, one simd thread each). For each:
 * wall-clock samples per second and CPU seconds per 1,000 samples of the whole process (every thread),
 * so that on a loaded machine the CPU figure still shows what a split costs: on an idle machine the
 * wall-clock speed-up of a split is about (threads) × (one thread's CPU per sample ÷ the split's).
 * Candidates alternate, `rounds` times, on the preset's own batch size, optimizer and first MNIST images.
 *
 *   npx tsx scripts/perf/executors.ts [preset=cnn-best] [rounds=3] [steps=12]
 */
import {
  createOptimizer, loadSimdKernels, Model, makeBatch, oneHot, presets, Rng, selectKernels, singleThreadStep, subset, withFloat64Reference,
} from '@backprop-lab/core';
import type { PresetName, StepFunction } from '@backprop-lab/core';
import { loadMnist } from '../../main/datasets/index.js';
import { startWorkerExecutor } from '../../main/parallel/executor.js';

const [presetArg = 'cnn-best', roundsArg = '3', stepsArg = '12'] = process.argv.slice(2);
const preset = presets[presetArg as PresetName];
const { modelSpec, trainSpec } = preset;
const steps = Number(stepsArg);
const WARM_UP_STEPS = 3;
const mnist = await loadMnist('train');
const rows = trainSpec.batchSize;
const batch = makeBatch(subset(mnist, Uint32Array.from({ length: rows }, (_, i) => i)), Uint32Array.from({ length: rows }, (_, i) => i), modelSpec.inputShape);
const x = batch.x;
const y = oneHot(batch.labels, mnist.classes);
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const one = await selectKernels('simd', { simdThreads: 1 });
const split = await selectKernels('simd', { simdThreads: 2 });
// The same kernel threads made to split every call, whatever their start-up measurement found.
const splitAll = withFloat64Reference(await loadSimdKernels(2, { splitFrom: 0 }));
const workers = await startWorkerExecutor({ modelSpec, threads: 2, provider: 'simd', maxRows: rows, classes: mnist.classes });
const candidates: { label: string; kernels: typeof one; step: StepFunction }[] = [
  { label: 'one thread', kernels: one, step: singleThreadStep },
  { label: `kernel threads (2; split rule: ${split.splitRule?.code ?? 'none'} ${JSON.stringify(split.splitRule?.params ?? {})})`, kernels: split, step: singleThreadStep },
  { label: 'kernel threads (2), every call split', kernels: splitAll, step: singleThreadStep },
  { label: '2 threads (worker executor)', kernels: one, step: workers.step },
];

async function time(candidate: (typeof candidates)[number]): Promise<{ wall: number; cpu: number }> {
  const model = Model.build(modelSpec, { kernels: candidate.kernels, init: trainSpec.init, seed: trainSpec.seed, dtype: 'float32' });
  const context = { model, optimizer: createOptimizer(trainSpec.optimizer), regularisation: trainSpec.regularisation, rng: new Rng(1) };
  for (let i = 0; i < WARM_UP_STEPS; i++) await candidate.step(x, y, context);
  const [wall0, cpu0] = [performance.now(), cpuSeconds()];
  for (let i = 0; i < steps; i++) await candidate.step(x, y, context);
  return { wall: (performance.now() - wall0) / 1000, cpu: cpuSeconds() - cpu0 };
}

for (let round = 1; round <= Number(roundsArg); round++) {
  for (const candidate of candidates) {
    const { wall, cpu } = await time(candidate);
    const samples = steps * rows;
    console.log(`round ${round}  ${candidate.label.padEnd(40)} ${Math.round(samples / wall).toLocaleString('en-US').padStart(7)} samples/s wall  ${((cpu / samples) * 1000).toFixed(3)} CPU s per 1,000 samples`);
  }
}
await workers.close();
one.dispose?.();
split.dispose?.();
splitAll.dispose?.();
process.exit(0);
