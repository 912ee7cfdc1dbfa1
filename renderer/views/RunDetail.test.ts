// @vitest-environment happy-dom
/**
 * A run's detail page (`#/runs/<id>`) on the real EngineService in memory: its settings grouped as the
 * Train form, the final evaluation and the model it made, its curves (growing while it trains), its
 * checkpoints, and renaming it, which every list of runs then shows (issue 13, items 11 and 12).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import RunsView from './RunsView.vue';
import CurveChart from '../components/charts/CurveChart.vue';
import { createInMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';
import { useDrawStore } from '../stores/draw';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  window.location.hash = '';
});

const iteration = (step: number, loss: number) => ({
  epoch: 1, iteration: step, step, iterationsPerEpoch: 4, loss, accuracy: 0.5, learningRate: 0.1, samplesPerSecond: 8,
});

/** A finished run of the stand-in preset (one epoch of 4 iterations, its model 'bundled:tiny') and a running one. */
async function mountOn(hash: (ids: { done: string; running: string }) => string) {
  const stand = createStandInBackend();
  const lab = createInMemoryLab(stand.backend);
  const done = await lab.service.call('runs.start', { preset: 'tiny', name: 'tiny · sgd', overrides: { epochs: 1, optimizer: { type: 'momentum', lr: 0.05, alpha: 0.9 } }, dataset: { source: 'mnist', trainLimit: 100 } });
  for (const [step, loss] of [[1, 1.2], [2, 1.0], [3, 0.8], [4, 0.6]] as const) stand.trainings[0]!.iterate(iteration(step, loss));
  stand.trainings[0]!.epoch({ epoch: 1, epochs: 1, trainLoss: 0.7, trainAccuracy: 0.6, validationLoss: 0.75, validationAccuracy: 0.55, elapsedMs: 500 });
  stand.trainings[0]!.finish({ reason: 'completed', modelId: 'bundled:tiny', testAccuracy: 0.7 });
  const running = await lab.service.call('runs.start', { preset: 'tiny', name: 'still going' });
  await flushPromises();
  window.location.hash = hash({ done: done.id, running: running.id });
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(RunsView, { global: { plugins: [pinia] } });
  await flushPromises();
  return { wrapper, lab, stand, done, running };
}

const chart = (w: VueWrapper, id: string) => w.findAllComponents(CurveChart).find((c) => c.attributes('data-testid') === id)!;
const pointsOf = (w: VueWrapper, id: string) => (chart(w, id).props('curves') as Array<{ points: Array<[number, number]> }>)[0]!.points;
const text = (w: VueWrapper, testid: string) => w.get(`[data-testid="${testid}"]`).text();

