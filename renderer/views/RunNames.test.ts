// @vitest-environment happy-dom
/**
 * The run list words the names the engine made in the language shown, and shows a typed name as typed:
 * runs started on the real EngineService (in memory, stand-in preset `tiny`), the Runs view mounted in
 * zh-CN and in English. Expected strings are written by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import RunsView from './RunsView.vue';
import { createInMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';
import type { Locale } from '../i18n/index.js';
import { mountInLocale } from '../testing/i18n.testing';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
});

async function runsIn(locale: Locale) {
  const lab = createInMemoryLab(createStandInBackend().backend);
  const named = await lab.service.call('runs.start', { preset: 'tiny', overrides: { epochs: 1, batchSize: 4 } });
  const typed = await lab.service.call('runs.start', { preset: 'tiny', name: 'on fives' });
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  mountInLocale(locale);
  wrapper = mount(RunsView, { global: { plugins: [pinia] } });
  await flushPromises();
  const nameOf = (id: string) => wrapper!.get(`[data-testid="run-row"][data-run-id="${id}"] [data-testid="open-run"]`).text();
  return { lab, named, typed, nameOf };
}

describe('run names in the run list', () => {
  it('zh-CN: the engine-made name in the course’s terms, the typed one as typed', async () => {
    const { named, typed, nameOf } = await runsIn('zh-CN');
    expect(nameOf(named.id)).toBe('tiny · 轮数=1 · 批大小=4');
    expect(nameOf(typed.id)).toBe('on fives');
  });

  it('English: the name as the engine stores it', async () => {
    const { named, nameOf } = await runsIn('en');
    expect(nameOf(named.id)).toBe('tiny · epochs=1 · batch=4');
  });

  it('zh-CN: once renamed, the run reads as the name typed', async () => {
    const { lab, named, nameOf } = await runsIn('zh-CN');
    await lab.service.call('runs.rename', { id: named.id, name: '一轮试试' });
    await flushPromises();
    expect(nameOf(named.id)).toBe('一轮试试');
  });
});
