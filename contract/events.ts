/**
 * Every event the engine (or its host) pushes: its name and payload schema. Iteration events are
 * throttled by the training loop; the others are sent once each.
 */
import { z } from 'zod';
import { engineStatus, epochPoint, iterationPoint, runSummary } from './records.js';
import { experimentEvents } from './experiments.js';
import { fineTuneEvents } from './handwriting-finetune.js';
import { errorBody } from './errors.js';

export const events = {
  'training.iteration': iterationPoint.extend({ runId: z.string(), iterationsPerEpoch: z.number().int() }),
  'training.epoch': epochPoint.extend({ runId: z.string(), epochs: z.number().int() }),
  /** A run changed status (started, paused, resumed, stopped, interrupted). */
  'training.status': z.object({ run: runSummary }),
  'training.done': z.object({
    run: runSummary,
    modelId: z.string().optional(),
    testAccuracy: z.number().optional(),
    testLoss: z.number().optional(),
  }),
  /** A run failed: its error as data (code, params, layer index) beside the English message. */
  'training.error': errorBody.extend({ runId: z.string() }),
  'engine.status': engineStatus,
  ...experimentEvents,
  ...fineTuneEvents,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
