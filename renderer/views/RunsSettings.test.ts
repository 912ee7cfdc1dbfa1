// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Component } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import RunsView from './RunsView.vue';
import SettingsView from './SettingsView.vue';
import CurveChart from '../components/charts/CurveChart.vue';
import { createFakeLab, fakeRun, MNIST_FRESH_ONE_THREAD, seedMlpSpec, seedMlpTrainSpec, type FakeLab } from '../api/fake';
import { provideLab } from '../api';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

async function mountWith(component: Component, lab: FakeLab = createFakeLab()) {
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(component, { global: { plugins: [pinia] } });
  await flushPromises();
  return { wrapper, lab };
}

describe('Runs view', () => {
  it('lists runs with status (interrupted included), accuracy and duration, and compares selected curves', async () => {
    const lab = createFakeLab();
    lab.handle('runs.list', () => [
      fakeRun({ id: 'a', name: 'seed-mlp', status: 'completed', testAccuracy: 0.975, durationMs: 125_000, createdAt: '2026-01-02T00:00:00.000Z' }),
      fakeRun({ id: 'b', name: 'lenet5', status: 'interrupted', epochsDone: 1, validationAccuracy: 0.98, durationMs: 9_000, createdAt: '2026-01-01T00:00:00.000Z' }),
    ]);
    lab.handle('runs.get', ({ id }) => ({
      ...fakeRun({ id, name: id }), modelSpec: seedMlpSpec, trainSpec: seedMlpTrainSpec, iterations: [], ...MNIST_FRESH_ONE_THREAD,
      epochPoints: [
        { epoch: 1, trainLoss: 0.5, trainAccuracy: 0.8, validationLoss: 0.45, validationAccuracy: id === 'a' ? 0.9 : 0.95, elapsedMs: 1 },
        { epoch: 2, trainLoss: 0.3, trainAccuracy: 0.9, validationLoss: 0.35, validationAccuracy: id === 'a' ? 0.93 : 0.97, elapsedMs: 2 },
      ],
    }));
    const { wrapper } = await mountWith(RunsView, lab);
    const rows = wrapper.findAll('[data-testid="run-row"]');
    expect(rows.map((r) => r.attributes('data-status'))).toEqual(['completed', 'interrupted']);
    expect(rows[0]!.text()).toContain('97.50% test');
    expect(rows[0]!.text()).toContain('2 min 05 s');
    expect(rows[1]!.text()).toContain('98.00% validation');

    await rows[0]!.get('input[type="checkbox"]').setValue(true);
    await rows[1]!.get('input[type="checkbox"]').setValue(true);
    await flushPromises();
    const accuracy = wrapper.findAllComponents(CurveChart).find((c) => c.attributes('data-testid') === 'compare-accuracy')!;
    const curves = accuracy.props('curves') as Array<{ points: Array<[number, number]> }>;
    expect(curves.map((c) => c.points)).toEqual([[[1, 0.9], [2, 0.93]], [[1, 0.95], [2, 0.97]]]);
  });
});

describe('Settings view', () => {
  it('shows each detected provider, why CUDA is not in use, and the data directory; changes the provider', async () => {
    const { wrapper, lab } = await mountWith(SettingsView);
    const items = wrapper.findAll('[data-testid="providers"] li');
    expect(items.map((i) => [i.attributes('data-provider'), i.attributes('data-available')])).toEqual([
      ['reference', 'true'], ['wasm', 'true'], ['tfjs-node', 'false'], ['tfjs-node-gpu', 'false'],
    ]);
    expect(wrapper.get('[data-testid="cuda-status"]').text()).toContain('tfjs-node-gpu is not installed');
    expect(wrapper.get('[data-testid="data-dir"]').text()).toBe('/home/user/.backprop-lab');
    await wrapper.get('[data-testid="provider-select"]').setValue('reference');
    await flushPromises();
    expect(lab.callsOf('settings.setProvider')).toEqual([{ provider: 'reference' }]);
  });
});
