/**
 * runs.damaged and runs.delete on the real run store (a temporary data dir): a run folder whose run.json
 * is cut short, no run record, or names another run is left out of runs.list and named by runs.damaged
 * with why as a code and params; runs.delete removes that folder and nothing else; an id with no folder
 * is refused by code.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseResult } from '../../contract/index.js';
import { EngineService } from './service.js';
import { createStandInBackend } from './stand-in-backend.js';
import { RunStore } from '../store/run-store.js';
import { modelSpec, trainSpec } from '../store/run-fixtures.testing.js';
import { snapshotTree } from '../../tests/fuzz/fuzz.testing.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-damaged-runs-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function engineWithDamage() {
  const store = new RunStore(dataDir);
  const service = new EngineService({ ...createStandInBackend().backend, runs: store }, () => undefined);
  const good = await store.createRun({ name: 'kept', status: 'completed', modelSpec, trainSpec });
  const runJson = (id: string) => join(store.runsDir, id, 'run.json');
  const damage = async (id: string, text: string) => {
    await mkdir(join(store.runsDir, id), { recursive: true });
    await writeFile(runJson(id), text);
    await writeFile(join(store.runsDir, id, 'metrics.jsonl'), '{"kind":"iteration"}\n');
  };
  await damage('cut-short', '{"id": "cut-short", "name": "half a rec');
  await damage('not-a-record', JSON.stringify({ id: 'not-a-record', name: 7 }));
  await damage('other-id', JSON.stringify({ ...JSON.parse(await readFile(runJson(good.id), 'utf8')), id: good.id }));
  return { store, service, good, runJson };
}

describe('runs.damaged', () => {
  it('names each unreadable run folder with its reason as a code, and runs.list goes on without them', async () => {
    const { service, good, runJson } = await engineWithDamage();
    expect((await service.call('runs.list', {})).map((run) => run.id)).toEqual([good.id]);
    const answer = await service.handleMessage({ id: 1, method: 'runs.damaged', params: {} });
    if (!('result' in answer)) throw new Error(`runs.damaged was refused: ${JSON.stringify(answer)}`);
    const damaged = parseResult('runs.damaged', answer.result);
    expect(damaged.map(({ id, error }) => ({ id, code: error.code, params: error.params }))).toEqual([
      { id: 'cut-short', code: 'run.record-not-json', params: { file: runJson('cut-short') } },
      { id: 'not-a-record', code: 'run.record-invalid', params: { file: runJson('not-a-record'), field: 'name' } },
      { id: 'other-id', code: 'run.record-wrong-id', params: { file: runJson('other-id'), named: good.id, folder: 'other-id' } },
    ]);
    expect(damaged[0]!.error.message).toBe(`${runJson('cut-short')} is not valid JSON`);
  });

  it('runs.delete removes a damaged run\'s folder and nothing else', async () => {
    const { store, service, good } = await engineWithDamage();
    const before = snapshotTree(store.runsDir);
    expect(await service.call('runs.delete', { id: 'cut-short' })).toEqual({ ok: true });
    const after = snapshotTree(store.runsDir);
    const gone = [...before.keys()].filter((path) => !after.has(path));
    expect(gone.sort()).toEqual(['cut-short', join('cut-short', 'metrics.jsonl'), join('cut-short', 'run.json')]);
    for (const [path, what] of after) expect(before.get(path), path).toBe(what);
    expect((await service.call('runs.damaged', {})).map((run) => run.id)).toEqual(['not-a-record', 'other-id']);
    expect((await service.call('runs.list', {})).map((run) => run.id)).toEqual([good.id]);
  });

  it('runs.delete refuses an id with no folder by code, changing nothing', async () => {
    const { store, service } = await engineWithDamage();
    const before = snapshotTree(store.runsDir);
    const answer = await service.handleMessage({ id: 1, method: 'runs.delete', params: { id: 'no-such-run' } });
    expect(answer).toMatchObject({ error: { code: 'run.not-found', params: { id: 'no-such-run' }, message: 'no run with id "no-such-run"' } });
    expect(snapshotTree(store.runsDir)).toEqual(before);
  });
});
