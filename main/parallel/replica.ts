/**
 * One worker's part of synchronous data-parallel training (its replica of the model). Each step:
 *
 *   θ ← optimizer.beforeGradient(θ)                   (NAG's look-ahead; identical on every worker)
 *   g_k = ∇J_k(θ) on this worker's slice of the batch  (forward + backward, no penalty yet)
 *   write g_k into the shared slot; barrier
 *   ∇J = Σ_k (m_k/m) · g_k, summed in worker order k = 0…N−1 in float64, rounded once to float32
 *   ∇J += ∂R/∂θ;  optimizer.step(θ, ∇J)
 *
 * Every worker sums the same numbers in the same order and runs the same optimizer on the same weights,
 * so the replicas stay bit-identical without sending weights. Per-worker by design: BatchNorm computes
 * its batch statistics over this worker's slice only ("ghost batches" of m/N rows; the running averages
 * are worker 0's), and dropout draws its masks from this worker's own Rng (seed + 1 + worker), so those
 * models train like a single thread with smaller BatchNorm batches and a different mask stream.
 */
import { selectKernels } from '@backprop-lab/core';
import { oneHot } from '@backprop-lab/core';
import { accuracy } from '@backprop-lab/core';
import { Model, type NamedParam } from '@backprop-lab/core';
import { createOptimizer, initialLearningRate } from '@backprop-lab/core';
import { Rng } from '@backprop-lab/core';
import { addRegularisationGradient, regularisationPenalty } from '@backprop-lab/core';
import { createSchedule } from '@backprop-lab/core';
import { shapeSize, Tensor } from '@backprop-lab/core';
import { trainStep } from '@backprop-lab/core';
import { Barrier } from './barrier.js';
import type { WorkerMessage, WorkerSetup } from './messages.js';
import { gradientSlot, START, statsSlot, STEPS_DONE, viewsOf, type SharedViews } from './shared-state.js';
import { sliceOfBatch } from './slices.js';

