/**
 * Runs on worker threads through the one run lifecycle: the executor a run names (`{ threads: 2 }`, or
 * `auto` with what it measured) is recorded in run.json; stopping and resuming a 2-thread run gives the
 * weights of the run never stopped, bit for bit; a worker thread that dies ends the run `failed` with a
 * message naming it, and the checkpoint written before stays on disk, loadable; a bad thread count is
 * refused before any folder exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeModelFile, getPreset, type TrainEvent } from '@backprop-lab/core';
import { ModelStore } from '../store/model-store.js';
import { RunStore } from '../store/run-store.js';
import { resumeRun, startRun, type RunEnvironment } from './lifecycle.js';
import type { RunDescription } from './description.js';

// Every worker thread the executor starts, so a test can end one as a crash would.
const started = vi.hoisted(() => [] as Worker[]);
vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:worker_threads')>();
  class RecordedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      started.push(this);
    }
  }
  return { ...actual, Worker: RecordedWorker };
});

const BUNDLED = fileURLToPath(new URL('../../resources/models/', import.meta.url));

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-threads-'));
  started.length = 0;
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function environment(onEvent?: (event: TrainEvent, runId: string) => void): RunEnvironment {
  return { dataDir, appVersion: 'test', models: new ModelStore(BUNDLED, join(dataDir, 'models')), onEvent };
}

/** The seed MLP on 300 MNIST images, dropout-free, batch 50: 6 steps per epoch (270 after the split). */
function seedMlp(executor: RunDescription['executor'], epochs = 2): RunDescription {
  const { modelSpec, trainSpec } = getPreset('seed-mlp');
  return {
    name: 'threads test', preset: 'seed-mlp', modelSpec,
    trainSpec: { ...trainSpec, epochs, batchSize: 50, provider: 'js', augment: { shiftPixels: 1 } },
    dataset: { source: 'mnist', trainLimit: 300, testLimit: 50 }, start: { from: 'fresh' }, executor,
  };
}

const runJson = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
const weightsOf = (path: string) => decodeModelFile(new Uint8Array(readFileSync(path)), path).weights;

describe('runs on worker threads', () => {
  it('records the executor and resumes a stopped 2-thread run to the weights of the run never stopped', async () => {
    const straight = await startRun(seedMlp({ threads: 2 }, 2), environment());
    const straightOutcome = await straight.finished;
    expect(runJson(straight.runDir).executorChosen).toEqual({ threads: 2, reason: '2 threads, as asked' });
    // The seed MLP has no BatchNorm: the main thread computes the first slice, one worker the second.
    expect(started).toHaveLength(1);

    // Stopped once the first epoch's checkpoint is written: the stop takes effect before the next batch.
    let stop = () => undefined as void;
    const first = await startRun(seedMlp({ threads: 2 }, 2), environment((event) => {
      if (event.type === 'checkpoint') stop();
    }));
    stop = () => first.stop();
    expect((await first.finished).done.reason).toBe('stopped');
    const resumed = await resumeRun(first.record.id, environment());
    expect(await resumed.executor).toMatchObject({ threads: 2 });
    const resumedOutcome = await resumed.finished;
    const a = weightsOf(straightOutcome.modelPath!);
    const b = weightsOf(resumedOutcome.modelPath!);
    for (const name of Object.keys(a)) expect(Array.from(b[name]!.data), name).toEqual(Array.from(a[name]!.data));
  });

  it('ends the run failed, naming the worker, when a worker thread dies; the last checkpoint stays', async () => {
    let ended = false;
    const active = await startRun(seedMlp({ threads: 2 }, 3), environment((event) => {
      if (event.type === 'checkpoint' && !ended) {
        ended = true;
        void started[0]!.terminate();
      }
    }));
    await expect(active.finished).rejects.toThrow(/worker thread 2 of 2 ended \(exit code 1\) while the run needed it/);
    const record = runJson(active.runDir);
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(/worker thread 2 of 2 ended/);
    const checkpoint = await new RunStore(dataDir).loadLatestCheckpoint(active.record.id);
    expect(checkpoint?.epoch).toBe(1);
    // The failure ends the other worker too: no thread is left running.
    await vi.waitFor(() => expect(started.every((worker) => worker.threadId === -1)).toBe(true));
  });

  it('auto measures one thread against the cores and records both figures and the choice', async () => {
    const active = await startRun(seedMlp({ threads: 'auto' }, 1), environment());
    await active.finished;
    const chosen = runJson(active.runDir).executorChosen;
    const measured = chosen.measured as { threads: number; samplesPerSecond: number }[];
    expect(measured.map((m) => m.threads)).toEqual([1, 2]);
    expect(measured.every((m) => m.samplesPerSecond > 0)).toBe(true);
    const faster = measured[1]!.samplesPerSecond > measured[0]!.samplesPerSecond ? 2 : 1;
    expect(chosen.threads).toBe(faster);
    expect(chosen.reason).toMatch(/one thread [\d,]+ samples\/s \(\d+ steps\), 2 threads [\d,]+ samples\/s/);
  });

  it('refuses a thread count it cannot use before creating a folder', async () => {
    for (const threads of [0, 1.5, 17]) {
      await expect(startRun(seedMlp({ threads }), environment())).rejects.toThrow(/executor\.threads must be 'auto' or a whole number from 1 to 16/);
    }
    expect(existsSync(join(dataDir, 'runs')) ? readdirSync(join(dataDir, 'runs')) : []).toEqual([]);
  });
});
