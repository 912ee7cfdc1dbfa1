/**
 * Experiments as engine jobs, through the engine service: run answers at once with a job id, progress
 * events carry partial results, done carries the outcome, stop ends a job early, bad parameters are
 * refused before a job exists; and the MNIST experiments report what the textbook states (⌈N/B⌉).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../contract/index.js';
import { parseEvent } from '../../contract/index.js';
import { EngineService } from './service.js';
import { createStandInBackend } from './stand-in-backend.js';
import type { EngineBackend } from './ports.js';
import { ModelStore } from '../store/model-store.js';
import { RunStore } from '../store/run-store.js';

const BUNDLED = fileURLToPath(new URL('../../resources/models/', import.meta.url));

function engine(backend: EngineBackend = createStandInBackend().backend) {
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const waiting: Array<() => void> = [];
  const service = new EngineService(backend, (event, payload) => {
    // Every event must follow the contract, as a client would check it.
    parseEvent(JSON.parse(JSON.stringify({ event, payload })));
    events.push({ event, payload });
    for (const wake of waiting.splice(0)) wake();
  });
  const finished = async (jobId: string) => {
    for (;;) {
      const end = events.find((e) => (e.event === 'experiment.done' || e.event === 'experiment.error') && (e.payload as { jobId: string }).jobId === jobId);
      if (end) return end as { event: 'experiment.done'; payload: EventPayload<'experiment.done'> } | { event: 'experiment.error'; payload: EventPayload<'experiment.error'> };
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return { service, events, finished };
}

describe('experiment jobs in the engine', () => {
  it('lists the registry with each parameter’s course setting', async () => {
    const { service } = engine();
    const list = await service.call('experiments.list', {});
    expect(list.map((e) => e.id)).toContain('xor');
    expect(list.find((e) => e.id === 'convolution')!.params.stride).toEqual({ kind: 'number', default: 1, min: 1, max: 6, integer: true });
  });

  it('runs XOR as a job: an id at once, progress with partial charts, then the outcome', async () => {
    const { service, events, finished } = engine();
    const { jobId, id } = await service.call('experiments.run', { id: 'xor', params: { iterations: 4000 }, seed: 3 });
    expect(id).toBe('xor');
    const end = await finished(jobId);
    expect(end.event).toBe('experiment.done');
    const outcome = (end.payload as EventPayload<'experiment.done'>).outcome;
    expect(outcome).toMatchObject({ seed: 3, reason: 'completed', params: { iterations: 4000, init: 'he-uniform' } });
    expect(outcome.result.values.exactOutputs).toBe('0,1,1,0');
    const progress = events.filter((e) => e.event === 'experiment.progress').map((e) => e.payload as EventPayload<'experiment.progress'>);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.partial!.figures.find((f) => f.id === 'loss')!.series[0]!.points.length).toBeGreaterThan(0);
  });

  it('refuses a bad parameter before any job exists, naming it', async () => {
    const { service, events } = engine();
    await expect(service.call('experiments.run', { id: 'xor', params: { iterations: -5 } })).rejects.toThrow('experiment xor: iterations must be ≥ 10, got -5');
    await expect(service.call('experiments.run', { id: 'nope' })).rejects.toThrow(/unknown experiment "nope"; the experiments are/);
    expect(events).toEqual([]);
  });

  it('stops a job: it ends early with what it has, and a second stop says it is no longer running', async () => {
    const { service, events, finished } = engine();
    const { jobId } = await service.call('experiments.run', { id: 'xor', params: { iterations: 20000 } });
    while (!events.some((e) => e.event === 'experiment.progress')) await new Promise((resolve) => setTimeout(resolve, 0));
    await service.call('experiments.stop', { jobId });
    const end = await finished(jobId);
    const outcome = (end.payload as EventPayload<'experiment.done'>).outcome;
    expect(outcome.reason).toBe('stopped');
    expect(outcome.result.figures.find((f) => f.id === 'loss')!.series[0]!.points.length).toBeLessThan(20000);
    await expect(service.call('experiments.stop', { jobId })).rejects.toThrow(`no experiment job "${jobId}" is running`);
  });

  it('batch size on 200 MNIST images: ⌈N/B⌉ iterations per epoch, as the loop counted them', async () => {
    const { service, finished } = engine();
    const { jobId } = await service.call('experiments.run', { id: 'batch-size', params: { trainImages: 200, epochs: 1, miniBatch: 32 } });
    const end = await finished(jobId);
    expect(end.event).toBe('experiment.done');
    const table = (end.payload as EventPayload<'experiment.done'>).outcome.result.tables[0]!;
    const observed = table.rows.map((row) => row[4]);
    expect(observed).toEqual([1, 200, Math.ceil(200 / 32)]);
  }, 60_000);

  it('saves the networks of an experiment that trains as runs, named by the experiment, in training order', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bplab-experiment-jobs-'));
    try {
      const runEnvironment = { dataDir, appVersion: 'test', models: new ModelStore(BUNDLED, join(dataDir, 'models')) };
      const { service, finished } = engine({ ...createStandInBackend().backend, runEnvironment });
      const { jobId } = await service.call('experiments.run', { id: 'batch-size', params: { trainImages: 40, epochs: 1, miniBatch: 16 }, saveAsRuns: { name: 'Batch size' } });
      const end = await finished(jobId);
      expect(end.event).toBe('experiment.done');
      const saved = (end.payload as EventPayload<'experiment.done'>).savedRuns!;
      expect(saved.map((run) => run.name)).toEqual(['Batch size · batch (BGD)', 'Batch size · stochastic (SGD)', 'Batch size · mini-batch']);
      const stored = await new RunStore(dataDir).listRuns();
      expect(stored.map((run) => [run.name, run.status, run.trainSpec.batchSize]).sort()).toEqual([
        ['Batch size · batch (BGD)', 'completed', 40], ['Batch size · mini-batch', 'completed', 16], ['Batch size · stochastic (SGD)', 'completed', 1],
      ]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to save an experiment that trains nothing, or where the engine has no run store', async () => {
    const { service, events } = engine();
    await expect(service.call('experiments.run', { id: 'xor', saveAsRuns: { name: 'XOR' } })).rejects.toThrow('experiment xor trains no network on MNIST, so there is nothing to save as a run');
    await expect(service.call('experiments.run', { id: 'batch-size', saveAsRuns: { name: 'Batch size' } })).rejects.toThrow('this engine has no run store');
    expect(events).toEqual([]);
  });
});