export async function runReplica(setup: WorkerSetup, post: (message: WorkerMessage) => void): Promise<void> {
  const { worker, workers, modelSpec, trainSpec, classes, parameterCount } = setup;
  const shared = viewsOf(setup.buffers);
  const barrier = new Barrier(shared.control, workers);
  const kernels = await selectKernels(setup.provider);
  const buildModel = () => Model.build(modelSpec, { kernels, init: trainSpec.init, seed: trainSpec.seed, dtype: 'float32' });
  const featureSize = shapeSize(modelSpec.inputShape);

  if (setup.warmUp) {
    const rows = Math.min(setup.count, Math.ceil(trainSpec.batchSize / workers));
    const { x, y } = gatherRows(shared, shared.order.subarray(0, rows), modelSpec.inputShape, featureSize, classes, null);
    trainStep(buildModel(), createOptimizer(trainSpec.optimizer), x, y, { rng: new Rng(0) });
  }
  const model = buildModel();
  const params = model.parameters();
  const counted = params.reduce((sum, p) => sum + p.value.size, 0);
  if (counted !== parameterCount) throw new Error(`worker ${worker}: the model has ${counted} parameters, the shared buffer expects ${parameterCount}`);
  const optimizer = createOptimizer(trainSpec.optimizer);
  const baseLr = initialLearningRate(trainSpec.optimizer);
  const schedule = createSchedule(trainSpec.schedule ?? { type: 'constant' }, baseLr);
  const perIteration = trainSpec.schedule?.unit === 'iteration';
  const dropoutRng = new Rng(trainSpec.seed + 1 + worker);
  let reusable: Tensor | null = null;
  const gradientSum = new Float64Array(parameterCount);
  let waitMs = 0;

  post({ type: 'ready', worker, provider: kernels.name });
  while (Atomics.load(shared.control, START) === 0 && !Barrier.aborted(shared.control)) Atomics.wait(shared.control, START, 0, 100);
  if (Barrier.aborted(shared.control)) return;

  for (let step = 0; step < setup.steps; step++) {
    const parity = step & 1;
    const epoch = Math.floor(step / setup.stepsPerEpoch);
    const batchStart = epoch * setup.count + (step % setup.stepsPerEpoch) * trainSpec.batchSize;
    const batchRows = Math.min(trainSpec.batchSize, (epoch + 1) * setup.count - batchStart);
    const slice = sliceOfBatch(batchRows, workers, worker);
    optimizer.learningRate = schedule(perIteration ? step : epoch);
    optimizer.beforeGradient(params);

    if (slice.size > 0) {
      const indices = shared.order.subarray(batchStart + slice.start, batchStart + slice.start + slice.size);
      const { x, y } = gatherRows(shared, indices, modelSpec.inputShape, featureSize, classes, reusable);
      reusable = x;
      const output = model.forward(x, { training: true, rng: dropoutRng, reuseBuffers: true });
      const stats = statsSlot(parity, worker, workers);
      shared.sliceStats[stats] = model.loss.value(output, y);
      shared.sliceStats[stats + 1] = accuracy(output, y, { threshold: model.loss.name === 'sigmoid-bce' ? 0 : 0.5 });
      model.backward(model.loss.gradient(output, y), { inputGradient: false });
      writeGradients(params, shared.gradients, gradientSlot(parity, worker, workers, parameterCount));
    }
    const arrivedAt = performance.now();
    barrier.arriveAndWait();
    waitMs += performance.now() - arrivedAt;

    const weights = Array.from({ length: workers }, (_, k) => sliceOfBatch(batchRows, workers, k).weight);
    sumGradients(params, shared.gradients, weights, (k) => gradientSlot(parity, k, workers, parameterCount), gradientSum);
    if (worker === 0) {
      let loss = 0;
      let batchAccuracy = 0;
      for (let k = 0; k < workers; k++) {
        if (weights[k] === 0) continue;
        loss += weights[k]! * shared.sliceStats[statsSlot(parity, k, workers)]!;
        batchAccuracy += weights[k]! * shared.sliceStats[statsSlot(parity, k, workers) + 1]!;
      }
      shared.results[2 * step] = loss + regularisationPenalty(params, trainSpec.regularisation);
      shared.results[2 * step + 1] = batchAccuracy;
      Atomics.store(shared.control, STEPS_DONE, step + 1);
      Atomics.notify(shared.control, STEPS_DONE);
    }
    addRegularisationGradient(params, trainSpec.regularisation);
    optimizer.step(params);
  }

  const state: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [name, tensor] of Object.entries(model.stateDict())) {
    state[name] = { shape: [...tensor.shape], data: Float32Array.from(tensor.data) };
  }
  post({ type: 'done', worker, state, barrierWaitSeconds: waitMs / 1000 });
}

/** The rows at `indices` as a batch [rows, ...inputShape] and their one-hot labels. */
function gatherRows(
  shared: SharedViews, indices: Uint32Array, inputShape: readonly number[], featureSize: number, classes: number, reusable: Tensor | null,
): { x: Tensor; y: Tensor } {
  const rows = indices.length;
  const x = reusable && reusable.shape[0] === rows ? reusable : Tensor.zeros([rows, ...inputShape]);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = indices[i]!;
    x.data.set(shared.images.subarray(row * featureSize, (row + 1) * featureSize), i * featureSize);
    labels[i] = shared.labels[row]!;
  }
  return { x, y: oneHot(labels, classes) };
}

function writeGradients(params: readonly NamedParam[], gradients: Float32Array, offset: number): void {
  for (const p of params) {
    gradients.set(p.grad.data, offset);
    offset += p.grad.size;
  }
}

/**
 * grad = Σ_k weight_k · slot_k, accumulated in float64 in worker order (slots of weight 0 are skipped)
 * and rounded once to float32, so every worker gets the same bits.
 */
function sumGradients(
  params: readonly NamedParam[], gradients: Float32Array, weights: readonly number[], slotOf: (worker: number) => number, sum: Float64Array,
): void {
  sum.fill(0);
  for (let k = 0; k < weights.length; k++) {
    const weight = weights[k]!;
    if (weight === 0) continue;
    const slot = gradients.subarray(slotOf(k), slotOf(k) + sum.length);
    for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + weight * slot[i]!;
  }
  let offset = 0;
  for (const p of params) {
    p.grad.data.set(sum.subarray(offset, offset + p.grad.size));
    offset += p.grad.size;
  }
}
