// @vitest-environment happy-dom
/**
 * The Draw view's fine-tune panel against the fake engine (fake-handwriting.ts: a fine-tune holds out the
 * last sample of each class and reads a sample as its count of pixels above ½, mod 10); the run's events
 * are pushed here as the engine would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import DrawView from './DrawView.vue';
import { createFakeLab, type FakeLab } from '../api/fake';
import { mnistConfusion } from '../api/fake-handwriting';
import { provideLab } from '../api';
import { FINE_TUNE_SETTINGS } from '../../contract/index.js';
import { useDrawStore } from '../stores/draw';
import { useHandwritingStore } from '../stores/handwriting';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

/** A sample with `ink` pixels at 1: the fake reads it as ink mod 10. */
const pixels = (ink: number) => Array.from({ length: 784 }, (_, i) => (i < ink ? 1 : 0));

async function mountWithSamples(samples: Array<{ label: number; ink: number }>): Promise<{ wrapper: VueWrapper; lab: FakeLab }> {
  const lab = createFakeLab();
  provideLab(lab.api);
  for (const { label, ink } of samples) await lab.api.handwriting.add({ label, pixels: pixels(ink), strokes: null });
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(DrawView, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  await useHandwritingStore().refresh();
  await flushPromises();
  return { wrapper, lab };
}

const mnist = { count: 10_000, accuracy: 0.99, perClass: new Array(10).fill(0.99), confusion: mnistConfusion() };
const cells = (wrapper: VueWrapper, row: string) => wrapper.get(`[data-testid="finetune-${row}"]`).findAll('td').map((c) => c.text());

describe('fine-tuning from the Draw view', () => {
  it('sends the model on the pad with the contract\'s default settings and shows "before" on the held-out digits', async () => {
    // Two 7s read as 7 (ink 7, 17), then one read as 3 (ink 13): the last is held out. Two 2s, the last read as 2.
    const { wrapper, lab } = await mountWithSamples([{ label: 7, ink: 7 }, { label: 7, ink: 17 }, { label: 7, ink: 13 }, { label: 2, ink: 5 }, { label: 2, ink: 12 }]);
    const draw = useDrawStore();
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await flushPromises();
    const defaults = Object.fromEntries(Object.entries(FINE_TUNE_SETTINGS).map(([key, rule]) => [key, rule.default]));
    expect(lab.callsOf('handwriting.finetune')).toEqual([{ modelId: draw.modelId, seed: 1, ...defaults }]);
    expect(wrapper.get('[data-testid="finetune-counts"]').text()).toContain('3 of your digits and 3 MNIST images train; 2 of your digits are held out.');
    const before = cells(wrapper, 'personal-before');
    expect(before[2]).toBe('100.00%');
    expect(before[7]).toBe('0.00%');
    expect(before[0]).toBe('—');
    expect(before[10]).toBe('50.00%');
    expect(wrapper.find('[data-testid="finetune-personal-after"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="finetune-start"]').attributes('disabled')).toBeDefined();
  });

  it('follows the run\'s epochs, shows "after" beside "before", and puts the new model on the pad on request', async () => {
    const { wrapper, lab } = await mountWithSamples([{ label: 7, ink: 7 }, { label: 7, ink: 17 }, { label: 7, ink: 13 }]);
    await wrapper.get('[data-testid="finetune-epochs"]').setValue('2');
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await flushPromises();
    const runId = (await lab.api.handwriting.fineTune({ modelId: 'bundled/seed-mlp' })).runId;
    lab.emit('handwriting.finetune', { runId, state: 'epoch', epoch: 1, epochs: 2 });
    await flushPromises();
    expect(wrapper.get('[data-testid="finetune-progress"]').text()).toBe('Epoch 1 of 2');
    const personal = { count: 1, accuracy: 1, perClass: [null, null, null, null, null, null, null, 1, null, null], confusion: [] };
    lab.emit('handwriting.finetune', { runId, state: 'done', epoch: 2, epochs: 2, modelId: 'user/tuned', modelName: 'seed-mlp · handwriting', after: { personal, mnist: { ...mnist, accuracy: 0.985 } } });
    await flushPromises();
    expect(cells(wrapper, 'personal-after')[7]).toBe('100.00%');
    expect(cells(wrapper, 'personal-before')[7]).toBe('0.00%');
    expect(cells(wrapper, 'mnist-after')[10]).toBe('98.50%');
    expect(wrapper.get('[data-testid="finetune-done"]').text()).toContain('New model: seed-mlp · handwriting');
    await wrapper.get('[data-testid="finetune-use"]').trigger('click');
    await flushPromises();
    expect(useDrawStore().modelId).toBe('user/tuned');
    expect(wrapper.get('[data-testid="finetune-use"]').text()).toBe('On the pad');
  });

  it('an epoch count out of range is named next to its field and holds the start until it is right', async () => {
    const { wrapper, lab } = await mountWithSamples([{ label: 1, ink: 1 }, { label: 1, ink: 11 }, { label: 1, ink: 21 }]);
    await wrapper.get('[data-testid="finetune-epochs"]').setValue('500');
    expect(wrapper.get('[data-testid="finetune-epochs-problem"]').text()).toContain(String(FINE_TUNE_SETTINGS.epochs.max));
    expect(wrapper.get('[data-testid="finetune-start"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="finetune-epochs"]').setValue('3');
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await flushPromises();
    expect((lab.callsOf('handwriting.finetune')[0] as { epochs: number }).epochs).toBe(3);
  });

  it('says why the engine refused', async () => {
    const { wrapper, lab } = await mountWithSamples([{ label: 1, ink: 1 }]);
    lab.handle('handwriting.finetune', () => {
      throw new Error('Too few digits of class 1 (1: 1): fine-tuning holds part of each class out for evaluation, so every class you drew needs at least 3');
    });
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="finetune-error"]').text()).toContain('Too few digits of class 1');
  });
});
