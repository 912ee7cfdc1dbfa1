/**
 * The training store on the real EngineService (in memory, stand-in backend): what it says about the
 * run it follows must be what the engine says, whatever order answers and events arrive in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { flushPromises } from '@vue/test-utils';
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import { createInMemoryLab, type InMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend, standInPreset } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';
import { useTrainingStore } from './training';

let stand: ReturnType<typeof createStandInBackend>;
let lab: InMemoryLab;

beforeEach(() => {
  stand = createStandInBackend();
  lab = createInMemoryLab(stand.backend);
  provideLab(lab.api);
  setActivePinia(createPinia());
});

/** A fresh page (a reload, a restart of the app): a new store on the same engine. */
function reloadedStore() {
  setActivePinia(createPinia());
  return useTrainingStore();
}

const editedModel: ModelSpec = { ...standInPreset.modelSpec, layers: [{ type: 'dense', units: 3, activation: 'tanh' }] };
const editedTrain: TrainSpec = { ...standInPreset.trainSpec, optimizer: { type: 'adam', lr: 0.001 }, epochs: 3, batchSize: 2 };

describe('the form follows the run it shows (defect 1)', () => {
  it('after a reload during a run, the form holds the settings the run is using, not the preset', async () => {
    const first = useTrainingStore();
    await first.load();
    first.modelSpec = editedModel;
    first.trainSpec = editedTrain;
    await first.start();
    expect(first.run?.status).toBe('running');

    const reloaded = reloadedStore();
    await reloaded.load();
    expect(reloaded.run?.id).toBe(first.run!.id);
    expect(reloaded.modelSpec).toEqual(editedModel);
    expect(reloaded.trainSpec).toEqual(editedTrain);
    expect(reloaded.presetName).toBe('tiny');
  });

  it('a run opened from the Runs view brings its settings into the form', async () => {
    const started = await lab.service.call('runs.start', { preset: 'tiny', modelSpec: editedModel, trainSpec: editedTrain });
    stand.trainings[0]!.finish({ reason: 'completed', modelId: 'user:m', testAccuracy: 0.8 });
    await flushPromises();
    const training = useTrainingStore();
    await training.load();
    expect(training.run).toBeNull();
    await training.open(started.id);
    expect(training.run).toMatchObject({ id: started.id, status: 'completed' });
    expect(training.trainSpec).toEqual(editedTrain);
    expect(training.modelSpec).toEqual(editedModel);
  });
});

describe('the run status is the engine\'s, whatever the order of answers and events (defect 2)', () => {
  it('a run that fails before the answer to Start arrives reads failed, with its reason', async () => {
    const training = useTrainingStore();
    await training.load();
    const release = lab.holdNext('runs.start');
    const starting = training.start();
    await flushPromises();
    stand.trainings[0]!.fail(new Error('layer 0 (dense): the last layer needs 10 outputs, got 3'));
    await flushPromises();
    await release();
    await starting;
    expect(training.run?.status).toBe('failed');
    expect(training.failure).toContain('the last layer needs 10 outputs');
    expect(training.isActive).toBe(false);
  });

  it('a run that fails while a reloaded view is still reading it reads failed', async () => {
    await useTrainingStore().load();
    await useTrainingStore().start();
    const training = reloadedStore();
    // The reloaded view finds the run running and asks for its history; the run fails meanwhile.
    const releaseGet = lab.holdNext('runs.get');
    const loading = training.load();
    await flushPromises();
    stand.trainings[0]!.fail(new Error('the last layer needs 10 outputs'));
    await flushPromises();
    await releaseGet();
    await loading;
    expect(training.run?.status).toBe('failed');
    expect(training.failure).toContain('the last layer needs 10 outputs');
  });
});

describe('a failure reason is never overwritten (defect 3)', () => {
  it('Stop pressed just before the run failed leaves the real reason, not "cannot stop"', async () => {
    const training = useTrainingStore();
    await training.load();
    await training.start();
    const release = lab.holdNext('runs.stop');
    const stopping = training.stop();
    await flushPromises();
    await release();
    await stopping;
    // The stand-in stops at once; start again and fail it with Stop's answer still on its way.
    await training.start();
    const release2 = lab.holdNext('runs.stop');
    const stopping2 = training.stop();
    stand.trainings[1]!.fail(new Error('layer 2 (conv2d): kernel 15 is larger than its 12×12 input'));
    await flushPromises();
    await release2();
    await stopping2;
    expect(training.run?.status).toBe('failed');
    expect(training.failure).toBe('layer 2 (conv2d): kernel 15 is larger than its 12×12 input');
    expect(training.error).toBeNull();
  });
});

describe('stopping is shown until the engine says the run ended, then its outcome (defect 4)', () => {
  it('reads stopping from Stop until the run is stopped, then says which model it saved and its test accuracy', async () => {
    // The real loop takes a while to stop (the batch in progress, the test set, the model file): here
    // Stop only asks, and the test ends the loop when it likes.
    const startRun = stand.backend.startRun.bind(stand.backend);
    let stopAsked = 0;
    stand.backend.startRun = async (description, onEvent) => ({ ...await startRun(description, onEvent), stop: () => void stopAsked++ });
    const training = useTrainingStore();
    await training.load();
    await training.start();
    const runId = training.run!.id;
    await training.stop();
    await flushPromises();
    expect(stopAsked).toBe(1);
    expect(training.phase).toBe('stopping');
    stand.trainings[0]!.finish({ reason: 'stopped', modelId: 'user:tiny-2', testAccuracy: 0.875 });
    await flushPromises();
    expect(training.phase).toBe('stopped');
    expect(training.run).toMatchObject({ id: runId, status: 'stopped' });
    expect(training.outcome).toEqual({ modelId: 'user:tiny-2', testAccuracy: 0.875 });
  });

  it('a completed run tells the model it saved and the test accuracy the engine measured', async () => {
    const training = useTrainingStore();
    await training.load();
    await training.start();
    stand.trainings[0]!.finish({ reason: 'completed', modelId: 'user:tiny-3', testAccuracy: 0.9137 });
    await flushPromises();
    expect(training.phase).toBe('completed');
    expect(training.outcome).toEqual({ modelId: 'user:tiny-3', testAccuracy: 0.9137 });
  });
});