describe('run detail page', () => {
  it('shows the run’s settings, final evaluation, model and curves', async () => {
    const { wrapper, done } = await mountOn(({ done }) => `#/runs/${done}`);
    expect(wrapper.get('[data-testid="run-detail"]').attributes('data-run-id')).toBe(done.id);
    expect(text(wrapper, 'run-name')).toBe('tiny · sgd');
    expect(text(wrapper, 'run-detail-status')).toBe('completed');
    expect(text(wrapper, 'eval-test-accuracy')).toBe('70.00%');
    expect(text(wrapper, 'eval-validation-accuracy')).toBe('55.00%');
    expect(text(wrapper, 'eval-train-loss')).toBe('0.7');
    expect(text(wrapper, 'run-model-name')).toBe('tiny');
    // The settings it ran with, in the Train form's words: the overridden optimizer, the preset's layer.
    const optimizer = wrapper.get('[data-group="optimizer"]').text();
    expect(optimizer).toContain('Momentum');
    expect(optimizer).toContain('Learning rate η0.05');
    expect(optimizer).toContain('α0.9');
    expect(wrapper.get('[data-group="architecture"]').text()).toContain('dense · units 3');
    expect(wrapper.get('[data-group="data"]').text()).toContain('MNIST (bundled)Training images100');
    expect(wrapper.get('[data-group="executor"]').text()).toContain('Threads per step1');
    expect(wrapper.get('[data-group="start"]').text()).toContain('a fresh seeded initialisation');
    // Per iteration against iterations; per epoch against epochs.
    expect(pointsOf(wrapper, 'detail-iteration')).toEqual([[1, 1.2], [2, 1.0], [3, 0.8], [4, 0.6]]);
    expect(pointsOf(wrapper, 'detail-epoch')).toEqual([[1, 0.55]]);
    // Smoothing 0.5, the bias-corrected EMA mᵢ = 0.5·mᵢ₋₁ + 0.5·yᵢ, ŷᵢ = mᵢ / (1 − 0.5ⁱ), by hand:
    await wrapper.get('[data-testid="detail-iteration-smoothing"]').setValue('0.5');
    const smoothed = pointsOf(wrapper, 'detail-iteration').map(([, y]) => y);
    // m₁ = 0.6, m₂ = 0.3 + 0.5 = 0.8, m₃ = 0.4 + 0.4 = 0.8, m₄ = 0.4 + 0.3 = 0.7; ŷ = m / (1 − 0.5ⁱ).
    expect(smoothed.map((y) => Number(y.toFixed(10)))).toEqual([1.2, Number((0.8 / 0.75).toFixed(10)), Number((0.8 / 0.875).toFixed(10)), Number((0.7 / 0.9375).toFixed(10))]);
    // Against seconds: each iteration took 2 samples / 8 per second = 0.25 s.
    await wrapper.get('[data-testid="detail-iteration-axis"]').setValue('time');
    expect(pointsOf(wrapper, 'detail-iteration').map(([x]) => x)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(wrapper.find('[data-testid="run-no-checkpoints"]').exists()).toBe(true);
  });

  it('opens from the list and goes back; the model link puts the model on the Draw pad', async () => {
    const { wrapper, done } = await mountOn(() => '#/runs');
    await wrapper.get(`[data-testid="run-row"][data-run-id="${done.id}"] [data-testid="open-run"]`).trigger('click');
    await flushPromises();
    expect(window.location.hash).toBe(`#/runs/${done.id}`);
    expect(text(wrapper, 'run-name')).toBe('tiny · sgd');
    await wrapper.get('[data-testid="run-model-draw"]').trigger('click');
    expect(useDrawStore().modelId).toBe('bundled:tiny');
    expect(wrapper.emitted('navigate')).toEqual([['draw']]);
    await wrapper.get('[data-testid="run-detail-back"]').trigger('click');
    await flushPromises();
    expect(window.location.hash).toBe('#/runs');
    expect(wrapper.findAll('[data-testid="run-row"]').length).toBe(2);
  });

  it('renames the run: stored by the engine, shown on the page and in the list; an empty name cannot be saved', async () => {
    const { wrapper, lab, done } = await mountOn(({ done }) => `#/runs/${done}`);
    await wrapper.get('[data-testid="rename-run"]').trigger('click');
    const input = wrapper.get('[data-testid="run-name-input"]');
    await input.setValue('   ');
    expect(wrapper.find('[data-testid="run-name-problem"]').text()).toBe('A run needs a name.');
    expect(wrapper.get('[data-testid="run-name-save"]').attributes('disabled')).toBeDefined();
    await input.setValue('momentum 0.9, one epoch');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(lab.callsOf('runs.rename')).toEqual([{ id: done.id, name: 'momentum 0.9, one epoch' }]);
    expect(text(wrapper, 'run-name')).toBe('momentum 0.9, one epoch');
    expect((await lab.api.runs.get(done.id)).name).toBe('momentum 0.9, one epoch');
    await wrapper.get('[data-testid="run-detail-back"]').trigger('click');
    await flushPromises();
    expect(wrapper.get(`[data-testid="run-row"][data-run-id="${done.id}"] [data-testid="open-run"]`).text()).toBe('momentum 0.9, one epoch');
  });

  it('a running run’s curves grow with the live events, and its end brings its model', async () => {
    const { wrapper, stand, running } = await mountOn(({ running }) => `#/runs/${running}`);
    expect(text(wrapper, 'run-model-none')).toBe('The model is saved to the library when the run ends.');
    stand.trainings[1]!.iterate(iteration(1, 2.0));
    stand.trainings[1]!.iterate(iteration(2, 1.5));
    await flushPromises();
    expect(pointsOf(wrapper, 'detail-iteration')).toEqual([[1, 2.0], [2, 1.5]]);
    stand.trainings[1]!.finish({ reason: 'stopped', modelId: 'bundled:tiny', testAccuracy: 0.4 });
    await flushPromises();
    expect(text(wrapper, 'run-detail-status')).toBe('stopped');
    expect(text(wrapper, 'eval-test-accuracy')).toBe('40.00%');
    expect(text(wrapper, 'run-model-name')).toBe('tiny');
    expect(running.id).toBeTruthy();
  });
});
