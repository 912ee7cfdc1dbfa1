/**
 * A replica of the model that computes one slice of a step, the same code wherever it runs: in a worker
 * thread (slice-worker.ts) or, for a model whose slices never meet at a barrier, on the executor's main
 * thread (executor.ts). Each step:
 *
 *   θ_replica ← θ; buffers ← the main model's buffers             (from the exchange)
 *   (start_k, m_k) = sliceOfBatch(m, N, k)
 *   g_k, J_k, acc_k = computeBatchGradients(slice rows), with BatchNorm's sums over the whole batch
 *                     (batch-reducer.ts) and dropout reading the uniforms drawn for its rows
 *                     (dropout-uniforms.ts), every one of them (else the step fails naming the counts)
 *   slot_k ← g_k, then the replica's buffers after this forward pass; stats_k ← (J_k, acc_k)
 *
 * The replica keeps no state between steps (no optimizer: the main thread updates), so it never drifts
 * from the run: every step starts from the main thread's weights.
 */
import { computeBatchGradients, Model, selectKernels, shapeSize, Tensor, type Kernels, type ModelSpec, type ProviderName } from '@backprop-lab/core';
import { modelState, readTensors, writeTensors, type ModelState } from './model-state.js';
import { ROWS, type Exchange } from './shared-state.js';
import { participatingWorkers, sliceOfBatch } from './slices.js';
import { SharedBatchReducer } from './batch-reducer.js';
import { ReplayedUniforms } from './dropout-uniforms.js';

/**
 * The kernels every slice computes with, on any thread: the run's provider on one thread (never simd's
 * kernel threads, whose split sums a filter gradient in another order), so a slice's bits do not depend
 * on which thread computed it.
 */
export function sliceKernels(provider: ProviderName): Promise<Kernels> {
  return selectKernels(provider, { simdThreads: 1 });
}

export class SliceReplica {
  private readonly model: Model;
  private readonly state: ModelState;
  private readonly reducer: SharedBatchReducer;
  private readonly tensors = new Map<number, { x: Tensor; y: Tensor }>();

  /** `index` is the slice this replica computes, 0…threads−1; `label` names it in errors. */
  constructor(private readonly modelSpec: ModelSpec, kernels: Kernels, private readonly exchange: Exchange, private readonly index: number, label: string) {
    this.model = Model.build(modelSpec, { kernels, dtype: 'float32' });
    this.state = modelState(this.model);
    const { parameterValues, bufferValues, featureSize } = exchange.sizes;
    if (this.state.parameterValues !== parameterValues || this.state.bufferValues !== bufferValues) {
      throw new Error(
        `${label}: the model has ${this.state.parameterValues} parameter and ${this.state.bufferValues} buffer values; ` +
          `the executor expects ${parameterValues} and ${bufferValues}`,
      );
    }
    if (shapeSize(modelSpec.inputShape) !== featureSize) throw new Error(`${label}: input shape does not hold ${featureSize} values`);
    this.reducer = new SharedBatchReducer(exchange, index);
  }

  /** Computes this replica's slice of the step the exchange holds now into its slot (nothing for an empty slice). */
  computeSlice(): void {
    const { exchange, state, index } = this;
    const { threads, featureSize, classes, dropoutUnits } = exchange.sizes;
    const rows = exchange.control[ROWS]!;
    const slice = sliceOfBatch(rows, threads, index);
    if (slice.size === 0) return;
    readTensors(state.buffers, exchange.weights, readTensors(state.values, exchange.weights, 0));
    const { x, y } = this.tensorsFor(slice.size);
    x.data.set(exchange.inputs.subarray(slice.start * featureSize, (slice.start + slice.size) * featureSize));
    y.data.set(exchange.targets.subarray(slice.start * classes, (slice.start + slice.size) * classes));
    this.reducer.begin(rows, participatingWorkers(rows, threads));
    const rng = new ReplayedUniforms(exchange.uniforms.subarray(slice.start * dropoutUnits, (slice.start + slice.size) * dropoutUnits));
    const result = computeBatchGradients(this.model, x, y, { rng, batchStatistics: this.reducer });
    rng.expectAllDrawn(slice.size);
    const slot = index * exchange.slotValues;
    writeTensors(state.buffers, exchange.slots, writeTensors(state.grads, exchange.slots, slot));
    exchange.stats[2 * index] = result.loss;
    exchange.stats[2 * index + 1] = result.accuracy;
  }

  private tensorsFor(rows: number): { x: Tensor; y: Tensor } {
    let pair = this.tensors.get(rows);
    if (!pair) {
      pair = { x: Tensor.zeros([rows, ...this.modelSpec.inputShape]), y: Tensor.zeros([rows, this.exchange.sizes.classes]) };
      this.tensors.set(rows, pair);
    }
    return pair;
  }
}
