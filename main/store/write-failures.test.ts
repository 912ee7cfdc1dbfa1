/**
 * Write failures in the store (issue 14, item 5): a full disk, a read-only data folder and a denied
 * permission, made to happen through the store's file layer (the tests may run as root, for whom a
 * read-only folder is writable). Each is reported with the path and the reason, and nothing is left
 * half-written.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import { HostError } from '../../contract/index.js';
import { appendLineDurable, writeFileAtomic } from './atomic-write.js';
import { failWrites } from './failing-writes.testing.js';
import { RunStore } from './run-store.js';

const modelSpec: ModelSpec = { inputShape: [784], layers: [{ type: 'dense', units: 10 }], loss: 'softmax-cross-entropy' };
const trainSpec: TrainSpec = {
  optimizer: { type: 'sgd', lr: 0.1 }, init: 'xavier-uniform', batchSize: 64, epochs: 5, seed: 1,
  validationSplit: 0.1, preprocess: { type: 'none' }, provider: 'reference',
};

let dataDir: string;
let failing: ReturnType<typeof failWrites> | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-write-'));
});
afterEach(async () => {
  failing?.restore();
  failing = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<HostError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof HostError)) throw new Error(`expected a HostError, got ${String(error)}`);
  return error;
}

describe('atomic writes', () => {
  it('a full disk names the target, not the temporary, and keeps the old file whole', async () => {
    const path = join(dataDir, 'run.json');
    await writeFileAtomic(path, 'old');
    failing = failWrites('ENOSPC', () => true);
    const error = await rejection(writeFileAtomic(path, 'new'));
    expect(error.message).toBe(`Could not write ${path}: no space left on the device (ENOSPC)`);
    expect(error).toMatchObject({ code: 'storage.no-space', params: { path, errno: 'ENOSPC' } });
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dataDir)).toEqual(['run.json']);
  });

  it.each([
    ['EROFS', 'storage.read-only', 'the file system is read-only (EROFS)'],
    ['EACCES', 'storage.no-permission', 'permission denied (EACCES)'],
  ] as const)('an append refused with %s says so', async (errno, code, words) => {
    const path = join(dataDir, 'metrics.jsonl');
    failing = failWrites(errno, () => true);
    const error = await rejection(appendLineDurable(path, '{}'));
    expect(error).toMatchObject({ code, message: `Could not write ${path}: ${words}` });
    expect(existsSync(path)).toBe(false);
  });
});

describe('RunStore on a read-only or full data folder', () => {
  it('a new run on a read-only folder fails with EROFS naming the folder, and leaves nothing', async () => {
    failing = failWrites('EROFS', (path) => path.startsWith(dataDir));
    const error = await rejection(new RunStore(dataDir).createRun({ name: 'mlp', modelSpec, trainSpec }));
    expect(error.code).toBe('storage.read-only');
    expect(error.message).toMatch(new RegExp(`^Could not write ${dataDir}/runs/[\\w-]+/checkpoints: the file system is read-only \\(EROFS\\)$`));
    expect(error.message).not.toMatch(/ENOENT/);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('a run.json that cannot be written takes its new folder with it', async () => {
    failing = failWrites('ENOSPC', (path) => path.includes('run.json'));
    await rejection(new RunStore(dataDir).createRun({ name: 'mlp', modelSpec, trainSpec }));
    expect(await readdir(join(dataDir, 'runs'))).toEqual([]);
  });

  it('an interrupted run on a read-only folder is still listed, as interrupted, without rewriting run.json', async () => {
    const id = (await new RunStore(dataDir, { pid: 4242 }).createRun({ name: 'mlp', modelSpec, trainSpec })).id;
    // A stale temporary of the dead writer, which cannot be removed either.
    await writeFile(join(dataDir, 'runs', id, '.run.json.4242.0.tmp'), 'x');
    const onDisk = await readFile(join(dataDir, 'runs', id, 'run.json'), 'utf8');
    failing = failWrites('EROFS', (path) => path.startsWith(dataDir));
    const observer = new RunStore(dataDir, { isAlive: () => false });
    expect((await observer.listRuns()).map((run) => [run.id, run.status])).toEqual([[id, 'interrupted']]);
    expect(await readFile(join(dataDir, 'runs', id, 'run.json'), 'utf8')).toBe(onDisk);
  });

  it('a final status that cannot be written leaves no model.bplab beside the old one', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'mlp', modelSpec, trainSpec });
    failing = failWrites('ENOSPC', (path) => path.includes('run.json'));
    const model = new Uint8Array([1, 2, 3]);
    const error = await rejection(store.finishRun(id, { status: 'completed', model }));
    expect(error.params.path).toBe(join(dataDir, 'runs', id, 'run.json'));
    expect(existsSync(store.modelPath(id))).toBe(false);
    failing.restore();
    expect((await store.getRun(id))?.status).toBe('running');
  });
});
