/**
 * Fine-tuning on the personal handwriting set, through the real run lifecycle (main/runs), on the bundled
 * seed-mlp and MNIST test digits kept as "own" digits.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectKernels } from '../../core/kernels/select.js';
import { readManifest } from '../../core/io/model-file.js';
import type { EventPayload } from '../../contract/index.js';
import { fineTuneParams, parseEvent } from '../../contract/index.js';
import { loadMnist } from '../datasets/mnist.js';
import { startRun } from '../runs/lifecycle.js';
import { ModelStore } from '../store/model-store.js';
import { RunStore } from '../store/run-store.js';
import { HandwritingService, type HandwritingDeps } from './handwriting.js';
import { ModelLibrary } from './model-library.js';

const bundledDir = resolve(import.meta.dirname, '..', '..', 'resources', 'models');
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-finetune-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function service(overrides: Partial<HandwritingDeps> = {}) {
  const store = new ModelStore(bundledDir, join(dataDir, 'models'));
  const library = new ModelLibrary(store, () => selectKernels('js'));
  const events: EventPayload<'handwriting.finetune'>[] = [];
  const handwriting = new HandwritingService({
    dataDir, models: library, provider: () => 'js', emit: (payload) => events.push(payload),
    startRun: (description, onEvent) => startRun(description, { dataDir, appVersion: 'test', models: store, onEvent: (event) => onEvent(event) }),
    ...overrides,
  });
  return { handlers: handwriting.handlers(), handwriting, library, events };
}

/** `perClass` MNIST test digits of each class listed (the first ones of each), kept as the user's own. */
async function keepDigits(handlers: ReturnType<typeof service>['handlers'], perClass: number, classes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
  const test = await loadMnist('test');
  for (const digit of classes) {
    let kept = 0;
    for (let i = 0; i < test.count && kept < perClass; i++) {
      if (test.labels[i] !== digit) continue;
      await handlers['handwriting.add']({ label: digit, pixels: Array.from(test.images.subarray(i * 784, (i + 1) * 784)), strokes: null });
      kept++;
    }
  }
}

const params = (overrides: Record<string, unknown> = {}) => fineTuneParams.parse({ modelId: 'bundled:seed-mlp', epochs: 1, ...overrides });
const runFolders = () => (existsSync(join(dataDir, 'runs')) ? readdirSync(join(dataDir, 'runs')) : []);

