/**
 * Synchronised BatchNorm's sums across the workers (core's BatchReducer over the shared exchange). Worker
 * k of the P workers whose slices hold rows writes its partial sums into its part of `partials`, waits at
 * a barrier until all P have, then adds the P parts up in float64 in slice order k = 0…P−1 from 0, so
 * every worker gets the same batch sums whatever order they arrived in.
 *
 * Consecutive reductions use the two halves of `partials` in turn: a worker that has passed barrier i and
 * writes for reduction i + 1 cannot touch the half a slower worker may still be reading for reduction i,
 * and it cannot reach reduction i + 2 (that half again) before every worker has arrived at i + 1, which
 * each does only after reading i.
 *
 * The barrier waits in slices of BARRIER_CHECK_MS and leaves with an error saying which, when the main
 * thread has asked the workers to close or set ABORT (another worker failed), so a dead worker never
 * blocks the others. With both set it names the close: nobody waits for the step once the executor is
 * closed, whatever failed before.
 */
import type { BatchReducer } from '@backprop-lab/core';
import { ABORT, ARRIVED, BARRIER, Command, COMMAND, type Exchange } from './shared-state.js';

const BARRIER_CHECK_MS = 200;

export class SharedBatchReducer implements BatchReducer {
  batchRows = 0;
  private participants = 0;
  private reductions = 0;

  constructor(private readonly exchange: Exchange, private readonly index: number) {}

  /** Starts a step of a batch of m rows computed by `participants` workers (those with rows). */
  begin(batchRows: number, participants: number): void {
    this.batchRows = batchRows;
    this.participants = participants;
    this.reductions = 0;
  }

  sum(partials: Float64Array): void {
    const { partials: shared, partialValues, sizes } = this.exchange;
    if (partials.length > partialValues) throw new Error(`executor: ${partials.length} BatchNorm sums; the exchange holds ${partialValues} per worker`);
    const half = (this.reductions++ % 2) * sizes.threads * partialValues;
    shared.set(partials, half + this.index * partialValues);
    arriveAndWait(this.exchange.control, this.participants);
    for (let i = 0; i < partials.length; i++) {
      let sum = 0;
      for (let k = 0; k < this.participants; k++) sum += shared[half + k * partialValues + i]!;
      partials[i] = sum;
    }
  }
}

/** Returns once `participants` workers have arrived (this one included). */
function arriveAndWait(control: Int32Array, participants: number): void {
  const generation = Atomics.load(control, BARRIER);
  if (Atomics.add(control, ARRIVED, 1) === participants - 1) {
    Atomics.store(control, ARRIVED, 0);
    Atomics.add(control, BARRIER, 1);
    Atomics.notify(control, BARRIER);
    return;
  }
  while (Atomics.load(control, BARRIER) === generation) {
    const reason = abandonment(control);
    if (reason) throw new Error(`executor: the step was abandoned while this worker waited for the others at BatchNorm's barrier (${reason})`);
    Atomics.wait(control, BARRIER, generation, BARRIER_CHECK_MS);
  }
}

/** Why a worker waiting at the barrier must leave it, or null while it should keep waiting. */
function abandonment(control: Int32Array): string | null {
  if (Atomics.load(control, COMMAND) === Command.Close) return 'the executor was closed';
  if (Atomics.load(control, ABORT) !== 0) return 'another worker thread failed';
  return null;
}
