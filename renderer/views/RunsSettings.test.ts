// @vitest-environment happy-dom
/** The Runs and Settings views on the real engine in memory: runs written by its run lifecycle, settings from its data folder. */
import { afterEach, describe, expect, it } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import RunsView from './RunsView.vue';
import SettingsView from './SettingsView.vue';
import CurveChart from '../components/charts/CurveChart.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory } from '../testing/lab-in-memory.testing';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

describe('Runs view', () => {
  it('lists runs with status (interrupted included), accuracy and duration, and compares selected curves', async () => {
    const lab = await createLabInMemory();
    const epoch = (runId: string, epoch: number, validationAccuracy: number, elapsedMs: number) =>
      lab.emit('training.epoch', { runId, epoch, epochs: 2, trainLoss: 0.5, trainAccuracy: 0.8, validationLoss: 0.45, validationAccuracy, elapsedMs });
    // lenet5: one epoch, then its engine dies.
    const b = await lab.api.runs.start({ preset: 'lenet5', overrides: { epochs: 2 } });
    await epoch(b.id, 1, 0.95, 9_000);
    await epoch(b.id, 2, 0.98, 9_000);
    lab.crash();
    await lab.api.engine.restart();
    // seed-mlp: two epochs, completed at 97.5 % after 2 min 05 s.
    const a = await lab.api.runs.start({ preset: 'seed-mlp', overrides: { epochs: 2 } });
    await epoch(a.id, 1, 0.9, 60_000);
    await epoch(a.id, 2, 0.93, 125_000);
    await lab.training(a.id).finish({ reason: 'completed', testAccuracy: 0.975 });

    const mounted = await mountOnLab(RunsView, { lab });
    wrapper = mounted.wrapper;
    const rows = wrapper.findAll('[data-testid="run-row"]');
    // Newest first.
    expect(rows.map((r) => [r.attributes('data-run-id'), r.attributes('data-status')])).toEqual([[a.id, 'completed'], [b.id, 'interrupted']]);
    expect(rows[0]!.text()).toContain('97.50% test');
    expect(rows[0]!.text()).toContain('2 min 05 s');
    expect(rows[1]!.text()).toContain('98.00% validation');

    await rows[0]!.get('input[type="checkbox"]').setValue(true);
    await lab.settle();
    await rows[1]!.get('input[type="checkbox"]').setValue(true);
    await lab.settle();
    const accuracy = wrapper.findAllComponents(CurveChart).find((c) => c.attributes('data-testid') === 'compare-accuracy')!;
    const curves = accuracy.props('curves') as Array<{ points: Array<[number, number]> }>;
    expect(curves.map((c) => c.points)).toEqual([[[1, 0.9], [2, 0.93]], [[1, 0.95], [2, 0.98]]]);
  });
});

describe('Settings view', () => {
  it('shows each detected provider, why CUDA is not in use, and the data directory; changes the provider', async () => {
    const lab = await createLabInMemory({
      providers: [
        { name: 'reference', available: true },
        { name: 'wasm', available: true, detail: 'SIMD' },
        { name: 'tfjs-node', available: false, reason: 'package @tensorflow/tfjs-node is not installed' },
        { name: 'tfjs-node-gpu', available: false, reason: 'package @tensorflow/tfjs-node-gpu is not installed' },
      ],
    });
    const mounted = await mountOnLab(SettingsView, { lab });
    wrapper = mounted.wrapper;
    const items = wrapper.findAll('[data-testid="providers"] li');
    expect(items.map((i) => [i.attributes('data-provider'), i.attributes('data-available')])).toEqual([
      ['reference', 'true'], ['wasm', 'true'], ['tfjs-node', 'false'], ['tfjs-node-gpu', 'false'],
    ]);
    expect(wrapper.get('[data-testid="cuda-status"]').text()).toContain('tfjs-node-gpu is not installed');
    expect(wrapper.get('[data-testid="data-dir"]').text()).toBe(lab.dataDir);
    await wrapper.get('[data-testid="provider-select"]').setValue('reference');
    await lab.settle();
    expect(lab.callsOf('settings.setProvider')).toEqual([{ provider: 'reference' }]);
    // The choice is the engine's now, kept in the data folder's settings.json.
    expect((await lab.api.settings.get()).provider).toBe('reference');
  });
});
