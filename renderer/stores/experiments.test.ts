/**
 * A quick experiment can finish before the answer to `experiments.run` reaches the page: its events must
 * not be lost (the page would show "running" for ever, with Stop enabled).
 */
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../contract/index.js';
import { provideLab } from '../api';
import { useExperimentsStore } from './experiments';

describe('experiments store', () => {
  it('applies a job’s done event that arrives before the run answer', async () => {
    const handlers = new Map<string, (payload: unknown) => void>();
    const outcome = { result: { figures: [], tables: [], values: {} } };
    const lab = {
      on: (event: string, handler: (payload: unknown) => void) => {
        handlers.set(event, handler);
        return () => handlers.delete(event);
      },
      experiments: {
        list: async () => [],
        run: async () => {
          handlers.get('experiment.progress')!({ jobId: 'job-1', fraction: 1 });
          handlers.get('experiment.done')!({ jobId: 'job-1', outcome });
          return { jobId: 'job-1' };
        },
        stop: async () => ({ ok: true }),
      },
    } as unknown as LabApi;
    provideLab(lab);
    setActivePinia(createPinia());
    const store = useExperimentsStore();
    await store.run('convolution');
    const state = store.stateOf('convolution');
    expect(state.jobId).toBeNull();
    expect(state.fraction).toBe(1);
    expect(state.outcome).toEqual(outcome);
  });
});
