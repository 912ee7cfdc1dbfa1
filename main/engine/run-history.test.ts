/**
 * runs.rename and runs.checkpoints through the engine service on the real run store (a temporary data
 * dir): the name lands in run.json and is announced, a blank name is refused with the run unchanged,
 * and the checkpoints listed are the files the store kept, the newest as the resume point.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineService } from './service.js';
import { createStandInBackend } from './stand-in-backend.js';
import { RunStore } from '../store/run-store.js';
import { checkpoint, modelSpec, trainSpec } from '../store/run-fixtures.testing.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-run-history-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function engineOnDisk() {
  const store = new RunStore(dataDir);
  const events: Array<{ event: string; payload: unknown }> = [];
  const service = new EngineService({ ...createStandInBackend().backend, runs: store }, (event, payload) => events.push({ event, payload }));
  return { store, service, events };
}

const runJson = async (store: RunStore, id: string) => JSON.parse(await readFile(join(store.runDir(id), 'run.json'), 'utf8')) as { name: string };

describe('runs.rename', () => {
  it('writes the name to run.json, lists it and announces it', async () => {
    const { store, service, events } = engineOnDisk();
    const { id } = await store.createRun({ name: 'seed-mlp 2026-12-01 13:00:00', status: 'completed', modelSpec, trainSpec });
    // Through the wire, as every client sends it: the contract trims the name.
    const answer = await service.handleMessage({ id: 1, method: 'runs.rename', params: { id, name: '  sigmoid, lr 0.2  ' } });
    expect(answer).toMatchObject({ result: { id, name: 'sigmoid, lr 0.2' } });
    expect((await runJson(store, id)).name).toBe('sigmoid, lr 0.2');
    expect((await service.call('runs.list', {})).map((r) => r.name)).toEqual(['sigmoid, lr 0.2']);
    expect((await service.call('runs.get', { id })).name).toBe('sigmoid, lr 0.2');
    expect(events).toContainEqual({ event: 'training.status', payload: { run: expect.objectContaining({ id, name: 'sigmoid, lr 0.2', status: 'completed' }) } });
  });

  it('refuses a blank name and an unknown run, changing nothing', async () => {
    const { store, service } = engineOnDisk();
    const { id } = await store.createRun({ name: 'kept', status: 'stopped', modelSpec, trainSpec });
    const blank = await service.handleMessage({ id: 1, method: 'runs.rename', params: { id, name: '   ' } });
    expect(blank).toMatchObject({ error: { message: expect.stringContaining('a run name cannot be empty') } });
    expect((await runJson(store, id)).name).toBe('kept');
    await expect(service.call('runs.rename', { id: 'no-such-run', name: 'x' })).rejects.toThrow('no run with id "no-such-run"');
  });
});

describe('runs.checkpoints', () => {
  it('lists the newest checkpoint as the resume point and the best epoch’s beside it', async () => {
    const { store, service } = engineOnDisk();
    const { id } = await store.createRun({ name: 'm', status: 'interrupted', modelSpec, trainSpec });
    expect(await service.call('runs.checkpoints', { id })).toEqual([]);
    // Epoch 2 scored best; epochs 3 and 4 did not: the store keeps epoch 4 (newest) and epoch 2 (best).
    for (const [epoch, best] of [[1, 1], [2, 2], [3, 2], [4, 2]] as const) await store.saveCheckpoint(id, checkpoint(epoch, best));
    const listed = await service.call('runs.checkpoints', { id });
    expect(listed.map(({ epoch, fileName, role }) => ({ epoch, fileName, role }))).toEqual([
      { epoch: 4, fileName: 'epoch-0004.ckpt', role: 'latest' },
      { epoch: 2, fileName: 'epoch-0002.ckpt', role: 'best' },
    ]);
    expect(listed.every((c) => c.bytes > 0 && !Number.isNaN(Date.parse(c.savedAt)))).toBe(true);
    await expect(service.call('runs.checkpoints', { id: 'gone' })).rejects.toThrow('no run with id "gone"');
  });
});
