// @vitest-environment happy-dom
/** Experiment 12's panel: the last fine-tune's per-digit figures on the user's held-out digits, 2, 4, 6, 7 marked. */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import HabitsPanel from './HabitsPanel.vue';
import { createFakeLab } from '../../api/fake';
import { provideLab } from '../../api';
import { useFineTuneStore } from '../../stores/fine-tune';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

function mountPanel() {
  provideLab(createFakeLab().api);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(HabitsPanel, { global: { plugins: [pinia] } });
  return wrapper;
}

const figures = (perClass: (number | null)[], accuracy: number) => ({
  personal: { count: 4, accuracy, perClass, confusion: [] }, mnist: { count: 10_000, accuracy: 0.97, perClass: new Array(10).fill(0.97), confusion: [] },
});

describe('handwriting habits: my digits before and after', () => {
  it('says there is no fine-tune yet and links to the Draw view', async () => {
    const panel = mountPanel();
    expect(panel.find('[data-testid="habits-none"]').exists()).toBe(true);
    await panel.get('[data-testid="habits-draw"]').trigger('click');
    expect(panel.emitted('navigate')).toEqual([['draw']]);
  });

  it('shows the last finished fine-tune per digit, the four habit digits marked', async () => {
    const panel = mountPanel();
    const before = [null, null, 0, null, 0.5, null, 0, 1, null, null];
    const after = [null, null, 1, null, 1, null, 1, 1, null, null];
    useFineTuneStore().current = {
      runId: 'r', startModelId: 'bundled:seed-mlp', startModelName: 'seed-mlp', counts: { own: 8, mnist: 8, heldOut: 4 },
      before: figures(before, 0.25), after: figures(after, 1), epoch: 3, epochs: 3, state: 'done', modelId: 'user:r', modelName: 'seed-mlp · handwriting', error: null,
    };
    await flushPromises();
    expect(panel.get('[data-testid="habits-finetune"]').text()).toContain('seed-mlp → seed-mlp · handwriting');
    const cells = (row: string) => panel.get(`[data-testid="finetune-${row}"]`).findAll('td');
    expect(cells('personal-before').map((c) => c.text()).slice(0, 10)).toEqual(['—', '—', '0.00%', '—', '50.00%', '—', '0.00%', '100.00%', '—', '—']);
    expect(cells('personal-after').map((c) => c.text())[2]).toBe('100.00%');
    expect(cells('personal-after').map((c, k) => (c.classes('marked') ? k : -1)).filter((k) => k >= 0)).toEqual([2, 4, 6, 7]);
  });
});
