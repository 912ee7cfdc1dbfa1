/** The engine service: routing and validation of requests, the run lifecycle, crash recovery on disk. */
import { describe, expect, it } from 'vitest';
import type { EventName } from '../../contract/index.js';
import { EngineService } from './service.js';
import { createStandInBackend, standInPreset } from './stand-in-backend.js';

function serviceWithEvents(...args: Parameters<typeof createStandInBackend>) {
  const stand = createStandInBackend(...args);
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const service = new EngineService(stand.backend, (event, payload) => events.push({ event, payload }));
  return { ...stand, service, events };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('EngineService', () => {
  it('answers a raw request with its id, and a malformed one with an error naming the field, id: null when the id is missing', async () => {
    const { service } = serviceWithEvents();
    await expect(service.handleMessage('{"id":1,"method":"presets.list"}')).resolves.toMatchObject({ id: 1, result: [{ name: 'tiny' }] });
    const bad = await service.handleMessage({ id: 2, method: 'predict', params: { modelId: 'bundled:tiny', input: [1, 2] } });
    expect(bad).toMatchObject({ id: 2, error: { code: 'bad-params' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/input/);
    await expect(service.handleMessage({ method: 'presets.list' }))
      .resolves.toEqual({ id: null, error: { code: 'bad-message', message: expect.stringMatching(/^malformed request: id: /) } });
    await expect(service.handleMessage({ id: 1.5, method: 'presets.list' })).resolves.toMatchObject({ id: null, error: { message: /id/ } });
  });

  it('leaves engine.* to the host', async () => {
    const { service } = serviceWithEvents();
    await expect(service.handleMessage({ id: 3, method: 'engine.restart' })).resolves.toMatchObject({ id: 3, error: { message: /engine host/ } });
  });

  it('predicts the argmax of the model probabilities', async () => {
    const { service } = serviceWithEvents();
    const input = new Array(784).fill(0);
    input[0] = 0.7;
    const prediction = await service.call('predict', { modelId: 'bundled:tiny', input });
    expect(prediction.digit).toBe(7);
    expect(prediction.probabilities).toHaveLength(10);
  });

  it('starts a run from a preset with overrides, pauses, resumes and finishes it', async () => {
    const { service, trainings, events, runs } = serviceWithEvents();
    const started = await service.call('runs.start', { preset: 'tiny', overrides: { epochs: 1, batchSize: 4 }, dataset: { source: 'mnist', trainLimit: 100 } });
    expect(started).toMatchObject({ status: 'running', epochs: 1, preset: 'tiny', name: 'tiny · epochs=1 · batch=4' });
    const training = trainings[0]!;
    expect(training.description.trainSpec).toMatchObject({ epochs: 1, batchSize: 4, optimizer: { type: 'sgd', lr: 0.1 } });
    expect(training.description).toMatchObject({ dataset: { source: 'mnist', trainLimit: 100 }, start: { from: 'fresh' }, executor: { threads: 1 } });

    expect(await service.call('runs.pause', { id: started.id })).toMatchObject({ status: 'paused' });
    expect(training.paused).toBe(true);
    expect(await service.call('runs.resume', { id: started.id })).toMatchObject({ status: 'running' });
    expect(training.paused).toBe(false);

    training.epoch({ epoch: 1, epochs: 1, trainLoss: 0.5, trainAccuracy: 0.8, validationAccuracy: 0.75, elapsedMs: 10 });
    training.finish({ reason: 'completed', modelId: 'user:x', testAccuracy: 0.9 });
    await flush();
    await flush();
    expect(runs.get(started.id)).toMatchObject({ status: 'completed', modelId: 'user:x', testAccuracy: 0.9, epochsDone: 1 });
    const names = events.map((e) => e.event);
    expect(names).toEqual(['training.status', 'training.status', 'training.status', 'training.epoch', 'training.done']);
    const detail = await service.call('runs.get', { id: started.id });
    expect(detail.epochPoints).toHaveLength(1);
    expect(detail).toMatchObject({ dataset: { source: 'mnist', trainLimit: 100 }, start: { from: 'fresh' } });
    const epochEvent = events.find((e) => e.event === 'training.epoch')!.payload;
    expect(epochEvent).toMatchObject({ runId: started.id, epoch: 1, epochs: 1, trainLoss: 0.5, trainAccuracy: 0.8, validationAccuracy: 0.75 });
    await expect(service.call('runs.pause', { id: started.id })).rejects.toThrow(/is completed, not training/);
  });

  it('reports a diverged run as failed with its message', async () => {
    const { service, trainings, events, runs } = serviceWithEvents();
    const run = await service.call('runs.start', { preset: 'tiny' });
    trainings[0]!.finish({ reason: 'diverged', message: 'loss NaN at epoch 2, iteration 5' });
    await flush();
    await flush();
    expect(runs.get(run.id)).toMatchObject({ status: 'diverged', error: 'loss NaN at epoch 2, iteration 5' });
    expect(await service.call('runs.get', { id: run.id })).toMatchObject({ status: 'failed', error: 'loss NaN at epoch 2, iteration 5' });
    expect(events.find((e) => e.event === 'training.error')?.payload).toEqual({ runId: run.id, message: 'loss NaN at epoch 2, iteration 5' });
  });

  it('refuses an unknown preset, naming the presets there are', async () => {
    const { service } = serviceWithEvents();
    await expect(service.call('runs.start', { preset: 'resnet' })).rejects.toThrow('unknown preset "resnet"; the presets are tiny');
  });

  it('shows a run the store calls diverged as failed', async () => {
    const run = { id: 'd', name: 'r', status: 'diverged' as const, modelSpec: standInPreset.modelSpec, trainSpec: standInPreset.trainSpec, epochsDone: 1, durationMs: 5, createdAt: 't', updatedAt: 't', error: 'NaN' };
    const { service } = serviceWithEvents([run]);
    expect(await service.call('runs.list', {})).toMatchObject([{ id: 'd', status: 'failed', error: 'NaN' }]);
  });

  it('resumes an interrupted run from its last checkpoint, on the data it started with', async () => {
    const run = { id: 'i', name: 'r', status: 'interrupted' as const, modelSpec: standInPreset.modelSpec, trainSpec: standInPreset.trainSpec, epochsDone: 1, durationMs: 5, createdAt: 't', updatedAt: 't', dataset: { source: 'mnist' as const, trainLimit: 300 } };
    const { service, trainings, checkpoints } = serviceWithEvents([run, { ...run, id: 'j' }]);
    const checkpoint = { epoch: 1, globalIteration: 150, weights: {}, optimizer: {}, rng: { words: [1, 2, 3, 4] }, best: null, epochsWithoutImprovement: 0, elapsedMs: 4000 } as never;
    checkpoints.set('i', checkpoint);
    expect(await service.call('runs.resume', { id: 'i', epochs: 5 })).toMatchObject({ id: 'i', status: 'running', epochs: 5 });
    expect(trainings[0]!).toMatchObject({ runId: 'i', description: { dataset: { source: 'mnist', trainLimit: 300 } } });
    expect(trainings[0]!.resumed).toEqual({ checkpoint, changes: { epochs: 5 } });
    await expect(service.call('runs.resume', { id: 'j' })).rejects.toThrow(/has no checkpoint yet/);
    await expect(service.call('runs.resume', { id: 'i', epochs: 6 })).rejects.toThrow(/change only when an interrupted run resumes/);

    // Epoch 2 was logged before the crash and again after the resume: the detail shows the resumed one.
    trainings[0]!.epoch({ epoch: 2, epochs: 3, trainLoss: 0.9, trainAccuracy: 0.7, elapsedMs: 1 });
    trainings[0]!.epoch({ epoch: 2, epochs: 3, trainLoss: 0.8, trainAccuracy: 0.75, elapsedMs: 2 });
    await flush();
    expect((await service.call('runs.get', { id: 'i' })).epochPoints).toEqual([{ epoch: 2, trainLoss: 0.8, trainAccuracy: 0.75, elapsedMs: 2 }]);
  });

  it('reports whether CUDA is available, and why not', async () => {
    const { service } = serviceWithEvents();
    const settings = await service.call('settings.get', {});
    expect(settings).toMatchObject({ cudaAvailable: false, cudaReason: '@tensorflow/tfjs-node-gpu is not installed', activeProvider: 'reference', provider: 'auto' });
    expect((await service.call('settings.setProvider', { provider: 'reference' })).provider).toBe('reference');
  });

  it('keeps the provider choice for the next engine, and trains with it', async () => {
    const first = serviceWithEvents();
    await first.service.call('settings.setProvider', { provider: 'reference' });
    const next = serviceWithEvents([], first.preferences());
    expect((await next.service.call('settings.get', {})).provider).toBe('reference');
    await next.service.call('runs.start', { preset: 'tiny' });
    expect(next.trainings[0]!.description.trainSpec.provider).toBe('reference');
  });

  it('returns an export as base64 bytes when no path is given, and will not delete a bundled model', async () => {
    const { service } = serviceWithEvents();
    const exported = await service.call('models.export', { id: 'bundled:tiny', format: 'json' });
    expect(Buffer.from(exported.base64!, 'base64').toString()).toBe('model bundled:tiny');
    expect(exported).toMatchObject({ fileName: 'tiny.json', byteLength: 18 });
    await expect(service.call('models.delete', { id: 'bundled:tiny' })).rejects.toThrow(/cannot be deleted/);
  });
});

describe('EngineService providers (defect 5)', () => {
  it('refuses a provider that is not available, naming why, and keeps the choice it had', async () => {
    const { service } = serviceWithEvents();
    await expect(service.call('settings.setProvider', { provider: 'tfjs-node-gpu' }))
      .rejects.toThrow('the tfjs-node-gpu provider is not available on this machine: @tensorflow/tfjs-node-gpu is not installed');
    // As data, so the app words it in its own language.
    await expect(service.call('settings.setProvider', { provider: 'tfjs-node-gpu' }))
      .rejects.toMatchObject({ code: 'provider.unavailable', params: { name: 'tfjs-node-gpu' } });
    // The stand-in reports no js provider at all: not available either.
    await expect(service.call('settings.setProvider', { provider: 'js' })).rejects.toThrow(/js provider is not available/);
    expect(await service.call('settings.get', {})).toMatchObject({ provider: 'auto', activeProvider: 'reference' });
  });

  it('takes js where it is available', async () => {
    const stand = createStandInBackend();
    stand.backend.detectProviders = async () => [{ name: 'js', available: true }, { name: 'reference', available: true }];
    const service = new EngineService(stand.backend, () => undefined);
    expect(await service.call('settings.setProvider', { provider: 'js' })).toMatchObject({ provider: 'js', activeProvider: 'js' });
  });
});
