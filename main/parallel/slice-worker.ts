/**
 * One worker thread of the executor: a replica of the model (slice-replica.ts) that computes its slice of
 * every batch. Each step:
 *
 *   wait until GENERATION moves             (the main thread has written θ, the batch and its size m)
 *   compute slice k into slot k             (slice-replica.ts)
 *   DONE += 1
 */
import type { WorkerMessage, WorkerSetup } from './messages.js';
import { Command, COMMAND, DONE, exchangeOf, GENERATION } from './shared-state.js';
import { SliceReplica, sliceKernels } from './slice-replica.js';

export async function serveSlices(setup: WorkerSetup, post: (message: WorkerMessage) => void): Promise<void> {
  const { index } = setup;
  const exchange = exchangeOf(setup.exchange);
  const kernels = await sliceKernels(setup.provider);
  const replica = new SliceReplica(setup.modelSpec, kernels, exchange, index, `worker ${index}`);

  // Read before `ready`: once every worker is ready the main thread may start the first step at once.
  let seen = Atomics.load(exchange.control, GENERATION);
  post({ type: 'ready', index, provider: kernels.name });
  for (;;) {
    Atomics.wait(exchange.control, GENERATION, seen);
    seen = Atomics.load(exchange.control, GENERATION);
    if (Atomics.load(exchange.control, COMMAND) === Command.Close) return;
    replica.computeSlice();
    Atomics.add(exchange.control, DONE, 1);
    Atomics.notify(exchange.control, DONE);
  }
}
