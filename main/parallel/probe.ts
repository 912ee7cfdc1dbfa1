/**
 * What `auto` runs before a run starts: a short timed probe of one thread (core's singleThreadStep) and
 * of the worker executor on this run's own model, batch size, optimizer and kernels, then the faster of
 * the two. The MLP's steps take about a millisecond, less than waking the workers and summing their
 * gradients costs, so it stays on one thread; LeNet-5's take tens of milliseconds and gain from two.
 * The probe trains throwaway copies of the model on the first rows of the training set: it touches
 * neither the run's weights nor its random streams, so `auto` changes how fast a run is, not what it learns
 * (for the thread count it picks, which the run records).
 */
import {
  createOptimizer, makeBatch, Model, oneHot, Rng, singleThreadStep,
  type Dataset, type Kernels, type ModelSpec, type ProviderName, type StepFunction, type Tensor, type TrainSpec,
} from '@backprop-lab/core';
import { startWorkerExecutor, type WorkerExecutor } from './executor.js';

export interface ProbeMeasurement {
  threads: number;
  samplesPerSecond: number;
  steps: number;
}

export interface ExecutorProbe {
  threads: number;
  /** One sentence: what was measured and why this executor was taken. */
  reason: string;
  measured: ProbeMeasurement[];
  /** The started executor when the worker threads won (kept for the run: starting it again costs ~1 s). */
  executor?: WorkerExecutor;
}

export interface ProbeOptions {
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  train: Dataset;
  kernels: Kernels;
  /** Worker threads to try against one thread (the machine's cores). */
  threads: number;
  /** Timed steps last at least this long per candidate (default 300 ms), after WARM_UP_STEPS untimed ones. */
  probeMs?: number;
}

const MIN_STEPS = 3;
const MAX_STEPS = 40;
/**
 * Untimed steps before each candidate's timing. V8 runs WebAssembly on its baseline compiler first and
 * optimises each function once it has run hot, separately in every thread: the workers' kernels start
 * cold while this thread's have run before. With one warm-up step the workers' first timed steps ran on
 * baseline code (a LeNet-5 probe measured 138 samples/s on 2 workers against 950–1,190 after more steps).
 */
const WARM_UP_STEPS = 3;

export async function probeExecutors(options: ProbeOptions): Promise<ExecutorProbe> {
  const { modelSpec, trainSpec, train, kernels, threads } = options;
  const rows = Math.min(trainSpec.batchSize, train.count);
  const batch = makeBatch(train, Uint32Array.from({ length: rows }, (_, i) => i), modelSpec.inputShape);
  const x = batch.x;
  const y = oneHot(batch.labels, train.classes);
  const probeMs = options.probeMs ?? 300;
  const one = await timeSteps(singleThreadStep, options, x, y, probeMs);
  if (threads < 2) {
    return { threads: 1, measured: [{ threads: 1, ...one }], reason: `auto: one thread (${threads} core${threads === 1 ? '' : 's'} available)` };
  }
  const executor = await startWorkerExecutor({
    modelSpec, threads, provider: kernels.name as ProviderName, maxRows: trainSpec.batchSize, classes: train.classes,
  });
  const many = await timeSteps(executor.step, options, x, y, probeMs).catch(async (error: unknown) => {
    await executor.close();
    throw error;
  });
  const measured = [{ threads: 1, ...one }, { threads, ...many }];
  const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} samples/s`;
  const workersWin = many.samplesPerSecond > one.samplesPerSecond;
  const reason =
    `auto: ${workersWin ? `${threads} threads` : 'one thread'} — measured on this model with batch ${rows}: ` +
    `one thread ${rate(one.samplesPerSecond)} (${one.steps} steps), ${threads} threads ${rate(many.samplesPerSecond)} (${many.steps} steps)`;
  if (!workersWin) await executor.close();
  return { threads: workersWin ? threads : 1, reason, measured, executor: workersWin ? executor : undefined };
}

/** Samples/s of `step` on a fresh copy of the model: WARM_UP_STEPS untimed steps, then at least probeMs of steps. */
async function timeSteps(
  step: StepFunction, options: ProbeOptions, x: Tensor, y: Tensor, probeMs: number,
): Promise<{ samplesPerSecond: number; steps: number }> {
  const { modelSpec, trainSpec, kernels } = options;
  const model = Model.build(modelSpec, { kernels, init: trainSpec.init, seed: trainSpec.seed, dtype: 'float32' });
  const optimizer = createOptimizer(trainSpec.optimizer);
  const context = { model, optimizer, regularisation: trainSpec.regularisation, rng: new Rng(trainSpec.seed) };
  for (let i = 0; i < WARM_UP_STEPS; i++) await step(x, y, context);
  let steps = 0;
  const start = performance.now();
  while (steps < MAX_STEPS && (steps < MIN_STEPS || performance.now() - start < probeMs)) {
    steps += 1;
    await step(x, y, context);
  }
  const seconds = (performance.now() - start) / 1000;
  return { samplesPerSecond: (steps * x.shape[0]!) / seconds, steps };
}
