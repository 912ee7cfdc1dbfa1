/**
 * The loop's events (core/train/events.ts), once main/runs has recorded them, as the contract's pushed
 * events: `training.iteration` and `training.epoch` carry the points metrics.jsonl holds
 * (main/runs/metric-points.ts) plus the run's id and the epoch's length. Other events (checkpoint, early
 * stop, divergence) reach the client through the run's record and `training.done` instead.
 */
import type { TrainEvent } from '@backprop-lab/core';
import type { EventPayload } from '../../contract/index.js';
import { epochPointOf, iterationPointOf } from '../runs/index.js';

export type PushedRunEvent =
  | { event: 'training.iteration'; payload: EventPayload<'training.iteration'> }
  | { event: 'training.epoch'; payload: EventPayload<'training.epoch'> };

/** The pushed event of one loop event, or null for those the client learns from the run's record. */
export function pushedEventOf(runId: string, event: TrainEvent): PushedRunEvent | null {
  if (event.type === 'iteration') {
    return { event: 'training.iteration', payload: { runId, ...iterationPointOf(event), iterationsPerEpoch: event.iterationsPerEpoch } };
  }
  if (event.type === 'epoch') return { event: 'training.epoch', payload: { runId, ...epochPointOf(event), epochs: event.epochs } };
  return null;
}
