/**
 * Test support: the real EngineService on a real backend over `dataDir`, recording every pushed event,
 * with `done()` resolving on the next run's `training.done`.
 */
import type { EventName, EventPayload } from '../../contract/index.js';
import { createBackend } from './backend.js';
import { EngineService } from './service.js';

export async function recordingEngine(dataDir: string) {
  const events: Array<{ event: EventName; payload: unknown }> = [];
  let onDone: ((payload: EventPayload<'training.done'>) => void) | undefined;
  const service = new EngineService(await createBackend({ dataDir }), (event, payload) => {
    events.push({ event, payload });
    if (event === 'training.done') onDone?.(payload as EventPayload<'training.done'>);
  });
  /** Resolves with the next run's `training.done`. */
  const done = () => new Promise<EventPayload<'training.done'>>((resolve) => (onDone = resolve));
  return { service, events, done };
}
