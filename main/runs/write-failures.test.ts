/**
 * A run whose writes fail (issue 14, item 5): a checkpoint on a full disk, metrics refused, the model
 * not written, the final status not written. The run stops (never trains on without checkpoints), ends
 * `failed` with the path and the reason, and no complete model is left beside that status.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPreset, type TrainEvent } from '@backprop-lab/core';
import { HostError } from '../../contract/index.js';
import { failWrites } from '../store/failing-writes.testing.js';
import { ModelStore } from '../store/model-store.js';
import { RunStore } from '../store/run-store.js';
import { startRun, type RunEnvironment } from './lifecycle.js';
import type { RunDescription } from './description.js';

const BUNDLED = fileURLToPath(new URL('../../resources/models/', import.meta.url));

let dataDir: string;
let failing: ReturnType<typeof failWrites> | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-run-write-'));
});
afterEach(async () => {
  failing?.restore();
  failing = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

function seedMlp(epochs: number): RunDescription {
  const { modelSpec, trainSpec } = getPreset('seed-mlp');
  return {
    name: 'seed-mlp', preset: 'seed-mlp', modelSpec, trainSpec: { ...trainSpec, epochs, batchSize: 50, provider: 'js' },
    dataset: { source: 'mnist', trainLimit: 300, testLimit: 50 }, start: { from: 'fresh' }, executor: { threads: 1 },
  };
}

/** Starts the run, collects its events, and returns how `finished` rejected. */
async function failedRun(epochs: number) {
  const events: TrainEvent[] = [];
  const env: RunEnvironment = { dataDir, appVersion: 'test', models: new ModelStore(BUNDLED, join(dataDir, 'models')), onEvent: (e) => events.push(e) };
  const active = await startRun(seedMlp(epochs), env);
  const error = await active.finished.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof HostError)) throw new Error(`expected the run to fail with a HostError, got ${String(error)}`);
  const runDir = active.runDir;
  const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
  return { error, events, runDir, record, epochsTrained: events.filter((e) => e.type === 'epoch').length };
}

const libraryModels = () => (existsSync(join(dataDir, 'models')) ? readdirSync(join(dataDir, 'models')) : []);

describe('a run whose writes fail', () => {
  it('a checkpoint on a full disk stops the run, which ends failed naming the file, with no model', async () => {
    failing = failWrites('ENOSPC', (path) => path.includes('epoch-0002.ckpt'));
    const { error, runDir, record, epochsTrained } = await failedRun(4);
    const path = join(runDir, 'checkpoints', 'epoch-0002.ckpt');
    expect(error.message).toBe(`Could not write ${path}: no space left on the device (ENOSPC)`);
    expect(record).toMatchObject({ status: 'failed', error: error.message, epochsDone: 1 });
    expect(epochsTrained).toBe(2); // not a third epoch without its checkpoint
    expect(readdirSync(join(runDir, 'checkpoints'))).toEqual(['epoch-0001.ckpt']);
    expect(existsSync(join(runDir, 'model.bplab'))).toBe(false);
    expect(libraryModels()).toEqual([]);
  });

  it('metrics that cannot be appended stop the run too', async () => {
    failing = failWrites('EACCES', (path) => path.endsWith('metrics.jsonl'));
    const { error, runDir, record, epochsTrained } = await failedRun(3);
    expect(error).toMatchObject({ code: 'storage.no-permission', params: { path: join(runDir, 'metrics.jsonl'), errno: 'EACCES' } });
    expect(record.status).toBe('failed');
    expect(epochsTrained).toBeLessThanOrEqual(1);
    expect(existsSync(join(runDir, 'model.bplab'))).toBe(false);
  });

  it('a library that cannot take the model leaves neither copy, and says why', async () => {
    failing = failWrites('EROFS', (path) => path.startsWith(join(dataDir, 'models')));
    const { error, runDir, record } = await failedRun(1);
    expect(error.message).toBe(`Could not write ${join(dataDir, 'models')}: the file system is read-only (EROFS)`);
    expect(record).toMatchObject({ status: 'failed', error: error.message });
    expect(record.modelId).toBeUndefined();
    expect(existsSync(join(runDir, 'model.bplab'))).toBe(false);
    expect(libraryModels()).toEqual([]);
  });

  it('a final status that cannot be written takes the model back; the run then reads as interrupted', async () => {
    // run.json stays writable until the model is in the run folder (the final status is next), then the disk is full.
    let full = false;
    failing = failWrites('ENOSPC', (path) => {
      full ||= readdirSync(join(dataDir, 'runs')).some((id) => existsSync(join(dataDir, 'runs', id, 'model.bplab')));
      return full && path.includes('run.json');
    });
    const { error, runDir, record } = await failedRun(1);
    expect(error.params.path).toBe(join(runDir, 'run.json'));
    expect(record.status).toBe('running'); // what the disk still says
    expect(existsSync(join(runDir, 'model.bplab'))).toBe(false);
    expect(libraryModels()).toEqual([]);
    failing.restore();
    const seen = await new RunStore(dataDir, { isAlive: () => false }).getRun(record.id);
    expect(seen?.status).toBe('interrupted');
  });
});
