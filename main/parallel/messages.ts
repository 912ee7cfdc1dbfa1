/**
 * What the main thread hands each worker at start (workerData) and the few messages a worker posts back:
 * `ready` once its model is built and warmed up, `done` with its final weights, `error` if it failed.
 * Steps themselves send no message: they go through the shared buffers (shared-state.ts).
 */
import type { ProviderName } from '@backprop-lab/core';
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import type { SharedBuffers } from './shared-state.js';

export interface WorkerSetup {
  worker: number;
  workers: number;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  provider: 'auto' | ProviderName;
  classes: number;
  count: number;
  steps: number;
  stepsPerEpoch: number;
  parameterCount: number;
  /** One untimed throwaway step first, so kernel start-up (WASM compilation) is not timed. */
  warmUp: boolean;
  buffers: SharedBuffers;
}

export type WorkerMessage =
  | { type: 'ready'; worker: number; provider: string }
  /** `barrierWaitSeconds`: time this worker spent waiting for the others (load imbalance, descheduling). */
  | { type: 'done'; worker: number; state: Record<string, { shape: number[]; data: Float32Array }>; barrierWaitSeconds: number }
  /** `aborted`: this worker stopped because another one failed (that one reports the cause). */
  | { type: 'error'; worker: number; message: string; stack?: string; aborted: boolean };
