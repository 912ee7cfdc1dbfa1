import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeModelFile } from '../../core/io/model-file.js';
import { Tensor } from '../../core/tensor.js';
import { RunStore } from './run-store.js';
import { checkpoint, modelSpec, trainSpec } from './run-fixtures.testing.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-runs-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('RunStore', () => {
  it('creates a run folder with run.json naming this process as owner', async () => {
    const store = new RunStore(dataDir);
    const run = await store.createRun({ name: 'mlp', modelSpec, trainSpec });
    expect(run.status).toBe('running');
    expect(run.ownerPid).toBe(process.pid);
    const onDisk = JSON.parse(await readFile(join(dataDir, 'runs', run.id, 'run.json'), 'utf8'));
    expect(onDisk).toEqual(run);
    expect(await store.getRun(run.id)).toEqual(run);
    expect((await store.listRuns()).map((r) => r.id)).toEqual([run.id]);
  });

  it('appends metrics and reads them back, skipping a line torn by a crash', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'm', modelSpec, trainSpec });
    const iteration = { epoch: 1, iteration: 1, step: 1, loss: 2.3, accuracy: 0.1, learningRate: 0.1, samplesPerSecond: 900 };
    const epoch = { epoch: 1, trainLoss: 1.1, trainAccuracy: 0.5, learningRate: 0.1, elapsedMs: 5 };
    await store.appendMetrics(id, { kind: 'iteration', point: iteration });
    await store.appendMetrics(id, { kind: 'epoch', point: epoch });
    // A point edited into something the charts cannot draw is left out like the torn line.
    await store.appendMetrics(id, { kind: 'iteration', point: { step: 2, loss: 'high' } });
    await appendFile(join(store.runDir(id), 'metrics.jsonl'), '{"kind":"iteration","po');
    const { iterations, epochs } = await store.readMetrics(id);
    expect(iterations).toEqual([iteration]);
    expect(epochs).toEqual([epoch]);
    expect((await store.readMetricLines(id))[0]!.time).toEqual(expect.any(Number));
  });

  it('leaves out of the list a run.json edited into no run record, and names the file and field when it is asked for', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'kept', status: 'completed', modelSpec, trainSpec });
    const broken = await store.createRun({ name: 'edited', status: 'completed', modelSpec, trainSpec });
    const path = join(store.runDir(broken.id), 'run.json');
    const edited = JSON.stringify({ ...broken, durationMs: 'long', trainSpec: null });
    await writeFile(path, edited);
    expect((await store.listRuns()).map((r) => r.id)).toEqual([id]);
    await expect(store.getRun(broken.id)).rejects.toMatchObject({
      code: 'run.record-invalid', params: { file: path, field: 'durationMs' },
      message: `${path} is not a run record: its field durationMs is missing or not what a run record holds`,
    });
    expect(await readFile(path, 'utf8')).toBe(edited);
    // Nothing trains it, so it can still be deleted.
    await store.deleteRun(broken.id);
    expect(await store.getRun(broken.id)).toBeUndefined();
  });

  it('applies concurrent updates one after another', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'm', modelSpec, trainSpec });
    await Promise.all([store.updateRun(id, { epochsDone: 2 }), store.updateRun(id, { validationAccuracy: 0.9 }), store.updateRun(id, { status: 'paused' })]);
    const run = await store.getRun(id);
    expect([run!.epochsDone, run!.validationAccuracy, run!.status]).toEqual([2, 0.9, 'paused']);
  });

  it('keeps the newest and the best checkpoint, and loads the newest', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'm', modelSpec, trainSpec });
    expect(await store.loadLatestCheckpoint(id)).toBeNull();
    await store.saveCheckpoint(id, checkpoint(1, 1));
    await store.saveCheckpoint(id, checkpoint(2, 2));
    await store.saveCheckpoint(id, checkpoint(3, 2));
    await store.saveCheckpoint(id, checkpoint(4, 2));
    expect((await readdir(join(store.runDir(id), 'checkpoints'))).sort()).toEqual(['epoch-0002.ckpt', 'epoch-0004.ckpt']);
    expect(await store.loadLatestCheckpoint(id)).toEqual(checkpoint(4, 2));
    const run = await store.getRun(id);
    expect([run!.epochsDone, run!.durationMs]).toEqual([4, 4000]);
  });

  it('keeps the previous checkpoint until run.json records the new epoch (a process killed in between)', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'm', modelSpec, trainSpec });
    await store.saveCheckpoint(id, checkpoint(1, 1));
    await store.saveCheckpoint(id, checkpoint(2, 2));
    // The process dies as it records epoch 3: the file is written, run.json still says 2.
    store.updateRun = async () => {
      throw new Error('killed');
    };
    await expect(store.saveCheckpoint(id, checkpoint(3, 3))).rejects.toThrow('killed');
    expect((await readdir(join(store.runDir(id), 'checkpoints'))).sort()).toEqual(['epoch-0002.ckpt', 'epoch-0003.ckpt']);
    expect((await new RunStore(dataDir).getRun(id))!.epochsDone).toBe(2);
  });

  it('falls back to an older checkpoint when the newest is damaged', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'm', modelSpec, trainSpec });
    await store.saveCheckpoint(id, checkpoint(1, 1));
    await store.saveCheckpoint(id, checkpoint(2, 1));
    await appendFile(join(store.runDir(id), 'checkpoints', 'epoch-0002.ckpt'), 'junk');
    expect((await store.loadLatestCheckpoint(id))!.epoch).toBe(1);
  });

  it('finishes a run: status, metrics, model.bplab, no owner any more', async () => {
    const store = new RunStore(dataDir);
    const { id } = await store.createRun({ name: 'm', modelSpec, trainSpec });
    const model = {
      modelSpec, trainSpec, preprocessing: null, metrics: { test: { loss: 0.3, accuracy: 0.91 } },
      provenance: { appVersion: '0.1.0', createdAt: new Date().toISOString(), runId: id },
      weights: { 'layers.0.weight': new Tensor([784, 10], new Float32Array(7840).fill(0.5)) },
    };
    const run = await store.finishRun(id, { status: 'completed', metrics: { test: { loss: 0.3, accuracy: 0.91 } }, model });
    expect(run.status).toBe('completed');
    expect(run.ownerPid).toBeUndefined();
    expect(run.testAccuracy).toBe(0.91);
    expect(run.finishedAt).toEqual(expect.any(String));
    const saved = decodeModelFile(await readFile(store.modelPath(id)));
    expect(saved.provenance.runId).toBe(id);
    expect(saved.weights['layers.0.weight']!.data[5]).toBe(0.5);
  });

  it('reports a running run whose owner process is dead as interrupted, and persists that', async () => {
    const deadPid = 999_999;
    const owner = new RunStore(dataDir, { pid: deadPid, isAlive: () => true });
    const { id } = await owner.createRun({ name: 'm', modelSpec, trainSpec });
    await owner.saveCheckpoint(id, checkpoint(1, 1));
    const observer = new RunStore(dataDir, { isAlive: (pid) => pid !== deadPid });
    const run = await observer.getRun(id);
    expect(run!.status).toBe('interrupted');
    expect(run!.ownerPid).toBeUndefined();
    expect(JSON.parse(await readFile(join(observer.runDir(id), 'run.json'), 'utf8')).status).toBe('interrupted');
    // It resumes from its last checkpoint under a new owner.
    expect((await observer.loadLatestCheckpoint(id))!.epoch).toBe(1);
    const resumed = await observer.claimRun(id);
    expect([resumed.status, resumed.ownerPid]).toEqual(['running', process.pid]);
  });

  it('leaves finished runs and runs of live owners alone', async () => {
    const store = new RunStore(dataDir, { isAlive: () => true, pid: 4242 });
    const { id } = await store.createRun({ name: 'm', modelSpec, trainSpec });
    const other = new RunStore(dataDir, { isAlive: (pid) => pid === 4242 });
    expect((await other.getRun(id))!.status).toBe('running');
    await expect(other.deleteRun(id)).rejects.toThrow(/still running in process 4242; stop it first/);
    await expect(other.deleteRun(id)).rejects.toMatchObject({ code: 'run.still-active', params: { id, status: 'running', pid: 4242 } });
    expect((await other.getRun(id))!.status).toBe('running');
    await store.finishRun(id, { status: 'stopped' });
    const noneAlive = new RunStore(dataDir, { isAlive: () => false });
    expect((await noneAlive.getRun(id))!.status).toBe('stopped');
    await noneAlive.deleteRun(id);
    expect(await noneAlive.listRuns()).toEqual([]);
  });

  it('refuses ids that could leave the runs folder', async () => {
    const store = new RunStore(dataDir);
    expect(await store.getRun('../etc')).toBeUndefined();
    expect(() => store.runDir('../x')).toThrow(/not a run id/);
    expect(() => store.runDir('../x')).toThrow(expect.objectContaining({ code: 'run.bad-id', params: { id: '../x' } }));
  });
});
