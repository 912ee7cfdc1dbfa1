// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import App from './App.vue';
import { mountOnFakeLab } from './views/mount-on-fake-lab.testing';
import CurveChart from './components/charts/CurveChart.vue';
import { type FakeLab } from './api/fake';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  window.location.hash = '';
});

async function mountApp(): Promise<{ wrapper: VueWrapper; lab: FakeLab }> {
  const mounted = await mountOnFakeLab(App, { attachTo: document.body });
  const { lab } = mounted;
  wrapper = mounted.wrapper;
  return { wrapper, lab };
}

const isDisabled = (wrapper: VueWrapper, id: string) => (wrapper.get(`[data-testid="${id}"]`).element as HTMLButtonElement).disabled;

function batchLoss(wrapper: VueWrapper): Array<[number, number]> {
  const chart = wrapper.findAllComponents(CurveChart).find((c) => c.attributes('data-testid') === 'loss-chart')!;
  return (chart.props('curves') as Array<{ name: string; points: Array<[number, number]> }>).find((c) => c.name === 'batches')!.points;
}

describe('App shell', () => {
  it('opens on Draw and the side navigation switches views', async () => {
    const { wrapper } = await mountApp();
    expect(wrapper.find('[data-testid="pad"]').exists()).toBe(true);
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="start"]').exists()).toBe(true);
    expect(window.location.hash).toBe('#/train');
    await wrapper.get('[data-testid="nav-models"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="model-row"]').length).toBe(2);
    await wrapper.get('[data-testid="nav-settings"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="data-dir"]').text()).toBe('/home/user/.backprop-lab');
    await wrapper.get('[data-testid="nav-runs"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="run-row"]').map((row) => row.attributes('data-status'))).toEqual(['completed']);
  });

  it('shows the engine-died banner when the engine crashes, and Restart calls the API and clears it', async () => {
    const { wrapper, lab } = await mountApp();
    expect(wrapper.find('[data-testid="engine-status"]').exists()).toBe(false);

    lab.emit('engine.status', { state: 'crashed', message: 'the engine stopped: exited with code 1', exitCode: 1, generation: 1 });
    await flushPromises();
    const banner = wrapper.get('[data-testid="engine-status"]');
    // Worded from the exit code, not the English message.
    expect(banner.get('div').text()).toBe('The engine stopped. It exited with code 1. Your runs are safe on disk.');

    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('engine.restart')).toHaveLength(1);
    expect(wrapper.find('[data-testid="engine-status"]').exists()).toBe(false);
  });

  it('a failed restart says why and keeps the banner', async () => {
    const { wrapper, lab } = await mountApp();
    lab.handle('engine.restart', () => {
      throw new Error('could not spawn the engine: ENOMEM');
    });
    lab.emit('engine.status', { state: 'crashed', generation: 1 });
    await flushPromises();
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="engine-status"]').text()).toContain('could not spawn the engine: ENOMEM');
  });
});

describe('engine restart and a running run', () => {
  it('after a restart the followed run shows the status the engine now reports (interrupted)', async () => {
    const { wrapper, lab } = await mountApp();
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="start"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    lab.crash();
    await flushPromises();
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('interrupted');
    expect(isDisabled(wrapper, 'start')).toBe(false);
    expect(isDisabled(wrapper, 'resume')).toBe(false);
    expect(isDisabled(wrapper, 'pause')).toBe(true);
    expect(isDisabled(wrapper, 'stop')).toBe(true);
  });

  it('a restart whose status is only in its answer (no event pushed) still brings the run status back', async () => {
    const { wrapper, lab } = await mountApp();
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="start"]').trigger('click');
    await flushPromises();
    lab.crash();
    await flushPromises();
    // While the engine is down the run's status cannot be known: nothing can be pressed.
    expect(['start', 'pause', 'resume', 'stop'].map((id) => isDisabled(wrapper, id))).toEqual([true, true, true, true]);
    lab.handle('engine.restart', () => lab.recover({ newGeneration: true, push: false }));
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('engine.restart')).toHaveLength(1);
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('interrupted');
  });

  it('Resume on an interrupted run in Runs opens Train following it, its stored curves first', async () => {
    const { wrapper, lab } = await mountApp();
    const started = await lab.api.runs.start({ preset: 'seed-mlp' });
    const iteration = { runId: started.id, epoch: 1, iterationsPerEpoch: 10, accuracy: 0.5, learningRate: 0.2, samplesPerSecond: 1280 };
    lab.emit('training.iteration', { ...iteration, iteration: 5, step: 5, loss: 1.5 });
    lab.emit('training.iteration', { ...iteration, iteration: 10, step: 10, loss: 0.9 });
    lab.crash();
    lab.recover();
    await wrapper.get('[data-testid="nav-runs"]').trigger('click');
    await flushPromises();
    const row = wrapper.get(`[data-testid="run-row"][data-run-id="${started.id}"]`);
    expect(row.attributes('data-status')).toBe('interrupted');
    // Only the interrupted run offers Resume.
    expect(wrapper.findAll('[data-testid="resume-run"]')).toHaveLength(1);

    await row.get('[data-testid="resume-run"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('runs.resume')).toEqual([{ id: started.id }]);
    expect(window.location.hash).toBe('#/train');
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    expect(isDisabled(wrapper, 'pause')).toBe(false);
    lab.emit('training.iteration', { ...iteration, epoch: 2, iteration: 5, step: 15, loss: 0.7 });
    await flushPromises();
    // Stored steps 5 and 10 (at 0.5 and 1 epoch), then the live step 15.
    expect(batchLoss(wrapper)).toEqual([[0.5, 1.5], [1, 0.9], [1.5, 0.7]]);
  });

  it('a Resume the engine refuses says why in Runs and stays there', async () => {
    const { wrapper, lab } = await mountApp();
    await lab.api.runs.start({ preset: 'seed-mlp' });
    lab.crash();
    lab.recover();
    lab.handle('runs.resume', ({ id }) => {
      throw new Error(`run ${id} was interrupted before its first checkpoint; start it again instead`);
    });
    await wrapper.get('[data-testid="nav-runs"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="resume-run"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="resume-error"]').text()).toContain('before its first checkpoint');
    expect(window.location.hash).toBe('#/runs');
  });
});
