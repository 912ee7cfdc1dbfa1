// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import TrainView from './TrainView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import CurveChart from '../components/charts/CurveChart.vue';
import { RUN_RECHECK_DELAYS_MS } from '../stores/training';
import { SpecError } from '@backprop-lab/core';
import { LabError, errorBodyOf } from '../../contract/index.js';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  vi.useRealTimers();
});

async function mountTrain(given?: LabInMemory): Promise<{ wrapper: VueWrapper; lab: LabInMemory }> {
  const mounted = await mountOnLab(TrainView, given ? { lab: given } : {});
  const { lab } = mounted;
  wrapper = mounted.wrapper;
  return { wrapper, lab };
}

const button = (wrapper: VueWrapper, id: string) => wrapper.get(`[data-testid="${id}"]`);
const isDisabled = (wrapper: VueWrapper, id: string) => (button(wrapper, id).element as HTMLButtonElement).disabled;

function chart(wrapper: VueWrapper, id: string) {
  const found = wrapper.findAllComponents(CurveChart).find((c) => c.attributes('data-testid') === id);
  if (!found) throw new Error(`no chart ${id}`);
  return found;
}

describe('Train view', () => {
  it('loads the presets and starts a run of the chosen preset with the edited epochs and subset', async () => {
    const { wrapper, lab } = await mountTrain();
    expect((button(wrapper, 'preset-select').element as HTMLSelectElement).value).toBe('seed-mlp');
    expect(wrapper.findAll('[data-testid="layer-row"]')).toHaveLength(3);

    await button(wrapper, 'epochs').setValue('1');
    await button(wrapper, 'train-subset').setValue('2000');
    await button(wrapper, 'start').trigger('click');
    await lab.settle();

    const [params] = lab.callsOf('runs.start') as Array<{ preset: string; trainSpec: { epochs: number; optimizer: { lr: number } }; dataset: { source: string; trainLimit: number } }>;
    expect(params!.preset).toBe('seed-mlp');
    expect(params!.trainSpec.epochs).toBe(1);
    expect(params!.trainSpec.optimizer.lr).toBe(0.2);
    expect(params!.dataset).toEqual({ source: 'mnist', trainLimit: 2000 });
    expect(button(wrapper, 'run-status').text()).toBe('running');
    expect(isDisabled(wrapper, 'start')).toBe(true);
    expect(isDisabled(wrapper, 'resume')).toBe(true);
  });

  it('pause and resume call the API and follow the run status', async () => {
    const { wrapper, lab } = await mountTrain();
    await button(wrapper, 'start').trigger('click');
    await lab.settle();
    const runId = (await lab.api.runs.list()).at(-1)!.id;

    await button(wrapper, 'pause').trigger('click');
    await lab.settle();
    expect(lab.callsOf('runs.pause')).toEqual([{ id: runId }]);
    expect(button(wrapper, 'run-status').text()).toBe('paused');
    expect(isDisabled(wrapper, 'pause')).toBe(true);

    await button(wrapper, 'resume').trigger('click');
    await lab.settle();
    expect(lab.callsOf('runs.resume')).toEqual([{ id: runId }]);
    expect(button(wrapper, 'run-status').text()).toBe('running');

    await button(wrapper, 'stop').trigger('click');
    await lab.settle();
    expect(lab.callsOf('runs.stop')).toEqual([{ id: runId }]);
    expect(button(wrapper, 'run-status').text()).toBe('stopped');
  });

  it('live events reach the charts and the progress bar; events of other runs are ignored', async () => {
    const { wrapper, lab } = await mountTrain();
    await button(wrapper, 'epochs').setValue('2');
    await button(wrapper, 'start').trigger('click');
    await lab.settle();
    const runId = (await lab.api.runs.list())[0]!.id;

    const someoneElse = (await lab.api.runs.start({ preset: 'seed-mlp', name: 'someone else' })).id;

    const iteration = { runId, epoch: 1, iterationsPerEpoch: 10, accuracy: 0.5, learningRate: 0.2, samplesPerSecond: 1280 };
    await lab.emit('training.iteration', { ...iteration, iteration: 5, step: 5, loss: 1.5 });
    await lab.emit('training.iteration', { ...iteration, iteration: 10, step: 10, loss: 0.9 });
    await lab.emit('training.iteration', { ...iteration, runId: someoneElse, iteration: 1, step: 1, loss: 9 });
    await lab.emit('training.epoch', { runId, epoch: 1, epochs: 2, trainLoss: 1.2, trainAccuracy: 0.6, validationLoss: 1.1, validationAccuracy: 0.65, elapsedMs: 1000, etaMs: 1000 });
    await lab.settle();

    const loss = chart(wrapper, 'loss-chart');
    const curves = loss.props('curves') as Array<{ name: string; points: Array<[number, number]> }>;
    // Iteration points at step / iterationsPerEpoch epochs; the epoch point at the end of epoch 1.
    expect(curves.find((c) => c.name === 'batches')!.points).toEqual([[0.5, 1.5], [1, 0.9]]);
    expect(curves.find((c) => c.name === 'validation')!.points).toEqual([[1, 1.1]]);
    expect(loss.attributes('data-points')).toBe('4');
    expect(chart(wrapper, 'accuracy-chart').attributes('data-points')).toBe('4');
    expect(chart(wrapper, 'lr-chart').attributes('data-points')).toBe('2');

    const progress = button(wrapper, 'progress');
    // Step 10 of 2 × 10 iterations → 50 %; 1280 samples/s; 10 iterations × 128 samples left at 1280/s = 1 s.
    expect(progress.attributes('aria-valuenow')).toBe('50');
    expect(progress.text()).toContain('1,280 samples/s');
    expect(progress.text()).toContain('ETA 1 s');

    await lab.training(runId).finish({ reason: 'completed', testAccuracy: 0.9712 });
    await lab.settle();
    expect(button(wrapper, 'run-status').text()).toBe('completed');
    expect(button(wrapper, 'run-result').text()).toContain('97.12%');
  });

  it('an invalid spec error from the engine is shown by the form and marks the layer it names', async () => {
    const { wrapper, lab } = await mountTrain();
    // As it arrives over the wire: the engine's SpecError as data (code, params, layer index). The form
    // checks the spec with the engine's own rules first, so only a stand-in answer gets such a refusal here.
    lab.handle('runs.start', () => {
      throw new LabError(errorBodyOf(SpecError.field('layer.field', { index: 1, type: 'dense' }, { code: 'field.whole', params: { field: 'units', min: 1, got: '0' }, subject: 'units' }, 1)));
    });
    await button(wrapper, 'start').trigger('click');
    await lab.settle();
    expect(button(wrapper, 'train-error').text()).toContain('layer 1 (dense)');
    const rows = wrapper.findAll('[data-testid="layer-row"]');
    expect(rows.map((row) => row.classes('invalid'))).toEqual([false, true, false]);
    expect(isDisabled(wrapper, 'start')).toBe(false);
  });

  it('plots the schedule before training: step decay halves every 5 epochs', async () => {
    const { wrapper, lab } = await mountTrain();
    await button(wrapper, 'epochs').setValue('12');
    await button(wrapper, 'schedule-select').setValue('step');
    await lab.settle();
    const curves = chart(wrapper, 'schedule-chart').props('curves') as Array<{ points: Array<[number, number]> }>;
    // α_t = 0.2 · 0.5^⌊t/5⌋ at the start of epochs t = 0 … 11, the last value held to the end (x = 12).
    expect(curves[0]!.points.map(([, lr]) => lr)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05]);
    expect(curves[0]!.points.map(([epoch]) => epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('adopts a run already going when the view opens', async () => {
    const lab = await createLabInMemory();
    const going = await lab.api.runs.start({ preset: 'seed-mlp' });
    await lab.emit('training.epoch', { runId: going.id, epoch: 1, epochs: 40, trainLoss: 0.5, trainAccuracy: 0.85, elapsedMs: 800 });
    await lab.emit('training.iteration', { runId: going.id, epoch: 2, iteration: 3, step: 23, iterationsPerEpoch: 20, loss: 0.4, accuracy: 0.9, learningRate: 0.1, samplesPerSecond: 5000 });
    await mountTrain(lab);
    expect(button(wrapper!, 'run-status').text()).toBe('running');
    const curves = chart(wrapper!, 'loss-chart').props('curves') as Array<{ name: string; points: Array<[number, number]> }>;
    // 23 − 3 = 20 iterations before epoch 2 → 20 per epoch → step 23 sits at 1.15 epochs.
    expect(curves.find((c) => c.name === 'batches')!.points).toEqual([[23 / 20, 0.4]]);
    expect(going.status).toBe('running');
  });

  it('follows a run started elsewhere while idle, but not while following its own', async () => {
    const { wrapper, lab } = await mountTrain();
    // Started from another window: the engine announces each with training.status.
    const elsewhere = await lab.api.runs.start({ preset: 'lenet5' });
    await lab.settle();
    expect(button(wrapper, 'run-status').text()).toBe('running');
    expect(button(wrapper, 'run-name').text()).toBe(elsewhere.name);
    await lab.api.runs.start({ preset: 'cnn-best' });
    await lab.settle();
    expect(button(wrapper, 'run-name').text()).toBe(elsewhere.name);
  });
});

describe('Train view after an engine crash', () => {
  function batchLoss(wrapper: VueWrapper): Array<[number, number]> {
    return (chart(wrapper, 'loss-chart').props('curves') as Array<{ name: string; points: Array<[number, number]> }>).find((c) => c.name === 'batches')!.points;
  }

  async function startedRun() {
    const mounted = await mountTrain();
    await button(mounted.wrapper, 'start').trigger('click');
    await mounted.lab.settle();
    const runId = (await mounted.lab.api.runs.list())[0]!.id;
    const iteration = (step: number, loss: number) => ({
      runId, epoch: Math.ceil(step / 10), iteration: ((step - 1) % 10) + 1, step, loss, iterationsPerEpoch: 10, accuracy: 0.5, learningRate: 0.2, samplesPerSecond: 1280,
    });
    return { ...mounted, runId, iteration };
  }

  it('the run reads interrupted once the engine is back; Resume continues it and replayed steps replace the stored ones', async () => {
    const { wrapper, lab, runId, iteration } = await startedRun();
    await lab.emit('training.iteration', iteration(5, 1.5));
    await lab.emit('training.iteration', iteration(10, 0.9));
    await lab.emit('training.epoch', { runId, epoch: 1, epochs: 2, trainLoss: 1.2, trainAccuracy: 0.6, elapsedMs: 1000 });
    await lab.emit('training.iteration', iteration(15, 0.7));
    lab.crash();
    await lab.settle();
    expect(['start', 'pause', 'resume', 'stop'].map((id) => isDisabled(wrapper, id))).toEqual([true, true, true, true]);

    await lab.api.engine.restart();
    await lab.settle();
    expect(button(wrapper, 'run-status').text()).toBe('interrupted');
    expect(wrapper.find('[data-testid="run-interrupted"]').exists()).toBe(true);
    expect(['start', 'pause', 'resume', 'stop'].map((id) => isDisabled(wrapper, id))).toEqual([false, true, false, true]);

    await button(wrapper, 'resume').trigger('click');
    await lab.settle();
    expect(lab.callsOf('runs.resume')).toEqual([{ id: runId }]);
    expect(button(wrapper, 'run-status').text()).toBe('running');
    expect(['start', 'pause', 'resume', 'stop'].map((id) => isDisabled(wrapper, id))).toEqual([true, false, true, false]);
    expect(batchLoss(wrapper)).toEqual([[0.5, 1.5], [1, 0.9], [1.5, 0.7]]);

    // The engine goes on from its checkpoint at the end of epoch 1: step 12 is redone, so the stored step 15
    // (past that checkpoint) leaves the curve until the replay reaches it.
    await lab.emit('training.iteration', iteration(12, 0.8));
    await lab.settle();
    expect(batchLoss(wrapper)).toEqual([[0.5, 1.5], [1, 0.9], [1.2, 0.8]]);
    await lab.emit('training.iteration', iteration(15, 0.7));
    await lab.emit('training.iteration', iteration(20, 0.6));
    await lab.emit('training.epoch', { runId, epoch: 2, epochs: 2, trainLoss: 0.7, trainAccuracy: 0.8, elapsedMs: 2000 });
    await lab.settle();
    expect(batchLoss(wrapper)).toEqual([[0.5, 1.5], [1, 0.9], [1.2, 0.8], [1.5, 0.7], [2, 0.6]]);
    const epochLoss = (chart(wrapper, 'loss-chart').props('curves') as Array<{ name: string; points: Array<[number, number]> }>).find((c) => c.name === 'train')!.points;
    expect(epochLoss).toEqual([[1, 1.2], [2, 0.7]]);
  });

  it('after a reconnect, a run that still reads running without sending points is read again until it reads interrupted', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { wrapper, lab, runId } = await startedRun();
    // The run store still sees the dead engine as the run's owner on the first reading: its process lingers.
    lab.crash({ lingers: true });
    const readings = () => lab.callsOf('runs.get').length;
    await lab.api.engine.restart();
    await lab.settle();
    expect(readings()).toBe(1);
    expect(button(wrapper, 'run-status').text()).toBe('running');

    lab.lingeringExits();
    await vi.advanceTimersByTimeAsync(RUN_RECHECK_DELAYS_MS[1]!);
    await lab.settle();
    expect(readings()).toBe(2);
    expect(lab.callsOf('runs.get')).toEqual([{ id: runId }, { id: runId }]);
    expect(button(wrapper, 'run-status').text()).toBe('interrupted');

    // An inactive run is not read again.
    await vi.advanceTimersByTimeAsync(RUN_RECHECK_DELAYS_MS.reduce((a, b) => a + b, 0));
    expect(readings()).toBe(2);
  });

  it('after a reconnect, a run that sends live points is alive: it is not read again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { wrapper, lab, iteration } = await startedRun();
    // Only the connection was lost: the engine and its run went on.
    lab.connectionSays({ state: 'crashed', message: 'Lost the connection', generation: 1 });
    lab.connectionSays({ state: 'ready', generation: 1 });
    await lab.settle();
    expect(lab.callsOf('runs.get')).toHaveLength(1);
    await lab.emit('training.iteration', iteration(3, 1.9));
    await vi.advanceTimersByTimeAsync(RUN_RECHECK_DELAYS_MS.reduce((a, b) => a + b, 0));
    expect(lab.callsOf('runs.get')).toHaveLength(1);
    expect(button(wrapper, 'run-status').text()).toBe('running');
    expect(batchLoss(wrapper)).toEqual([[0.3, 1.9]]);
  });
});
