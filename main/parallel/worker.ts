/**
 * The worker thread of data-parallel training (started through worker-bootstrap.mjs): runs its replica
 * with the setup it was given and reports failures to the main thread, aborting the shared barrier first
 * so the other workers stop instead of waiting for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Barrier, BarrierAbortedError } from './barrier.js';
import type { WorkerMessage, WorkerSetup } from './messages.js';
import { runReplica } from './replica.js';

const setup = workerData as WorkerSetup;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

runReplica(setup, post).catch((error: unknown) => {
  Barrier.abort(new Int32Array(setup.buffers.control));
  const message = error instanceof Error ? error.message : String(error);
  const aborted = error instanceof BarrierAbortedError;
  post({ type: 'error', worker: setup.worker, message, stack: error instanceof Error ? error.stack : undefined, aborted });
});
