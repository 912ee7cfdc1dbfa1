/**
 * The worker-thread executor: a StepFunction for core's training loop that splits each batch of m rows
 * into N slices computed at once (TEXTBOOK §7, data parallelism) and adds their gradients up before the
 * update:
 *
 *   optimizer.beforeGradient(θ)                       NAG's look-ahead, on the main thread's model
 *   exchange ← θ, buffers, the batch (x, y), m, and the dropout uniforms one thread would draw for this
 *              batch, drawn from the loop's stream (dropout-uniforms.ts)
 *   slice k: g_k = ∇J_k(θ) on rows [start_k, start_k + m_k)         (slice-replica.ts); BatchNorm
 *             normalises with the whole batch's statistics, summed across the slices (batch-reducer.ts)
 *   ∇J = Σ_k (m_k/m) · g_k                            the loss is a batch mean (slices.ts)
 *   J = Σ_k (m_k/m) · J_k, accuracy likewise; buffers = Σ_k (m_k/m) · buffers_k
 *   applyUpdate(θ, ∇J)                                penalty + optimizer, on the main thread
 *
 * Who computes the slices: for a model whose slices never meet (no BatchNorm), the main thread computes
 * slice 0 on a replica of its own while N − 1 worker threads compute the others, so a step wakes one
 * thread fewer and no core waits idle for the main thread; it then waits for the workers with
 * Atomics.waitAsync (a server or the app's engine keeps answering between steps). A model with BatchNorm
 * has N workers and the main thread computes none: its slices wait for each other at BatchNorm's barrier,
 * and a main thread blocked there could not hear that a worker died (that news is an event), so it stays
 * free to end the step. Either way every slice runs the same code on the same single-thread kernels, so
 * the result is the same bit for bit.
 *
 * The sums run in float64 in slice order k = 0…N−1 and are rounded once to float32, so a step's result
 * depends only on θ, the batch and N, never on which thread finished first. The main thread keeps the
 * only optimizer: checkpoints, resume, schedules, pause and the NaN guard stay the loop's. So N slices
 * compute the step one thread computes on the whole batch, up to float summation order: every slice's
 * BatchNorm buffers end equal to one thread's, and so does their weighted mean. A worker that fails or
 * exits fails the step with a message naming it (the others leave any BatchNorm barrier: ABORT); the
 * executor is then broken and every later step fails the same way.
 */
import { Worker } from 'node:worker_threads';
import {
  applyUpdate, BatchNormLayer, createReferenceKernels, Model, shapeSize, type ModelSpec, type ProviderName, type StepFunction,
} from '@backprop-lab/core';
import type { WorkerMessage, WorkerSetup } from './messages.js';
import { modelState, writeTensors, type ModelState } from './model-state.js';
import { ABORT, allocateExchange, BARRIER, Command, COMMAND, DONE, exchangeOf, GENERATION, ROWS, type Exchange } from './shared-state.js';
import { drawDropoutUniforms, dropoutWidths } from './dropout-uniforms.js';
import { slicesOfBatch } from './slices.js';
import { combineSlices } from './combine.js';
import { SliceReplica, sliceKernels } from './slice-replica.js';
import { workerEntry } from './worker-entry.js';

export interface WorkerExecutorOptions {
  modelSpec: ModelSpec;
  /** Threads computing a batch's slices (≥ 1): the main thread and threads − 1 workers, or threads workers for a model with BatchNorm. */
  threads: number;
  /** The provider the run's kernels resolved to; every worker selects the same one. */
  provider: ProviderName;
  /** The largest batch a step will get (the TrainSpec's batch size). */
  maxRows: number;
  classes: number;
}

export interface WorkerExecutor {
  /** Slices a batch is split into, one per computing thread. */
  readonly threads: number;
  /** Whether the main thread computes slice 0 (a model without BatchNorm) or only waits for the workers. */
  readonly mainComputes: boolean;
  /** The provider every worker reported. */
  readonly provider: string;
  readonly step: StepFunction;
  /** The live worker threads, in slice order (for tests that end one to check a crash is handled). */
  readonly workers: readonly Worker[];
  /** Ends every worker; a step after close fails. */
  close(): Promise<void>;
}

/** How long the main thread sleeps between checks while a step runs (a failed worker also wakes it). */
const WAIT_SLICE_MS = 1000;

