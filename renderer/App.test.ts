// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import App from './App.vue';
import { mountOnLab } from './testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from './testing/lab-in-memory.testing';
import CurveChart from './components/charts/CurveChart.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  window.location.hash = '';
});

/** The app over a data folder with one finished run (and its model) in it. */
async function mountApp(): Promise<{ wrapper: VueWrapper; lab: LabInMemory }> {
  const seeded = await createLabInMemory();
  await seeded.trainedRun();
  const mounted = await mountOnLab(App, { attachTo: document.body, lab: seeded });
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
    const { wrapper, lab } = await mountApp();
    expect(wrapper.find('[data-testid="pad"]').exists()).toBe(true);
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await lab.settle();
    expect(wrapper.find('[data-testid="start"]').exists()).toBe(true);
    expect(window.location.hash).toBe('#/train');
    await wrapper.get('[data-testid="nav-models"]').trigger('click');
    await lab.settle();
    expect(wrapper.findAll('[data-testid="model-row"]').length).toBe((await lab.api.models.list()).length);
    await wrapper.get('[data-testid="nav-settings"]').trigger('click');
    await lab.settle();
    expect(wrapper.get('[data-testid="data-dir"]').text()).toBe(lab.dataDir);
    await wrapper.get('[data-testid="nav-runs"]').trigger('click');
    await lab.settle();
    expect(wrapper.findAll('[data-testid="run-row"]').map((row) => row.attributes('data-status'))).toEqual(['completed']);
  });

  it('shows the engine-died banner when the engine crashes, and Restart calls the API and clears it', async () => {
    const { wrapper, lab } = await mountApp();
    expect(wrapper.find('[data-testid="engine-status"]').exists()).toBe(false);

    // As the host reports a child process that exited (an in-memory engine has no exit code).
    lab.connectionSays({ state: 'crashed', message: 'the engine stopped: exited with code 1', exitCode: 1, generation: 1 });
    await lab.settle();
    const banner = wrapper.get('[data-testid="engine-status"]');
    // Worded from the exit code, not the English message.
    expect(banner.get('div').text()).toBe('The engine stopped. It exited with code 1. Your runs are safe on disk.');

    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await lab.settle();
    expect(lab.callsOf('engine.restart')).toHaveLength(1);
    expect(wrapper.find('[data-testid="engine-status"]').exists()).toBe(false);
  });

  it('a failed restart says why and keeps the banner', async () => {
    const { wrapper, lab } = await mountApp();
    lab.handle('engine.restart', () => {
      throw new Error('could not spawn the engine: ENOMEM');
    });
    lab.crash();
    await lab.settle();
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await lab.settle();
    expect(wrapper.get('[data-testid="engine-status"]').text()).toContain('could not spawn the engine: ENOMEM');
  });
});

describe('engine restart and a running run', () => {
  it('after a restart the followed run shows the status the engine now reports (interrupted)', async () => {
    const { wrapper, lab } = await mountApp();
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await lab.settle();
    await wrapper.get('[data-testid="start"]').trigger('click');
    await lab.settle();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    lab.crash();
    await lab.settle();
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await lab.settle();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('interrupted');
    expect(isDisabled(wrapper, 'start')).toBe(false);
    expect(isDisabled(wrapper, 'resume')).toBe(false);
    expect(isDisabled(wrapper, 'pause')).toBe(true);
    expect(isDisabled(wrapper, 'stop')).toBe(true);
  });

  it('a restart whose status is only in its answer (no event pushed) still brings the run status back', async () => {
    const { wrapper, lab } = await mountApp();
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await lab.settle();
    await wrapper.get('[data-testid="start"]').trigger('click');
    await lab.settle();
    lab.crash();
    await lab.settle();
    // While the engine is down the run's status cannot be known: nothing can be pressed.
    expect(['start', 'pause', 'resume', 'stop'].map((id) => isDisabled(wrapper, id))).toEqual([true, true, true, true]);
    lab.loseNext('engine.status');
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await lab.settle();
    expect(lab.callsOf('engine.restart')).toHaveLength(1);
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('interrupted');
  });

  it('Resume on an interrupted run in Runs opens Train following it, its stored curves first', async () => {
    const { wrapper, lab } = await mountApp();
    const started = await lab.api.runs.start({ preset: 'seed-mlp' });
    const iteration = { runId: started.id, epoch: 1, iterationsPerEpoch: 10, accuracy: 0.5, learningRate: 0.2, samplesPerSecond: 1280 };
    await lab.emit('training.iteration', { ...iteration, iteration: 5, step: 5, loss: 1.5 });
    await lab.emit('training.iteration', { ...iteration, iteration: 10, step: 10, loss: 0.9 });
    // The epoch's checkpoint is what Resume goes on from.
    await lab.emit('training.epoch', { runId: started.id, epoch: 1, epochs: 40, trainLoss: 1, trainAccuracy: 0.5, elapsedMs: 1000 });
    lab.crash();
    await lab.api.engine.restart();
    await wrapper.get('[data-testid="nav-runs"]').trigger('click');
    await lab.settle();
    const row = wrapper.get(`[data-testid="run-row"][data-run-id="${started.id}"]`);
    expect(row.attributes('data-status')).toBe('interrupted');
    // Only the interrupted run offers Resume.
    expect(wrapper.findAll('[data-testid="resume-run"]')).toHaveLength(1);

    await row.get('[data-testid="resume-run"]').trigger('click');
    await lab.settle();
    expect(lab.callsOf('runs.resume')).toEqual([{ id: started.id }]);
    expect(window.location.hash).toBe('#/train');
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    expect(isDisabled(wrapper, 'pause')).toBe(false);
    await lab.emit('training.iteration', { ...iteration, epoch: 2, iteration: 5, step: 15, loss: 0.7 });
    await lab.settle();
    // Stored steps 5 and 10 (at 0.5 and 1 epoch), then the live step 15.
    expect(batchLoss(wrapper)).toEqual([[0.5, 1.5], [1, 0.9], [1.5, 0.7]]);
  });

  it('a Resume the engine refuses says why in Runs and stays there', async () => {
    const { wrapper, lab } = await mountApp();
    // Interrupted before its first epoch ended: there is no checkpoint to go on from.
    await lab.api.runs.start({ preset: 'seed-mlp' });
    lab.crash();
    await lab.api.engine.restart();
    await wrapper.get('[data-testid="nav-runs"]').trigger('click');
    await lab.settle();
    await wrapper.get('[data-testid="resume-run"]').trigger('click');
    await lab.settle();
    expect(wrapper.get('[data-testid="resume-error"]').text()).toContain('has no checkpoint yet');
    expect(window.location.hash).toBe('#/runs');
  });
});
