/**
 * What the executor hands each worker at start (workerData) and the two messages a worker posts back:
 * `ready` once its replica is built, `error` if it failed. Steps send no message: they go through the
 * shared exchange (shared-state.ts).
 */
import type { ModelSpec, ProviderName } from '@backprop-lab/core';
import type { ExchangeBuffers } from './shared-state.js';

export interface WorkerSetup {
  /** This worker's slice index, 0…threads−1. */
  index: number;
  modelSpec: ModelSpec;
  /** The provider the run's own kernels resolved to (never 'auto': the workers must not measure again). */
  provider: ProviderName;
  exchange: ExchangeBuffers;
}

export type WorkerMessage =
  | { type: 'ready'; index: number; provider: string }
  | { type: 'error'; index: number; message: string };
