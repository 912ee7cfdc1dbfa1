/**
 * Fuzz of the run store's files as a user may edit or truncate them (run.json, metrics.jsonl, a
 * checkpoint), read the way every client reads them: runs.list, runs.damaged, runs.get and runs.checkpoints through
 * the engine service, each answer checked against the contract as the app's client checks it. Each
 * input ends in answers the contract accepts or an error answer that names the run or its file, and
 * a refused file is left as it was (nothing rewritten, nothing removed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResult, type MethodName } from '../../contract/index.js';
import { EngineService } from '../engine/service.js';
import { createStandInBackend } from '../engine/stand-in-backend.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';
import { checkpoint, modelSpec, trainSpec } from './run-fixtures.testing.js';
import { RunStore } from './run-store.js';

/** An error answer of the engine: the refusal the app shows. */
class Refusal extends Error {}

let dataDir: string;
let store: RunStore;
let service: EngineService;
let runId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'run-store-fuzz-'));
  store = new RunStore(dataDir);
  service = new EngineService({ ...createStandInBackend().backend, runs: store }, () => undefined);
  const run = await store.createRun({ name: 'fuzzed run', status: 'running', modelSpec, trainSpec, dataset: { source: 'mnist', trainLimit: 100 } });
  runId = run.id;
  for (let epoch = 1; epoch <= 2; epoch++) {
    await store.appendMetrics(runId, { kind: 'iteration', point: { epoch, iteration: 1, step: epoch, loss: 0.5, accuracy: 0.8, learningRate: 0.1, samplesPerSecond: 1000 } });
    await store.appendMetrics(runId, { kind: 'epoch', point: { epoch, iterations: 1, trainLoss: 0.5, trainAccuracy: 0.8, validationLoss: 0.6, validationAccuracy: 0.7, learningRate: 0.1, elapsedMs: 10 } });
    await store.saveCheckpoint(runId, checkpoint(epoch, 1));
  }
  await store.finishRun(runId, { status: 'completed', epochsDone: 2, metrics: { test: { loss: 0.4, accuracy: 0.9 } } });
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The four reads every client makes of a stored run, each result through the contract's parser. */
async function readAsClients(): Promise<void> {
  const calls: [MethodName, object][] = [['runs.list', {}], ['runs.damaged', {}], ['runs.get', { id: runId }], ['runs.checkpoints', { id: runId }]];
  for (const [method, params] of calls) {
    const answer = await service.handleMessage({ id: 1, method, params });
    if ('error' in answer) throw new Refusal(`${method}: ${answer.error.message}`);
    parseResult(method, answer.result);
  }
}

function fileReader(name: string, path: string, json?: unknown) {
  const original = readFileSync(path);
  return {
    name, seeds: [new Uint8Array(original)], json, unchanged: [store.runsDir], inputPaths: [path],
    read: async (bytes: Uint8Array) => {
      writeFileSync(path, bytes);
      await readAsClients();
    },
    isOwnError: (error: unknown) => error instanceof Refusal,
    mentions: new RegExp(`${runId}|run\\.json|metrics\\.jsonl|\\.ckpt`),
    restore: () => writeFileSync(path, original),
  };
}

describe('fuzz: the run store as a user may edit it', () => {
  it('run.json: 300 edits end in records the contract accepts or an answer naming the run', async () => {
    const path = join(store.runDir(runId), 'run.json');
    const reader = fileReader('run.json', path, JSON.parse(readFileSync(path, 'utf8')));
    const report = await fuzz(reader);
    reader.restore();
    expect(failuresOf(report)).toEqual([]);
  });

  it('metrics.jsonl: 300 edits and truncations end in curves the contract accepts or an answer naming the run', async () => {
    const path = join(store.runDir(runId), 'metrics.jsonl');
    const reader = fileReader('metrics.jsonl', path);
    const lines = readFileSync(path, 'utf8');
    const report = await fuzz({ ...reader, boundaries: [[...lines.matchAll(/\n/g)].map((m) => m.index)] });
    reader.restore();
    expect(failuresOf(report).filter((line) => !/no input was refused/.test(line))).toEqual([]);
  });

  it('the newest checkpoint: 300 mutations end in a listing the contract accepts, the files left as they are', async () => {
    const [newest] = await store.listCheckpoints(runId);
    const path = join(store.runDir(runId), 'checkpoints', newest!.fileName);
    const reader = fileReader('checkpoint in the store', path);
    const report = await fuzz({ ...reader, read: async (bytes) => {
      await reader.read(bytes);
      // The resume point falls back to the one before a damaged newest checkpoint, or there is none.
      const loaded = await store.loadLatestCheckpoint(runId);
      if (loaded !== null && ![1, 2].includes(loaded.epoch)) throw new Error(`resumes from epoch ${loaded.epoch}`);
    } });
    reader.restore();
    expect(failuresOf(report).filter((line) => !/no input was refused/.test(line))).toEqual([]);
  });
});
