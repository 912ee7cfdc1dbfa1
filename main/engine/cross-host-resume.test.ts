/**
 * One run lifecycle for every host (issue 8): a run started by the CLI and killed after its first
 * checkpoint goes on through the engine's API, and a run started through the engine's API and killed
 * goes on from the CLI; both end with the weights of a run never interrupted, bit for bit (one thread,
 * the same kernels, the same order of every operation: nothing may differ).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeModelFile } from '@backprop-lab/core';
import type { EventPayload } from '../../contract/index.js';
import { cli } from '../cli/run-cli.testing.js';
import { checkpointFileName } from '../store/checkpoint-files.js';
import { RunStore } from '../store/run-store.js';
import { createBackend } from './backend.js';
import { startChildEngine } from './child-host.js';
import { EngineService } from './service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EPOCHS = 3;
const LIMIT = 6000;
/** The same run in the CLI's flags and in runs.start's params. */
const cliFlags = ['--preset', 'seed-mlp', '--epochs', String(EPOCHS), '--batch', '50', '--provider', 'js', '--limit', String(LIMIT), '--test-limit', '200'];
const startParams = {
  preset: 'seed-mlp', overrides: { epochs: EPOCHS, batchSize: 50, provider: 'js' as const },
  dataset: { source: 'mnist' as const, trainLimit: LIMIT, testLimit: 200 },
};

let dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bplab-cross-host-'));
  dirs.push(dir);
  return dir;
}
beforeEach(() => {
  dirs = [];
});
afterEach(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const runIds = (dataDir: string) => (existsSync(join(dataDir, 'runs')) ? readdirSync(join(dataDir, 'runs')) : []);
const weightsOf = (path: string) => decodeModelFile(new Uint8Array(readFileSync(path)), path).weights;

/** Resolves once `path` exists (checkpoints are renamed into place whole, so it is complete then). */
async function fileAppears(path: () => string | undefined, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = path();
    if (found && existsSync(found)) return found;
    if (Date.now() > deadline) throw new Error(`no ${found ?? 'run folder'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const firstCheckpointOf = (dataDir: string) => () => {
  const [id] = runIds(dataDir);
  return id === undefined ? undefined : join(dataDir, 'runs', id, 'checkpoints', checkpointFileName(1));
};

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  // Until the exit is seen the process may still look alive to the run store.
  await exited;
}

/** The weights of the run trained to the end without a stop, from the CLI. */
async function uninterruptedWeights() {
  const dataDir = await freshDir();
  const result = await cli('train', ...cliFlags, '--data-dir', dataDir, '--json');
  expect(result.code, result.stderr).toBe(0);
  const [id] = runIds(dataDir);
  return { weights: weightsOf(join(dataDir, 'runs', id!, 'model.bplab')), record: await new RunStore(dataDir).getRun(id!) };
}

/** Asserts the run was cut off mid-way: interrupted, with fewer epochs behind it than asked. */
async function expectInterrupted(dataDir: string, id: string) {
  const run = await new RunStore(dataDir).getRun(id);
  expect(run?.status).toBe('interrupted');
  expect(run!.epochsDone).toBeLessThan(EPOCHS);
  return run!;
}

describe('a run goes on in another host than the one that started it', () => {
  it('CLI → killed → engine API, and engine API → killed → CLI: the weights of an uninterrupted run', { timeout: 600_000 }, async () => {
    const straight = await uninterruptedWeights();

    // Started from the CLI (its own process), killed once epoch 1's checkpoint is on disk.
    const fromCli = await freshDir();
    const cliProcess = spawn(process.execPath, [join(ROOT, 'bin', 'backprop-lab.mjs'), 'train', ...cliFlags, '--data-dir', fromCli, '--json'], {
      cwd: ROOT, stdio: 'ignore',
    });
    await fileAppears(firstCheckpointOf(fromCli));
    await killed(cliProcess);
    const [cliRunId] = runIds(fromCli);
    const cliRun = await expectInterrupted(fromCli, cliRunId!);
    expect({ trainSpec: cliRun.trainSpec, dataset: cliRun.dataset }).toEqual({ trainSpec: straight.record!.trainSpec, dataset: straight.record!.dataset });

    let done!: (payload: EventPayload<'training.done'>) => void;
    const finished = new Promise<EventPayload<'training.done'>>((r) => (done = r));
    const engine = new EngineService(await createBackend({ dataDir: fromCli }), (event, payload) => {
      if (event === 'training.done') done(payload as EventPayload<'training.done'>);
    });
    expect(await engine.call('runs.resume', { id: cliRunId! })).toMatchObject({ id: cliRunId, status: 'running' });
    expect((await finished).run).toMatchObject({ id: cliRunId, status: 'completed', epochsDone: EPOCHS });
    expectSameWeights(weightsOf(join(fromCli, 'runs', cliRunId!, 'model.bplab')), straight.weights);

    // Started through the engine's API (the engine in its own process, as under serve), killed the same way.
    const fromEngine = await freshDir();
    const connection = startChildEngine({ dataDir: fromEngine });
    const answered = new Promise<unknown>((r) => connection.onResponse(r));
    connection.send({ id: 1, method: 'runs.start', params: startParams });
    expect(await answered).toMatchObject({ id: 1, result: { status: 'running' } });
    await fileAppears(firstCheckpointOf(fromEngine));
    const exited = new Promise((r) => connection.onExit(r));
    process.kill(connection.pid!, 'SIGKILL');
    await exited;
    const [engineRunId] = runIds(fromEngine);
    const engineRun = await expectInterrupted(fromEngine, engineRunId!);
    expect({ trainSpec: engineRun.trainSpec, dataset: engineRun.dataset }).toEqual({ trainSpec: straight.record!.trainSpec, dataset: straight.record!.dataset });

    const resumed = await cli('train', '--resume', resolve(fromEngine, 'runs', engineRunId!), '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await new RunStore(fromEngine).getRun(engineRunId!)).toMatchObject({ status: 'completed', epochsDone: EPOCHS });
    expectSameWeights(weightsOf(join(fromEngine, 'runs', engineRunId!, 'model.bplab')), straight.weights);
  });
});

function expectSameWeights(actual: Record<string, { data: ArrayLike<number> & ArrayBufferView }>, expected: Record<string, { data: ArrayLike<number> & ArrayBufferView }>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const name of Object.keys(expected)) {
    expect(bytesOf(actual[name]!.data).equals(bytesOf(expected[name]!.data)), name).toBe(true);
  }
}

const bytesOf = (data: ArrayBufferView) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
