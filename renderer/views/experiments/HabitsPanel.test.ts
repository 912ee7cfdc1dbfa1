// @vitest-environment happy-dom
/**
 * Experiment 12's panel on the real engine in memory: a fine-tune of the bundled seed-mlp on digits kept
 * in the personal set (its loop driven by the test, its before/after measured by the engine), shown per
 * digit with 2, 4, 6, 7 marked; after an engine restart and a fresh page the panel reads it back from the
 * run, and an earlier fine-tune can be picked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import HabitsPanel from './HabitsPanel.vue';
import { useFineTuneStore } from '../../stores/fine-tune';
import { createLabInMemory, type LabInMemory } from '../../testing/lab-in-memory.testing';
import { mountOnLab } from '../../testing/mount-on-lab.testing';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

/** Three digits each of 2 and 7 (a bar and a block: what they look like does not matter here). */
async function keepDigits(lab: LabInMemory) {
  for (const label of [2, 7]) {
    for (let k = 0; k < 3; k++) {
      const pixels = Array.from({ length: 784 }, (_, i) => ((label === 2 ? i % 28 : Math.floor(i / 28)) === 10 + k ? 255 : 0));
      await lab.api.handwriting.add({ label, pixels, strokes: null });
    }
  }
}

/** A fine-tune started from the panel's store, its one epoch driven, then finished; resolves when the panel has its figures. */
async function fineTune(lab: LabInMemory) {
  const store = useFineTuneStore();
  store.settings.epochs = 1;
  await store.start('bundled:seed-mlp', 'seed-mlp');
  await lab.settle();
  const runId = store.current!.runId!;
  const run = lab.training(runId);
  await run.epoch({ epoch: 1, epochs: 1, trainLoss: 0.5, trainAccuracy: 0.8, elapsedMs: 1000 });
  await run.finish({ reason: 'completed', testAccuracy: 0.9, testLoss: 0.3 });
  await expect.poll(async () => { await lab.settle(); return store.finished[0]?.runId; }, { timeout: 60_000 }).toBe(runId);
  return store.finished[0]!;
}

const cells = (panel: VueWrapper, row: string) => panel.get(`[data-testid="finetune-${row}"]`).findAll('td').map((c) => c.text());
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);

describe('handwriting habits: my digits before and after', () => {
  it('says there is no fine-tune yet and links to the Draw view', async () => {
    ({ wrapper } = await mountOnLab(HabitsPanel));
    expect(wrapper.find('[data-testid="habits-none"]').exists()).toBe(true);
    await wrapper.get('[data-testid="habits-draw"]').trigger('click');
    expect(wrapper.emitted('navigate')).toEqual([['draw']]);
  });

  it('shows a finished fine-tune per digit, 2, 4, 6, 7 marked, and still after an engine restart and a fresh page', async () => {
    const lab = await createLabInMemory();
    await keepDigits(lab);
    ({ wrapper } = await mountOnLab(HabitsPanel, { lab }));
    const first = await fineTune(lab);
    // The engine measured the held-out digits (one of each drawn class): only 2 and 7 have a figure.
    expect(first.before.personal.count).toBe(2);
    expect(wrapper.get('[data-testid="habits-finetune"]').text()).toContain(`seed-mlp → ${first.modelName}`);
    expect(cells(wrapper, 'personal-before')).toEqual([...first.before.personal.perClass.map(percent), percent(first.before.personal.accuracy)]);
    expect(cells(wrapper, 'personal-before').filter((c, k) => k < 10 && c !== '—').length).toBe(2);
    expect(wrapper.get('[data-testid="finetune-personal-after"]').findAll('td').map((c, k) => (c.classes('marked') ? k : -1)).filter((k) => k >= 0)).toEqual([2, 4, 6, 7]);
    const second = await fineTune(lab);
    wrapper.unmount();

    lab.crash();
    await lab.api.engine.restart();
    ({ wrapper } = await mountOnLab(HabitsPanel, { lab }));
    const shown = wrapper.get('[data-testid="habits-finetune"]');
    expect(shown.attributes('data-run-id')).toBe(second.runId);
    expect(cells(wrapper, 'personal-after')).toEqual([...second.after.personal.perClass.map(percent), percent(second.after.personal.accuracy)]);
    const pick = wrapper.get('[data-testid="habits-pick"]');
    expect(pick.findAll('option').map((o) => o.attributes('value'))).toEqual([second.runId, first.runId]);
    await pick.setValue(first.runId);
    expect(wrapper.get('[data-testid="habits-finetune"]').attributes('data-run-id')).toBe(first.runId);
    expect(cells(wrapper, 'personal-before')).toEqual([...first.before.personal.perClass.map(percent), percent(first.before.personal.accuracy)]);
  }, 120_000);

  it('says why when the finished fine-tunes cannot be read', async () => {
    const lab = await createLabInMemory();
    lab.handle('handwriting.finetunes', () => { throw new Error('runs/x/fine-tune.json does not hold a fine-tune\'s figures'); });
    ({ wrapper } = await mountOnLab(HabitsPanel, { lab }));
    expect(wrapper.get('[data-testid="habits-error"]').text()).toContain('fine-tune.json');
    expect(wrapper.find('[data-testid="habits-none"]').exists()).toBe(false);
  });
});
