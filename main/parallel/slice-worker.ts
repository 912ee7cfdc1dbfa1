/**
 * One worker thread of the executor: a replica of the model that computes the gradient of its slice of
 * every batch. Each step:
 *
 *   wait until GENERATION moves             (the main thread has written θ, the batch and its size m)
 *   θ_replica ← θ; buffers ← the main model's buffers
 *   (start_k, m_k) = sliceOfBatch(m, N, k)
 *   g_k, J_k, acc_k = computeBatchGradients(slice rows), with BatchNorm's sums over the whole batch
 *                     (batch-reducer.ts) and dropout reading the uniforms drawn for its rows (dropout-uniforms.ts),
 *                     every one of them (else the step fails naming the counts)
 *   slot_k ← g_k, then the replica's buffers after this forward pass; stats_k ← (J_k, acc_k)
 *   DONE += 1
 *
 * The replica keeps no state between steps (no optimizer: the main thread updates), so a worker never
 * drifts from the run: every step starts from the main thread's weights.
 */
import { computeBatchGradients, Model, selectKernels, shapeSize, Tensor } from '@backprop-lab/core';
import type { WorkerMessage, WorkerSetup } from './messages.js';
import { modelState, readTensors, writeTensors } from './model-state.js';
import { Command, COMMAND, DONE, exchangeOf, GENERATION, ROWS } from './shared-state.js';
import { participatingWorkers, sliceOfBatch } from './slices.js';
import { SharedBatchReducer } from './batch-reducer.js';
import { ReplayedUniforms } from './dropout-uniforms.js';

export async function serveSlices(setup: WorkerSetup, post: (message: WorkerMessage) => void): Promise<void> {
  const { index, modelSpec } = setup;
  const exchange = exchangeOf(setup.exchange);
  const { threads, featureSize, classes, dropoutUnits } = exchange.sizes;
  const kernels = await selectKernels(setup.provider);
  const model = Model.build(modelSpec, { kernels, dtype: 'float32' });
  const state = modelState(model);
  if (state.parameterValues !== exchange.sizes.parameterValues || state.bufferValues !== exchange.sizes.bufferValues) {
    throw new Error(
      `worker ${index}: the model has ${state.parameterValues} parameter and ${state.bufferValues} buffer values; ` +
        `the executor expects ${exchange.sizes.parameterValues} and ${exchange.sizes.bufferValues}`,
    );
  }
  const tensors = new Map<number, { x: Tensor; y: Tensor }>();
  const tensorsFor = (rows: number) => {
    let pair = tensors.get(rows);
    if (!pair) tensors.set(rows, (pair = { x: Tensor.zeros([rows, ...modelSpec.inputShape]), y: Tensor.zeros([rows, classes]) }));
    return pair;
  };
  const reducer = new SharedBatchReducer(exchange, index);
  if (shapeSize(modelSpec.inputShape) !== featureSize) throw new Error(`worker ${index}: input shape does not hold ${featureSize} values`);

  // Read before `ready`: once every worker is ready the main thread may start the first step at once.
  let seen = Atomics.load(exchange.control, GENERATION);
  post({ type: 'ready', index, provider: kernels.name });
  for (;;) {
    Atomics.wait(exchange.control, GENERATION, seen);
    seen = Atomics.load(exchange.control, GENERATION);
    if (Atomics.load(exchange.control, COMMAND) === Command.Close) return;
    const rows = exchange.control[ROWS]!;
    const slice = sliceOfBatch(rows, threads, index);
    if (slice.size > 0) {
      readTensors(state.buffers, exchange.weights, readTensors(state.values, exchange.weights, 0));
      const { x, y } = tensorsFor(slice.size);
      x.data.set(exchange.inputs.subarray(slice.start * featureSize, (slice.start + slice.size) * featureSize));
      y.data.set(exchange.targets.subarray(slice.start * classes, (slice.start + slice.size) * classes));
      reducer.begin(rows, participatingWorkers(rows, threads));
      const rng = new ReplayedUniforms(exchange.uniforms.subarray(slice.start * dropoutUnits, (slice.start + slice.size) * dropoutUnits));
      const result = computeBatchGradients(model, x, y, { rng, batchStatistics: reducer });
      rng.expectAllDrawn(slice.size);
      const slot = index * exchange.slotValues;
      writeTensors(state.buffers, exchange.slots, writeTensors(state.grads, exchange.slots, slot));
      exchange.stats[2 * index] = result.loss;
      exchange.stats[2 * index + 1] = result.accuracy;
    }
    Atomics.add(exchange.control, DONE, 1);
    Atomics.notify(exchange.control, DONE);
  }
}