describe('fine-tuning on the personal handwriting set', () => {
  it('starts from the model as it is: with no step taken (learning rate 1e-30), the new model reads everything as the old one did', async () => {
    const { handlers, handwriting, events } = service();
    await keepDigits(handlers, 4);
    const started = await handlers['handwriting.finetune'](params({ learningRate: 1e-30 }));
    // 4 per class: 1 held out, 3 train; MNIST makes half the mix.
    expect(started.counts).toEqual({ own: 30, mnist: 30, heldOut: 10 });
    // Before = the starting model's own figures: its file records 97.47% on the 10,000 test digits.
    expect(started.before.mnist.count).toBe(10_000);
    expect(started.before.mnist.accuracy).toBeCloseTo(0.9747, 10);
    await handwriting.fineTunes.settled();
    const done = events.at(-1)!;
    expect(done.state).toBe('done');
    expect(done.runId).toBe(started.runId);
    expect(done.after).toEqual(started.before);
  });

  it('after a real fine-tune, the new model is in the library and its figures are its own answers', async () => {
    const { handlers, handwriting, events, library } = service();
    await keepDigits(handlers, 4);
    const started = await handlers['handwriting.finetune'](params({ epochs: 3, learningRate: 0.01 }));
    await handwriting.fineTunes.settled();
    const done = events.at(-1)!;
    expect(events.filter((e) => e.state === 'epoch').map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(done.state).toBe('done');
    expect(done.modelName).toBe('seed-mlp · handwriting');
    const listed = (await library.list()).find((m) => m.id === done.modelId);
    expect(listed?.source).toBe('user');
    // The name as data, for the app to word: the model it started from, tuned on handwriting (in the run and the model).
    const parts = { kind: 'fine-tune', base: 'seed-mlp', source: 'handwriting' };
    expect(listed?.nameParts).toEqual(parts);
    expect((await new RunStore(dataDir).getRun(started.runId))?.nameParts).toEqual(parts);
    // Its origin, as the Models view shows it: the start model's own figures, and the run's 30 + 30 digits
    // (fine-tuning holds out none for validation) for its 3 epochs.
    const start = readManifest(new Uint8Array(readFileSync(join(bundledDir, 'seed-mlp.bplab'))));
    expect(listed?.fineTunedFrom).toMatchObject({
      start: { name: 'seed-mlp', testAccuracy: start.metrics!.test!.accuracy, tensorsCrc32: start.checksum.tensors },
      data: '30 digits of the personal handwriting set and 30 MNIST training digits', samples: 60, epochs: 3,
    });
    // Held out: each digit classified alone, as the pad does, by the new model and by the old one.
    const samples = await handwriting.set.list();
    const tuned = await library.load(done.modelId!);
    const old = await library.load('bundled:seed-mlp');
    const correct = (model: typeof tuned) => started.heldOutIds.filter((id) => {
      const sample = samples.find((s) => s.id === id)!;
      const p = model.classify(Float32Array.from(sample.pixels, (v) => v / 255));
      return p.indexOf(Math.max(...p)) === sample.label;
    }).length;
    expect(started.before.personal.count).toBe(10);
    expect(started.before.personal.accuracy).toBe(correct(old) / 10);
    expect(done.after!.personal.accuracy).toBe(correct(tuned) / 10);
    // After on MNIST: the same figure the run recorded in the new model's file (another code path: the loop's evaluation).
    expect(Math.abs(done.after!.mnist.accuracy - listed!.testAccuracy!)).toBeLessThanOrEqual(2 / 10_000);
    expect(done.after!.mnist).not.toEqual(started.before.mnist);
  });

  it('keeps each finished fine-tune with its run: a new engine on the same data folder lists them newest first, figures as they were sent', async () => {
    const first = service();
    await keepDigits(first.handlers, 4);
    const one = await first.handlers['handwriting.finetune'](params({ epochs: 1, learningRate: 0.01 }));
    await first.handwriting.fineTunes.settled();
    const two = await first.handlers['handwriting.finetune'](params({ epochs: 2, learningRate: 0.02, seed: 2 }));
    await first.handwriting.fineTunes.settled();
    const sent = (runId: string) => first.events.find((e) => e.runId === runId && e.state === 'done')!;
    expect([sent(one.runId).state, sent(two.runId).state]).toEqual(['done', 'done']);

    const restarted = service();
    const listed = await restarted.handlers['handwriting.finetunes']();
    expect(listed.map((f) => f.runId)).toEqual([two.runId, one.runId]);
    for (const [answer, fineTune] of [[two, listed[0]!], [one, listed[1]!]] as const) {
      expect(fineTune.before).toEqual(answer.before);
      expect(fineTune.after).toEqual(sent(answer.runId).after);
      expect(fineTune.counts).toEqual(answer.counts);
      expect(fineTune).toMatchObject({ startModelId: 'bundled:seed-mlp', startModelName: 'seed-mlp', modelId: sent(answer.runId).modelId, modelName: 'seed-mlp · handwriting' });
      expect(fineTune.runNameParts).toEqual({ kind: 'fine-tune', base: 'seed-mlp', source: 'handwriting' });
    }
    // The figures go with their run (runs.delete).
    await new RunStore(dataDir).deleteRun(one.runId);
    expect((await restarted.handlers['handwriting.finetunes']()).map((f) => f.runId)).toEqual([two.runId]);
  });

  it('lists no fine-tune whose figures were never stored, and names a figures file that does not read', async () => {
    const { handlers, handwriting } = service();
    await keepDigits(handlers, 4);
    const started = await handlers['handwriting.finetune'](params({ epochs: 1 }));
    await handwriting.fineTunes.settled();
    const file = join(dataDir, 'runs', started.runId, 'fine-tune.json');
    await writeFile(file, '{"before": 3}');
    await expect(handlers['handwriting.finetunes']()).rejects.toThrow(`${file} does not hold a fine-tune's figures`);
    await expect(handlers['handwriting.finetunes']()).rejects.toMatchObject({ code: 'fine-tune.figures-invalid', params: { file, field: 'startModelId' } });
    await writeFile(file, 'not json');
    await expect(handlers['handwriting.finetunes']()).rejects.toMatchObject({ code: 'fine-tune.figures-invalid', params: { file, field: '—' } });
    await rm(file);
    expect(await handlers['handwriting.finetunes']()).toEqual([]);
  });

  it('refuses an empty set and a drawn class with too few digits, before any run exists', async () => {
    const { handlers } = service();
    await expect(handlers['handwriting.finetune'](params())).rejects.toMatchObject({ code: 'handwriting.empty' });
    await keepDigits(handlers, 4, [1, 2, 3]);
    await keepDigits(handlers, 2, [7]);
    await expect(handlers['handwriting.finetune'](params())).rejects.toMatchObject({
      code: 'handwriting.too-few', params: { digits: '7', counts: '7: 2', min: 3 },
    });
    expect(runFolders()).toEqual([]);
    await expect(handlers['handwriting.finetune'](params({ modelId: 'bundled:nothing' }))).rejects.toThrow(/nothing/);
  });

  it('refuses a model with no network by code, before any run exists', async () => {
    const { handlers } = service({
      // A library whose model loads without a network (what ModelLibrary gives for a file it cannot build).
      models: { load: async () => ({ info: {}, summary: [], totalParams: 0 }) } as unknown as HandwritingDeps['models'],
    });
    await expect(handlers['handwriting.finetune'](params())).rejects.toMatchObject({ code: 'fine-tune.no-network', params: { id: 'bundled:seed-mlp' } });
    expect(runFolders()).toEqual([]);
  });

  it('a run that ends without a model fails the fine-tune by code: its status, and the run\'s own error as the problem (as text from an older run.json)', async () => {
    const noSpace = { code: 'storage.no-space', params: { path: '/data/runs/r/run.json', errno: 'ENOSPC' } };
    for (const [record, failure] of [
      [{ status: 'stopped' }, { code: 'fine-tune.no-model', params: { status: 'stopped' }, message: 'the fine-tune ended stopped without a model' }],
      [{ status: 'failed', error: 'NaN loss at epoch 1' }, { code: 'fine-tune.run-failed', params: { status: 'failed', reason: 'NaN loss at epoch 1' } }],
      [
        { status: 'failed', error: 'Could not write /data/runs/r/run.json: no space left on the device (ENOSPC)', errorData: noSpace },
        {
          code: 'fine-tune.run-error', params: { status: 'failed' }, problem: noSpace,
          message: 'the fine-tune ended failed without a model: Could not write /data/runs/r/run.json: no space left on the device (ENOSPC)',
        },
      ],
      [
        { status: 'diverged', noModel: 'diverged', error: 'Training diverged at epoch 1, iteration 3: the loss became NaN (learning rate 1)' },
        { code: 'fine-tune.diverged', message: 'the fine-tune diverged (the loss blew up), so it kept no model; try a smaller learning rate' },
      ],
    ] as const) {
      const { handlers, handwriting, events } = service({ startRun: async () => ({ record: { id: 'ended-early' }, finished: Promise.resolve({ record }) }) });
      if ((await handwriting.set.list()).length === 0) await keepDigits(handlers, 4);
      await handlers['handwriting.finetune'](params());
      await handwriting.fineTunes.settled();
      const ended = events.at(-1)!;
      expect(ended).toMatchObject({ runId: 'ended-early', state: 'failed', failure });
      expect(ended.error).toBe(ended.failure!.message);
      expect(parseEvent({ event: 'handwriting.finetune', payload: ended })).toBeTruthy();
    }
  });
});
