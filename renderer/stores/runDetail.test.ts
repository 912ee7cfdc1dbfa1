/**
 * The detail store on the real EngineService in memory: the answer for a run no longer open never
 * replaces the open one, a rename the engine refuses keeps the name and says why, and a rename made
 * elsewhere (another window) arrives through training.status.
 */
import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createInMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';
import { useRunDetailStore } from './runDetail';

async function setUp() {
  const stand = createStandInBackend();
  const lab = createInMemoryLab(stand.backend);
  const first = await lab.service.call('runs.start', { preset: 'tiny', name: 'first' });
  const second = await lab.service.call('runs.start', { preset: 'tiny', name: 'second' });
  provideLab(lab.api);
  setActivePinia(createPinia());
  return { lab, first, second, store: useRunDetailStore() };
}

describe('useRunDetailStore', () => {
  it('drops the answer for a run that is no longer open', async () => {
    const { lab, first, second, store } = await setUp();
    const release = lab.holdNext('runs.get');
    const slow = store.open(first.id);
    await store.open(second.id);
    await release();
    await slow;
    expect(store.detail?.name).toBe('second');
  });

  it('keeps the name when the engine refuses one, and hears a rename made elsewhere', async () => {
    const { lab, first, store } = await setUp();
    await store.open(first.id);
    expect(await store.rename('')).toBe(false);
    expect(store.error).toContain('a run name cannot be empty');
    expect(store.detail?.name).toBe('first');
    await lab.api.runs.rename(first.id, 'renamed in another window');
    expect(store.detail?.name).toBe('renamed in another window');
    expect(store.detail?.status).toBe('running');
  });
});