/** Starts the workers and resolves once every replica is built, or rejects naming the worker that failed. */
export async function startWorkerExecutor(options: WorkerExecutorOptions): Promise<WorkerExecutor> {
  const { modelSpec, threads, maxRows, classes } = options;
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`executor: threads must be a whole number ≥ 1, got ${threads}`);
  if (!(Number.isInteger(maxRows) && maxRows >= 1)) throw new Error(`executor: the batch size must be a whole number ≥ 1, got ${maxRows}`);
  const { sizes, dropout: replicaDropout } = replicaSizes(modelSpec);
  const buffers = allocateExchange({ threads, maxRows, classes, featureSize: shapeSize(modelSpec.inputShape), ...sizes });
  const exchange = exchangeOf(buffers);
  const mainComputes = sizes.batchNormChannels === 0;
  /** The first slice a worker computes: slice 0 is the main thread's when it computes one. */
  const firstWorkerSlice = mainComputes ? 1 : 0;
  const entry = workerEntry();
  const workers = Array.from({ length: threads - firstWorkerSlice }, (_, w) => {
    const setup: WorkerSetup = { index: firstWorkerSlice + w, modelSpec, provider: options.provider, exchange: buffers };
    return new Worker(entry, { workerData: setup });
  });
  /** Threads are named by the slice they compute, of all N: the main thread is thread 1 when it computes. */
  const workerName = (w: number) => `worker thread ${firstWorkerSlice + w + 1} of ${threads}`;
  let failure: Error | null = null;
  let closing = false;
  const fail = (error: Error) => {
    failure ??= error;
    Atomics.store(exchange.control, ABORT, 1);
    Atomics.notify(exchange.control, BARRIER);
    Atomics.notify(exchange.control, DONE);
  };
  const ready = Promise.all(workers.map((worker, w) => new Promise<string>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve(message.provider);
      else fail(new Error(`${workerName(w)} failed: ${message.message}`));
    });
    worker.on('error', (error) => fail(new Error(`${workerName(w)} failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!closing) fail(new Error(`${workerName(w)} ended (exit code ${code}) while the run needed it`));
      reject(failure ?? new Error(`${workerName(w)} ended before it was ready`));
    });
  })));
  // The main thread's replica takes the kernels the workers take (sliceKernels), so its slice is the slice
  // a worker would compute, bit for bit.
  const mainReplica = mainComputes
    ? sliceKernels(options.provider).then((kernels) => ({ kernels, replica: new SliceReplica(modelSpec, kernels, exchange, 0, 'the main thread') }))
    : null;
  const close = async () => {
    closing = true;
    Atomics.store(exchange.control, COMMAND, Command.Close);
    Atomics.add(exchange.control, GENERATION, 1);
    Atomics.notify(exchange.control, GENERATION);
    Atomics.notify(exchange.control, BARRIER);
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  let providers: string[];
  let replica: SliceReplica | null = null;
  try {
    const [fromWorkers, main] = await Promise.all([ready, mainReplica]);
    replica = main?.replica ?? null;
    providers = main ? [main.kernels.name, ...fromWorkers] : fromWorkers;
  } catch (error) {
    await close();
    throw failure ?? error;
  }

  // The layout of the model the loop trains (a probe's model before it, in `auto`), made once per model.
  let state: { model: Model; layout: ModelState; dropout: number[] } | null = null;
  const step: StepFunction = async (x, y, context) => {
    if (closing) throw new Error('executor: a step after the worker threads were closed');
    if (failure) throw failure;
    const m = x.shape[0]!;
    if (m > maxRows) throw new Error(`executor: a batch of ${m} rows; the executor was started for at most ${maxRows}`);
    if (state?.model !== context.model) state = { model: context.model, layout: modelState(context.model), dropout: dropoutWidths(context.model) };
    // Layer by layer: the same total in other widths would lay each layer's uniforms out elsewhere.
    if (state.dropout.join() !== replicaDropout.join()) {
      throw new Error(`executor: the model's dropout layers hold [${state.dropout.join(', ')}] units per row; the workers' replicas hold [${replicaDropout.join(', ')}]`);
    }
    const layout = state.layout;
    const slices = slicesOfBatch(m, threads);
    context.optimizer.beforeGradient(context.model.parameters());
    writeTensors(layout.buffers, exchange.weights, writeTensors(layout.values, exchange.weights, 0));
    exchange.inputs.set(x.data.subarray(0, m * exchange.sizes.featureSize));
    exchange.targets.set(y.data.subarray(0, m * classes));
    drawDropoutUniforms(context.rng, state.dropout, slices, exchange.uniforms);
    exchange.control[ROWS] = m;
    Atomics.store(exchange.control, COMMAND, Command.Step);
    Atomics.store(exchange.control, DONE, 0);
    Atomics.add(exchange.control, GENERATION, 1);
    Atomics.notify(exchange.control, GENERATION);
    if (replica) {
      try {
        replica.computeSlice();
      } catch (error) {
        // The workers are computing this step: the executor is broken, as when a worker fails.
        fail(new Error(`the main thread's slice failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    }
    await allDone(exchange, workers.length, () => failure);

    const { loss, accuracy } = combineSlices(exchange, slices.map((slice) => slice.weight), [...layout.grads, ...layout.buffers]);
    const penalty = applyUpdate(context.model, context.optimizer, context.regularisation);
    return { loss: loss + penalty, accuracy };
  };
  return { threads, mainComputes, provider: providers[0]!, step, workers, close };
}

/**
 * Parameter, buffer, BatchNorm and dropout sizes of the replicas the workers build from the spec (from a
 * throwaway build on the reference kernels), and their dropout layers' widths.
 */
function replicaSizes(modelSpec: ModelSpec): {
  sizes: { parameterValues: number; bufferValues: number; batchNormChannels: number; dropoutUnits: number };
  dropout: number[];
} {
  const model = Model.build(modelSpec, { kernels: createReferenceKernels(), seed: 1, dtype: 'float32' });
  const { parameterValues, bufferValues } = modelState(model);
  const channels = model.layers.flatMap((layer) => (layer instanceof BatchNormLayer ? [layer.channels] : []));
  const dropout = dropoutWidths(model);
  const dropoutUnits = dropout.reduce((sum, width) => sum + width, 0);
  return { sizes: { parameterValues, bufferValues, batchNormChannels: Math.max(0, ...channels), dropoutUnits }, dropout };
}

async function allDone(exchange: Exchange, workers: number, failure: () => Error | null): Promise<void> {
  for (;;) {
    const error = failure();
    if (error) throw error;
    const done = Atomics.load(exchange.control, DONE);
    if (done >= workers) return;
    await waitAsync(exchange.control, DONE, done, WAIT_SLICE_MS);
  }
}

/** Atomics.waitAsync (Node ≥ 16), typed here because the ES2022 library does not declare it. */
function waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): Promise<unknown> {
  const atomics = Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<unknown> | string };
  };
  const result = atomics.waitAsync(array, index, value, timeoutMs);
  return result.async ? (result.value as Promise<unknown>) : Promise.resolve(result.value);
}
