/**
 * Synchronous data-parallel training over N worker threads (replica.ts has the per-step arithmetic).
 * The main thread validates the specs, copies the samples into shared memory once, draws each epoch's
 * shuffle from the run's seeded Rng (as core's training loop does), starts the workers together, reports
 * each step's batch loss and accuracy as the workers finish it, and reads the final weights back from
 * worker 0 (every replica holds the same parameters; `replicasIdentical` checks it bit for bit).
 *
 * Samples are taken as they are: preprocessing and augmentation are the caller's (a spec that asks for
 * augmentation is refused rather than silently trained without it).
 */
import { Worker } from 'node:worker_threads';
import { epochOrder } from '@backprop-lab/core';
import { SpecError } from '@backprop-lab/core';
import { createReferenceKernels } from '@backprop-lab/core';
import type { ProviderName } from '@backprop-lab/core';
import { Model } from '@backprop-lab/core';
import { Rng } from '@backprop-lab/core';
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import { shapeSize, Tensor } from '@backprop-lab/core';
import { Barrier } from './barrier.js';
import type { WorkerMessage, WorkerSetup } from './messages.js';
import { allocateShared, START, STEPS_DONE, viewsOf, type SharedViews } from './shared-state.js';

export interface StepReport {
  /** 0-based step over the whole run. */
  step: number;
  epoch: number;
  /** Mean loss of the whole batch plus the regularisation penalty, as trainStep reports it. */
  loss: number;
  accuracy: number;
}

export interface DataParallelOptions {
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  /** count × (values per sample) inputs, already preprocessed; a SharedArrayBuffer-backed array is used in place. */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  /** Worker threads (default 2). */
  workers?: number;
  /** Stop after this many steps (default: trainSpec.epochs full epochs). */
  batches?: number;
  /** Classes of the one-hot targets (default 10). */
  classes?: number;
  /** Kernel provider of every worker (default trainSpec.provider). */
  provider?: 'auto' | ProviderName;
  /** One untimed throwaway step per worker before the clock starts (default true). */
  warmUp?: boolean;
  onStep?: (report: StepReport) => void;
}

export interface DataParallelResult {
  /** Samples trained per wall-clock second, from the start signal to the last step. */
  samplesPerSecond: number;
  seconds: number;
  /** CPU seconds of the whole process (every thread) over the same interval. */
  cpuSeconds: number;
  samples: number;
  losses: Float64Array;
  accuracies: Float64Array;
  /** Worker 0's final parameters (and BatchNorm running statistics), by dotted name. */
  stateDict: Record<string, Tensor>;
  /** Seconds each worker spent waiting at the barrier for the others, by worker. */
  barrierWaitSeconds: number[];
  /** Whether every worker ended with exactly the same parameters as worker 0. */
  replicasIdentical: boolean;
  provider: string;
}

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export async function trainDataParallel(options: DataParallelOptions): Promise<DataParallelResult> {
  const { modelSpec, trainSpec, count } = options;
  const workers = options.workers ?? 2;
  const classes = options.classes ?? 10;
  const plan = planRun(options, workers, classes);
  const buffers = allocateShared({
    workers, parameterCount: plan.parameterCount, steps: plan.steps, count,
    imageValues: count * plan.featureSize, orderLength: plan.epochs * count,
  });
  const shared = viewsOf(buffers);
  shared.images.set(options.images.subarray(0, count * plan.featureSize));
  shared.labels.set(options.labels.subarray(0, count));
  const rng = new Rng(trainSpec.seed);
  for (let epoch = 0; epoch < plan.epochs; epoch++) shared.order.set(epochOrder(count, undefined, rng), epoch * count);

  const setupOf = (worker: number): WorkerSetup => ({
    worker, workers, modelSpec, trainSpec, classes, count, buffers,
    provider: options.provider ?? trainSpec.provider,
    steps: plan.steps, stepsPerEpoch: plan.stepsPerEpoch, parameterCount: plan.parameterCount,
    warmUp: options.warmUp ?? true,
  });
  const threads = Array.from({ length: workers }, (_, worker) => new Worker(BOOTSTRAP, { workerData: setupOf(worker) }));
  try {
    return await orchestrate(threads, shared, plan, options);
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

interface RunPlan {
  featureSize: number;
  parameterCount: number;
  stepsPerEpoch: number;
  steps: number;
  epochs: number;
  samples: number;
}

/** Checks everything before a thread starts; a bad request throws naming the field and the numbers. */
function planRun(options: DataParallelOptions, workers: number, classes: number): RunPlan {
  const { modelSpec, trainSpec, images, labels, count } = options;
  if (!(Number.isInteger(workers) && workers >= 1)) throw new SpecError(`workers must be a positive integer; got ${workers}`);
  if (!(Number.isInteger(count) && count >= 1)) throw new SpecError(`count must be a positive integer; got ${count}`);
  if (!(Number.isInteger(trainSpec.batchSize) && trainSpec.batchSize >= 1)) throw new SpecError(`trainSpec.batchSize must be a positive integer; got ${trainSpec.batchSize}`);
  if (trainSpec.augment && Object.values(trainSpec.augment).some((v) => v)) {
    throw new SpecError('trainSpec.augment is not supported by data-parallel training: pass augmented samples instead');
  }
  const featureSize = shapeSize(modelSpec.inputShape);
  if (images.length < count * featureSize) {
    throw new SpecError(`images hold ${images.length} values; ${count} samples of [${modelSpec.inputShape.join(', ')}] need ${count * featureSize}`);
  }
  if (labels.length < count) throw new SpecError(`labels hold ${labels.length} entries; count is ${count}`);
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= classes) throw new SpecError(`label ${labels[i]} of sample ${i} is not one of the ${classes} classes`);
  }
  // Builds the model once on the reference kernels: validates the spec and sizes the gradient buffer.
  const probe = Model.build(modelSpec, { kernels: createReferenceKernels(), init: trainSpec.init, seed: trainSpec.seed, dtype: 'float32' });
  const parameterCount = probe.parameters().reduce((sum, p) => sum + p.value.size, 0);
  const stepsPerEpoch = Math.ceil(count / trainSpec.batchSize);
  const fullSteps = stepsPerEpoch * trainSpec.epochs;
  if (options.batches !== undefined && !(Number.isInteger(options.batches) && options.batches >= 1)) {
    throw new SpecError(`batches must be a positive integer; got ${options.batches}`);
  }
  const steps = options.batches ?? fullSteps;
  if (steps < 1) throw new SpecError(`trainSpec.epochs ${trainSpec.epochs} gives no steps`);
  const epochs = Math.ceil(steps / stepsPerEpoch);
  let samples = 0;
  for (let step = 0; step < steps; step++) samples += Math.min(trainSpec.batchSize, count - (step % stepsPerEpoch) * trainSpec.batchSize);
  return { featureSize, parameterCount, stepsPerEpoch, steps, epochs, samples };
}

