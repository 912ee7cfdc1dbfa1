// @vitest-environment happy-dom
/**
 * The Models view's insight panel, against the fake engine's published MNIST story (fake-handwriting.ts):
 * 1000 test digits per class in order, digits 1000·k … 1000·k + 9 read as k + 1, the rest right.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import ModelsView from './ModelsView.vue';
import { mountOnFakeLab } from './mount-on-fake-lab.testing';
import { type FakeLab } from '../api/fake';
import { CELL_DIGITS, MISREAD_DIGITS } from '../stores/insight';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

async function openInsight(): Promise<{ wrapper: VueWrapper; lab: FakeLab }> {
  const mounted = await mountOnFakeLab(ModelsView);
  const { lab } = mounted;
  wrapper = mounted.wrapper;
  await wrapper.get('[data-testid="model-row"][data-model-id="bundled/seed-mlp"] [data-testid="model-details"]').trigger('click');
  await flushPromises();
  await wrapper.get('[data-testid="insight-load"]').trigger('click');
  await flushPromises();
  return { wrapper, lab };
}

describe('model insight in the Models view', () => {
  it('asks the engine for the model\'s MNIST figures only when asked, and says the accuracy', async () => {
    const { wrapper, lab } = await openInsight();
    expect(lab.callsOf('insight.mnist')).toEqual([{ modelId: 'bundled/seed-mlp' }]);
    expect(wrapper.get('[data-testid="insight-accuracy"]').text()).toBe('99.00% of 10,000 test digits read correctly; 100 misread.');
    expect(wrapper.get('[data-testid="cell-3-3"]').text()).toBe('990');
    expect(wrapper.get('[data-testid="cell-3-4"]').text()).toBe('10');
    expect(wrapper.get('[data-testid="cell-3-5"]').text()).toBe('');
  });

  it('a click on an off-diagonal cell shows exactly the digits of that cell', async () => {
    const { wrapper, lab } = await openInsight();
    await wrapper.get('[data-testid="cell-3-4"]').trigger('click');
    await flushPromises();
    const panel = wrapper.get('[data-testid="cell-digits"]');
    expect(panel.attributes('data-truth')).toBe('3');
    expect(panel.attributes('data-predicted')).toBe('4');
    expect(lab.callsOf('insight.mnistDigits').at(-1)).toEqual({ indices: Array.from({ length: 10 }, (_, j) => 3000 + j) });
    expect(panel.findAll('[data-testid="cell-digit"]').map((d) => Number(d.attributes('data-index')))).toEqual(Array.from({ length: 10 }, (_, j) => 3000 + j));
    expect(panel.text()).toContain('10 of 10 shown.');
  });

  it('a diagonal cell shows its first digits, as many as the panel holds, and says how many there are', async () => {
    const { wrapper } = await openInsight();
    await wrapper.get('[data-testid="cell-2-2"]').trigger('click');
    await flushPromises();
    const indices = wrapper.findAll('[data-testid="cell-digit"]').map((d) => Number(d.attributes('data-index')));
    // Digits 2000…2009 are misread, so the class's correct ones start at 2010.
    expect(indices).toEqual(Array.from({ length: CELL_DIGITS }, (_, j) => 2010 + j));
    expect(wrapper.get('[data-testid="cell-digits"]').text()).toContain(`${CELL_DIGITS} of 990 shown.`);
  });

  it('the misread gallery gives true class, predicted class and confidence, most confident first', async () => {
    const { wrapper } = await openInsight();
    const figures = wrapper.findAll('[data-testid="misread-digit"]');
    expect(figures).toHaveLength(MISREAD_DIGITS);
    expect(figures[0]!.attributes('data-index')).toBe('0');
    expect(figures[0]!.text()).toBe('0 → 1 (90.00%)');
    // The 12th misread digit is 1000·1 + 1 (class 1, read as 2), confidence 0.9 − 11/1000.
    expect(figures[11]!.attributes('data-index')).toBe('1001');
    expect(figures[11]!.text()).toBe('1 → 2 (88.90%)');
  });

  it('draws one histogram per weight tensor with its count, mean and standard deviation', async () => {
    const { wrapper } = await openInsight();
    const histograms = wrapper.findAll('[data-testid="weight-histogram"]');
    expect(histograms.map((h) => h.attributes('data-name'))).toEqual(['layers.0.weight']);
    expect(histograms[0]!.text()).toContain('6 weights · mean 0 · std 1');
  });
});
