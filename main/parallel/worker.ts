/**
 * The executor's worker thread (started through worker-bootstrap.mjs): serves slices with the setup it
 * was given and reports a failure to the main thread before it ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage, WorkerSetup } from './messages.js';
import { serveSlices } from './slice-worker.js';

const setup = workerData as WorkerSetup;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

serveSlices(setup, post).catch((error: unknown) => {
  post({ type: 'error', index: setup.index, message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