function orchestrate(threads: Worker[], shared: SharedViews, plan: RunPlan, options: DataParallelOptions): Promise<DataParallelResult> {
  return new Promise<DataParallelResult>((resolve, reject) => {
    const states: (WorkerMessage & { type: 'done' })['state'][] = [];
    const barrierWaitSeconds: number[] = [];
    let ready = 0;
    let provider = '';
    let failed = false;
    let startedAt = 0;
    let startCpu = process.cpuUsage();
    let seconds = 0;
    let cpuSeconds = 0;
    let reported = 0;

    const fail = (reason: string) => {
      if (failed) return;
      failed = true;
      Barrier.abort(shared.control);
      reject(new Error(`data-parallel training failed: ${reason}`));
    };

    const reportSteps = (upTo: number) => {
      for (; reported < upTo; reported++) {
        options.onStep?.({
          step: reported,
          epoch: Math.floor(reported / plan.stepsPerEpoch),
          loss: shared.results[2 * reported]!,
          accuracy: shared.results[2 * reported + 1]!,
        });
      }
    };

    // Follows STEPS_DONE without blocking this thread; the timeout lets a failure end the watch.
    const watchSteps = async () => {
      while (!failed) {
        const done = Atomics.load(shared.control, STEPS_DONE);
        reportSteps(done);
        if (done === plan.steps) {
          seconds = (performance.now() - startedAt) / 1000;
          const cpu = process.cpuUsage(startCpu);
          cpuSeconds = (cpu.user + cpu.system) / 1e6;
          return;
        }
        await waitAsync(shared.control, STEPS_DONE, done, 250);
      }
    };

    const finish = () => {
      const [first, ...others] = states;
      if (!first) return;
      const stateDict: Record<string, Tensor> = {};
      for (const [name, { shape, data }] of Object.entries(first)) stateDict[name] = new Tensor(shape, data);
      const replicasIdentical = others.every((state) => sameParameters(first, state));
      resolve({
        samplesPerSecond: plan.samples / seconds, seconds, cpuSeconds, samples: plan.samples,
        losses: Float64Array.from({ length: plan.steps }, (_, s) => shared.results[2 * s]!),
        accuracies: Float64Array.from({ length: plan.steps }, (_, s) => shared.results[2 * s + 1]!),
        stateDict, replicasIdentical, provider, barrierWaitSeconds,
      });
    };

    let watching: Promise<void> = Promise.resolve();
    threads.forEach((thread, index) => {
      thread.on('message', (message: WorkerMessage) => {
        if (failed) return;
        if (message.type === 'ready') {
          provider = message.provider;
          if (++ready === threads.length) {
            startedAt = performance.now();
            startCpu = process.cpuUsage();
            Atomics.store(shared.control, START, 1);
            Atomics.notify(shared.control, START);
            watching = watchSteps();
          }
        } else if (message.type === 'done') {
          states[message.worker] = message.state;
          barrierWaitSeconds[message.worker] = message.barrierWaitSeconds;
          if (states.filter(Boolean).length === threads.length) void watching.then(finish, (error: unknown) => fail(String(error)));
        } else if (!message.aborted) {
          fail(`worker ${message.worker}: ${message.message}`);
        }
      });
      thread.on('error', (error) => fail(`worker ${index}: ${error.message}`));
      thread.on('exit', (code) => {
        if (states[index] === undefined) fail(`worker ${index} exited (code ${code}) before finishing`);
      });
    });
  });
}

/** Atomics.waitAsync (Node ≥ 16), typed here because the ES2022 library does not declare it. */
function waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): Promise<unknown> {
  const atomics = Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<unknown> | string };
  };
  const result = atomics.waitAsync(array, index, value, timeoutMs);
  return result.async ? (result.value as Promise<unknown>) : Promise.resolve(result.value);
}

function sameParameters(a: Record<string, { data: Float32Array }>, b: Record<string, { data: Float32Array }>): boolean {
  return Object.entries(a).every(([name, { data }]) => {
    if (name.endsWith('runningMean') || name.endsWith('runningVar')) return true;
    const other = b[name]?.data;
    return other !== undefined && other.length === data.length && data.every((v, i) => Object.is(v, other[i]));
  });
}
