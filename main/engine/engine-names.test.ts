/**
 * The names the engine makes, as data through the engine service: a run started without a name gets
 * the English name and its parts (run.json keeps both, the summary sends both); a typed name has no
 * parts; a rename drops them; run.json files without parts (older ones) or with parts that do not word
 * their name (edited by hand) are listed by their name as stored, and are never rewritten by reading.
 * Expected parts are written out by hand from the stand-in preset `tiny` (sgd 0.1, batch 2, 3 epochs).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunNameParts } from '@backprop-lab/core';
import { EngineService } from './service.js';
import { createStandInBackend } from './stand-in-backend.js';
import { RunStore } from '../store/run-store.js';
import { modelSpec, trainSpec } from '../store/run-fixtures.testing.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-engine-names-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const runJsonText = (store: RunStore, id: string) => readFile(join(store.runDir(id), 'run.json'), 'utf8');

describe('a run named by the engine', () => {
  it('gets the English name and the parts it is made of; a typed name gets none', async () => {
    const service = new EngineService(createStandInBackend().backend, () => undefined);
    const named = await service.call('runs.start', { preset: 'tiny', overrides: { epochs: 1, batchSize: 4 } });
    expect(named.name).toBe('tiny · epochs=1 · batch=4');
    expect(named.nameParts).toEqual({
      kind: 'run', preset: 'tiny', more: 0,
      differences: [{ kind: 'setting', key: 'epochs', value: '1' }, { kind: 'setting', key: 'batchSize', value: '4' }],
    });
    expect((await service.call('runs.get', { id: named.id })).nameParts).toEqual(named.nameParts);
    const typed = await service.call('runs.start', { preset: 'tiny', name: '  my first run ' });
    expect(typed.name).toBe('my first run');
    expect(typed.nameParts).toBeUndefined();
  });
});

describe('the parts in run.json', () => {
  const parts: RunNameParts = { kind: 'run', preset: 'seed-mlp', more: 0, differences: [{ kind: 'setting', key: 'epochs', value: '3' }] };

  function engineOnDisk() {
    const store = new RunStore(dataDir);
    return { store, service: new EngineService({ ...createStandInBackend().backend, runs: store }, () => undefined) };
  }

  it('go with a rename: the typed name is shown as typed', async () => {
    const { store, service } = engineOnDisk();
    const { id } = await store.createRun({ name: 'seed-mlp · epochs=3', nameParts: structuredClone(parts), status: 'completed', modelSpec, trainSpec });
    expect((await service.call('runs.list', {}))[0]!.nameParts).toEqual(parts);
    const renamed = await service.call('runs.rename', { id, name: 'three epochs' });
    expect(renamed).toMatchObject({ name: 'three epochs' });
    expect(renamed.nameParts).toBeUndefined();
    const stored = JSON.parse(await runJsonText(store, id)) as Record<string, unknown>;
    expect(stored.name).toBe('three epochs');
    expect('nameParts' in stored).toBe(false);
  });

  it('an older run.json without parts is listed by its stored name and left as it was', async () => {
    const { store, service } = engineOnDisk();
    const { id } = await store.createRun({ name: 'seed-mlp · adam lr=0.001', status: 'completed', modelSpec, trainSpec });
    const before = await runJsonText(store, id);
    const [listed] = await service.call('runs.list', {});
    expect(listed).toMatchObject({ id, name: 'seed-mlp · adam lr=0.001' });
    expect(listed!.nameParts).toBeUndefined();
    await service.call('runs.get', { id });
    expect(await runJsonText(store, id)).toBe(before);
  });

  it('parts that do not word the stored name, or do not read as parts, are left out; the run is still listed', async () => {
    const { store, service } = engineOnDisk();
    await store.createRun({ name: 'edited by hand', nameParts: structuredClone(parts), status: 'completed', modelSpec, trainSpec });
    await store.createRun({ name: 'broken', nameParts: { kind: 'run', differences: 'many' } as never, status: 'completed', modelSpec, trainSpec });
    const listed = await service.call('runs.list', {});
    expect(listed.map((run) => run.name).sort()).toEqual(['broken', 'edited by hand']);
    expect(listed.map((run) => run.nameParts)).toEqual([undefined, undefined]);
  });
});
