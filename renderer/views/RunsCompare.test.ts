// @vitest-environment happy-dom
/**
 * The Runs view on the real EngineService (in memory): runs compared on any metric with full names in
 * the legend, a run stopped before its first epoch still drawn, bulk delete, a run opened in Train
 * (defects 1, 6, 12).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import RunsView from './RunsView.vue';
import CurveChart from '../components/charts/CurveChart.vue';
import { createInMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend, standInPreset } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';
import { useTrainingStore } from '../stores/training';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

const iteration = (step: number, loss: number) => ({
  epoch: 1, iteration: step, step, iterationsPerEpoch: 10, loss, accuracy: 0.5, learningRate: 0.1, samplesPerSecond: 100,
});

async function twoRuns() {
  const stand = createStandInBackend();
  const lab = createInMemoryLab(stand.backend);
  const longName = 'tiny · adam lr=0.001 · epochs=3 · batch=2 · a name long enough to be cut by a chart legend';
  const done = await lab.service.call('runs.start', { preset: 'tiny', name: longName, overrides: { epochs: 1 } });
  stand.trainings[0]!.iterate(iteration(5, 1.2));
  stand.trainings[0]!.epoch({ epoch: 1, epochs: 1, trainLoss: 0.9, trainAccuracy: 0.6, validationAccuracy: 0.7, elapsedMs: 50 });
  stand.trainings[0]!.finish({ reason: 'completed', modelId: 'user:a', testAccuracy: 0.7 });
  const stopped = await lab.service.call('runs.start', { preset: 'tiny', name: 'stopped early' });
  stand.trainings[1]!.iterate(iteration(1, 2.3));
  stand.trainings[1]!.iterate(iteration(2, 2.1));
  await lab.service.call('runs.stop', { id: stopped.id });
  await flushPromises();
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(RunsView, { global: { plugins: [pinia] } });
  await flushPromises();
  return { wrapper, lab, stand, done, stopped, longName };
}

const chart = (w: VueWrapper, id: string) => w.findAllComponents(CurveChart).find((c) => c.attributes('data-testid') === id)!;
const rowOf = (w: VueWrapper, id: string) => w.get(`[data-testid="run-row"][data-run-id="${id}"]`);

describe('Runs view: comparison', () => {
  it('a run stopped before its first epoch is drawn per iteration; legends carry the full names', async () => {
    const { wrapper, done, stopped, longName } = await twoRuns();
    await rowOf(wrapper, done.id).get('input[type="checkbox"]').setValue(true);
    await flushPromises();
    await rowOf(wrapper, stopped.id).get('input[type="checkbox"]').setValue(true);
    await flushPromises();
    await wrapper.get('[data-testid="compare-loss-axis"]').setValue('iteration');
    const loss = chart(wrapper, 'compare-loss').props('curves') as Array<{ name: string; points: Array<[number, number]> }>;
    expect(loss.map((c) => c.points)).toEqual([[[5, 1.2]], [[1, 2.3], [2, 2.1]]]);
    expect(wrapper.get('[data-testid="compare-loss-legend"]').text()).toContain(longName);
    expect(chart(wrapper, 'compare-loss').props('hideLegend')).toBe(true);

    // Any metric, against iterations.
    await wrapper.get('[data-testid="compare-accuracy-metric"]').setValue('trainLoss');
    await wrapper.get('[data-testid="compare-accuracy-axis"]').setValue('iteration');
    const trainLoss = chart(wrapper, 'compare-accuracy').props('curves') as Array<{ points: Array<[number, number]> }>;
    // One epoch point at epoch 1; 5 iterations per epoch inferred from the run's only epoch.
    expect(trainLoss.map((c) => c.points)).toEqual([[[5, 0.9]], []]);
    expect(wrapper.get('[data-testid="compare-accuracy-legend"]').text()).toContain('no points for this metric yet');
  });
});

describe('Runs view: two ticks in a row', () => {
  it('draws both runs when the second is ticked while the first is still loading', async () => {
    const { wrapper, done, stopped } = await twoRuns();
    // No flush between the ticks: the first run's record is still on its way when the second is asked for.
    await rowOf(wrapper, done.id).get('input[type="checkbox"]').setValue(true);
    await rowOf(wrapper, stopped.id).get('input[type="checkbox"]').setValue(true);
    await flushPromises();
    await wrapper.get('[data-testid="compare-loss-axis"]').setValue('iteration');
    const loss = chart(wrapper, 'compare-loss').props('curves') as Array<{ points: Array<[number, number]> }>;
    expect(loss.map((c) => c.points)).toEqual([[[5, 1.2]], [[1, 2.3], [2, 2.1]]]);
  });
});

describe('Runs view: bulk delete and Show in Train', () => {
  it('deletes every selected run at once', async () => {
    const { wrapper, lab, done, stopped } = await twoRuns();
    await rowOf(wrapper, done.id).get('input[type="checkbox"]').setValue(true);
    await flushPromises();
    await rowOf(wrapper, stopped.id).get('input[type="checkbox"]').setValue(true);
    await flushPromises();
    await wrapper.get('[data-testid="delete-selected"]').trigger('click');
    await wrapper.get('.confirm-button .question button.danger').trigger('click');
    await flushPromises();
    expect(await lab.api.runs.list()).toEqual([]);
    expect(wrapper.findAll('[data-testid="run-row"]')).toHaveLength(0);
  });

  it('Show in Train brings the run and its settings into the Train form', async () => {
    const { wrapper, done } = await twoRuns();
    await rowOf(wrapper, done.id).get('[data-testid="show-in-train"]').trigger('click');
    await flushPromises();
    expect(wrapper.emitted('navigate')).toEqual([['train']]);
    const training = useTrainingStore();
    expect(training.run).toMatchObject({ id: done.id, status: 'completed' });
    expect(training.trainSpec).toEqual({ ...standInPreset.trainSpec, epochs: 1 });
  });
});
