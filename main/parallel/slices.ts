/**
 * How one mini-batch of m rows is split across N workers: worker k takes rows [start_k, start_k + m_k)
 * with m_k = ⌊m/N⌋ or ⌈m/N⌉ (the first m mod N workers take one more), so the sizes differ by at most 1.
 *
 * The loss is a batch mean, so the full batch's gradient is the slices' mean gradients weighted by their
 * share of the batch:  ∇J = (1/m) Σ_i ∇ℓ_i = Σ_k (m_k/m) · ∇J_k,  with ∇J_k = (1/m_k) Σ_{i ∈ slice k} ∇ℓ_i.
 * The same weights combine the slices' mean losses and accuracies.
 */

export interface BatchSlice {
  /** First row of the batch this worker takes. */
  start: number;
  /** Rows it takes (0 when the batch has fewer rows than there are workers). */
  size: number;
  /** m_k / m: this slice's share of the batch. */
  weight: number;
}

export function sliceOfBatch(batchRows: number, workers: number, worker: number): BatchSlice {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`worker count ${workers} must be a positive integer`);
  if (!(Number.isInteger(worker) && worker >= 0 && worker < workers)) throw new Error(`worker ${worker} is not one of 0…${workers - 1}`);
  if (!(Number.isInteger(batchRows) && batchRows >= 1)) throw new Error(`batch of ${batchRows} rows must have at least one row`);
  const base = Math.floor(batchRows / workers);
  const extra = batchRows % workers;
  const size = base + (worker < extra ? 1 : 0);
  const start = worker * base + Math.min(worker, extra);
  return { start, size, weight: size / batchRows };
}

/**
 * The workers whose slices hold rows (the first min(m, N)): they alone compute the step, so they alone
 * meet at BatchNorm's barrier.
 */
export function participatingWorkers(batchRows: number, workers: number): number {
  return slicesOfBatch(batchRows, workers).filter((slice) => slice.size > 0).length;
}

/** Every worker's slice of a batch, in worker order. */
export function slicesOfBatch(batchRows: number, workers: number): BatchSlice[] {
  return Array.from({ length: workers }, (_, worker) => sliceOfBatch(batchRows, workers, worker));
}
