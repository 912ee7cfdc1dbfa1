/**
 * Every command through the dispatcher (in-process, output captured), plus the bin script once as a
 * child process. Training runs are tiny (a few hundred images, one epoch) so the file takes seconds.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.testing.js';
import { loadMnistPart } from './data.js';
import { decodeModelFile, encodeModelFile } from '../../core/io/model-file.js';
import { decodeCheckpoint } from '../../core/io/checkpoint.js';
import { leaveAsInterrupted } from '../runs/interrupted.testing.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'backprop-lab-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const jsonLines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('dispatch and usage', () => {
  it('prints the command list and fails without a command, or with an unknown one', async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: backprop-lab <command>/);
    for (const name of ['train', 'eval', 'predict', 'gradcheck', 'race', 'bench', 'bench-kernels', 'serve']) {
      expect(none.stderr).toContain(`  ${name} `);
    }
    const unknown = await cli('fly');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "fly"/);
  });

  it('prints a command’s usage for --help and exits 0', async () => {
    const help = await cli('train', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--data-dir DIR .*default: \.data\//);
  });

  it.each([
    [['train', '--preset', 'seed-mlp', '--bogus'], /Unknown option '--bogus'/],
    [['train', '--preset', 'resnet'], /--preset must be one of seed-mlp, lenet5, cnn-best; got "resnet"/],
    [['train'], /give exactly one of --preset NAME and --spec FILE/],
    [['train', '--preset', 'seed-mlp', '--spec', 'x.json'], /exactly one/],
    [['train', '--preset', 'seed-mlp', '--epochs', '0'], /--epochs must be ≥ 1, got 0/],
    [['train', '--preset', 'seed-mlp', '--lr', 'fast'], /--lr must be a number, got "fast"/],
    [['train', '--preset', 'seed-mlp', '--optimizer', 'lbfgs'], /--optimizer must be one of sgd, momentum/],
    [['train', '--preset', 'seed-mlp', '--provider', 'cuda'], /--provider must be one of auto/],
    [['train', '--preset', 'seed-mlp', '--optimizer', 'adadelta', '--lr', '0.1'], /--lr does not apply to adadelta/],
    [['train', '--preset', 'seed-mlp', '--threads', '0'], /--threads must be auto or a whole number from 1 to 16, got "0"/],
    [['train', '--preset', 'seed-mlp', '--threads', 'many'], /--threads must be auto or a whole number from 1 to 16, got "many"/],
    [['eval'], /--model FILE is required/],
    [['eval', '--model', 'm.bplab', '--limit', '0'], /--limit must be ≥ 1, got 0/],
    [['predict', '--model', 'm.bplab'], /give at least one PNG image/],
    [['gradcheck', '--preset', 'seed-mlp', '--samples', 'two'], /--samples must be an integer/],
    [['race', '--fast'], /Unknown option '--fast'/],
    [['bench', '--w2-batches', '0'], /--w2-batches must be ≥ 1/],
    [['bench', '--turbo'], /Unknown option '--turbo'/],
  ])('%j → usage and status 2', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(`backprop-lab ${argv[0]}`);
  });
});

describe('train, eval and predict', () => {
  const dataDir = join(work, 'data');
  let done: Record<string, unknown>;
  let events: Record<string, unknown>[];

  beforeAll(async () => {
    const result = await cli(
      'train', '--preset', 'seed-mlp', '--epochs', '2', '--limit', '400', '--test-limit', '100', '--batch', '32',
      '--lr', '0.5', '--provider', 'js', '--data-dir', dataDir, '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    events = jsonLines(result.stdout);
    done = events.at(-1)!;
  });

  it('prints one JSON object per event, the last one `done` with run, model and test figures', () => {
    expect(events.map((e) => e.event)).toContain('iteration');
    expect(events.filter((e) => e.event === 'epoch').map((e) => e.epoch)).toEqual([1, 2]);
    expect(events.filter((e) => e.event === 'checkpoint')).toHaveLength(2);
    expect(done).toMatchObject({ event: 'done', reason: 'completed', epochs: 2 });
    const test = done.test as { accuracy: number; loss: number };
    expect(test.accuracy).toBeGreaterThanOrEqual(0);
    expect(test.accuracy).toBeLessThanOrEqual(1);
    expect(existsSync(done.modelPath as string)).toBe(true);
  });

  it('stores the run: run.json completed with the overrides, metrics.jsonl, checkpoints, the model', () => {
    const runDir = done.runDir as string;
    const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ status: 'completed', epochsDone: 2, preset: 'seed-mlp' });
    expect(run.trainSpec).toMatchObject({ batchSize: 32, epochs: 2, provider: 'js', optimizer: { type: 'sgd', lr: 0.5 } });
    expect(run.testAccuracy).toBe((done.test as { accuracy: number }).accuracy);
    const metrics = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics.filter((m) => m.kind === 'epoch').map((m) => m.point.epoch)).toEqual([1, 2]);
    const checkpoint = decodeCheckpoint(readFileSync(join(runDir, 'checkpoints', 'epoch-0002.ckpt')));
    expect(checkpoint.epoch).toBe(2);
    expect(checkpoint.weights['layers.0.weight']).toHaveLength(784 * 64);
    expect(readFileSync(join(runDir, 'model.bplab'))).toEqual(readFileSync(done.modelPath as string));
  });

  it('eval reproduces the test figures recorded at the end of training', async () => {
    const result = await cli('eval', '--model', done.modelPath as string, '--limit', '100', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    const test = done.test as { accuracy: number; loss: number };
    expect(report.count).toBe(100);
    // Trained on the js kernels, evaluated on whatever 'auto' picks: float32 rounding may differ.
    expect(Math.abs(report.accuracy - test.accuracy)).toBeLessThanOrEqual(0.01);
    expect(report.loss).toBeCloseTo(test.loss, 3);
    const confusion = report.confusion as number[][];
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
    expect(confusion.reduce((sum, row, i) => sum + row[i]!, 0) / 100).toBeCloseTo(report.accuracy, 12);
  });

  it('eval reads a Kaggle-layout CSV', async () => {
    const test = await loadMnistPart('test', 20);
    const rows = ['label,' + Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',')];
    for (let n = 0; n < test.count; n++) {
      rows.push([test.labels[n], ...Array.from(test.images.subarray(n * 784, (n + 1) * 784), (v) => Math.round(v * 255))].join(','));
    }
    const csv = join(work, 'digits.csv');
    writeFileSync(csv, rows.join('\n'));
    const fromCsv = JSON.parse((await cli('eval', '--model', done.modelPath as string, '--data', csv, '--json')).stdout);
    const fromIdx = JSON.parse((await cli('eval', '--model', done.modelPath as string, '--limit', '20', '--json')).stdout);
    expect(fromCsv.count).toBe(20);
    expect(fromCsv.accuracy).toBe(fromIdx.accuracy);
  });

  it('eval reads a folder of PNGs with one subfolder per class', async () => {
    const test = await loadMnistPart('test', 6);
    const folder = join(work, 'pngs');
    for (let n = 0; n < test.count; n++) {
      const png = new PNG({ width: 28, height: 28 });
      for (let p = 0; p < 784; p++) {
        png.data[p * 4] = png.data[p * 4 + 1] = png.data[p * 4 + 2] = Math.round(255 * (1 - test.images[n * 784 + p]!));
        png.data[p * 4 + 3] = 255;
      }
      mkdirSync(join(folder, String(test.labels[n])), { recursive: true });
      writeFileSync(join(folder, String(test.labels[n]), `${n}.png`), PNG.sync.write(png));
    }
    const result = await cli('eval', '--model', done.modelPath as string, '--data', folder, '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.count).toBe(6);
    expect(report.confusion.map((row: number[]) => row.reduce((a, b) => a + b, 0))).toEqual(
      Array.from({ length: 10 }, (_, digit) => Array.from(test.labels).filter((label) => label === digit).length),
    );
  });

  it('eval names the file when the model is missing or corrupt', async () => {
    const missing = await cli('eval', '--model', join(work, 'nope.bplab'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.bplab/);
    const bytes = readFileSync(done.modelPath as string);
    const truncated = join(work, 'truncated.bplab');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    const corrupt = await cli('eval', '--model', truncated);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/truncated\.bplab/);
  });

  it('predict gives each image a class and probabilities that sum to 1', async () => {
    // MNIST test image 0 drawn at 3× its size, dark ink on white, as a user's scan would be.
    const test = await loadMnistPart('test', 1);
    const png = new PNG({ width: 84, height: 84 });
    for (let y = 0; y < 84; y++) {
      for (let x = 0; x < 84; x++) {
        const ink = test.images[Math.floor(y / 3) * 28 + Math.floor(x / 3)]!;
        const offset = (y * 84 + x) * 4;
        png.data[offset] = png.data[offset + 1] = png.data[offset + 2] = Math.round(255 * (1 - ink));
        png.data[offset + 3] = 255;
      }
    }
    const image = join(work, 'seven.png');
    writeFileSync(image, PNG.sync.write(png));
    const result = await cli('predict', '--model', done.modelPath as string, '--json', image, image);
    expect(result.code, result.stderr).toBe(0);
    const predictions = jsonLines(result.stdout);
    expect(predictions).toHaveLength(2);
    const { class: digit, probabilities } = predictions[0] as { class: number; probabilities: number[] };
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(digit).toBe(probabilities.indexOf(Math.max(...probabilities)));
    const text = await cli('predict', '--model', done.modelPath as string, image);
    expect(text.stdout).toMatch(new RegExp(`seven\\.png: ${digit} \\(`));
  });

  it('predict refuses a blank page and a lone dot instead of naming a digit', async () => {
    const page = (dot: boolean) => {
      const png = new PNG({ width: 64, height: 64 });
      for (let i = 0; i < 64 * 64; i++) {
        const inDot = dot && Math.hypot((i % 64) - 32, Math.floor(i / 64) - 32) < 4;
        png.data.set(inDot ? [0, 0, 0, 255] : [255, 255, 255, 255], i * 4);
      }
      return PNG.sync.write(png);
    };
    const blank = join(work, 'blank.png');
    const dot = join(work, 'dot.png');
    writeFileSync(blank, page(false));
    writeFileSync(dot, page(true));
    const text = await cli('predict', '--model', done.modelPath as string, blank, dot);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('blank.png: no digit (the image is blank); draw a digit');
    expect(text.stdout).toContain('dot.png: no digit (too much ink for a digit: a blob or a scribble); draw a digit');
    const json = jsonLines((await cli('predict', '--model', done.modelPath as string, '--json', blank)).stdout);
    expect(json).toEqual([{ image: blank, class: null, refused: 'blank' }]);
  });

  it('predict names an image that is missing, without a raw system error', async () => {
    const missing = join(work, 'absent.png');
    const result = await cli('predict', '--model', done.modelPath as string, missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot read image ${missing}: no such file`);
    expect(result.stderr).not.toMatch(/ENOENT/);
  });

  it('names the model file when its weights do not fit its spec', async () => {
    const path = done.modelPath as string;
    const saved = decodeModelFile(new Uint8Array(readFileSync(path)), path);
    const { ['layers.0.bias']: _dropped, ...weights } = saved.weights;
    const misfit = join(work, 'misfit.bplab');
    writeFileSync(misfit, encodeModelFile({ ...saved, weights }));
    const result = await cli('eval', '--model', misfit, '--limit', '10');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^backprop-lab eval: \S*misfit\.bplab: .*layers\.0\.bias/m);
  });

  it('predict names an image that is not a PNG', async () => {
    const bogus = join(work, 'not.png');
    writeFileSync(bogus, 'hello');
    const result = await cli('predict', '--model', done.modelPath as string, bogus);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not\.png/);
  });
});

describe('train --resume', () => {
  it('1 epoch, then --resume for a second, gives bit-identical weights to 2 epochs straight', async () => {
    const dataDir = join(work, 'resume');
    const common = ['--preset', 'seed-mlp', '--limit', '300', '--test-limit', '50', '--batch', '50', '--provider', 'js', '--data-dir', dataDir, '--json'];
    const straight = jsonLines((await cli('train', ...common, '--epochs', '2')).stdout).at(-1)!;
    const first = jsonLines((await cli('train', ...common, '--epochs', '1')).stdout).at(-1)!;
    expect(JSON.parse(readFileSync(join(first.runDir as string, 'run.json'), 'utf8')).dataset).toEqual({ source: 'mnist', trainLimit: 300, testLimit: 50 });
    leaveAsInterrupted(first.runDir as string);
    // No --limit here: the run's stored limits must be used, or the weights would differ.
    const resumed = await cli('train', '--resume', first.runDir as string, '--epochs', '2', '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const events = jsonLines(resumed.stdout);
    expect(events.filter((e) => e.event === 'epoch').map((e) => e.epoch)).toEqual([2]);
    const last = events.at(-1)!;
    expect(last.runDir).toBe(first.runDir);
    const weightsOf = (path: string) => decodeModelFile(new Uint8Array(readFileSync(path)), path).weights;
    const a = weightsOf(straight.modelPath as string);
    const b = weightsOf(last.modelPath as string);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(Array.from(b[name]!.data), name).toEqual(Array.from(a[name]!.data));
    expect(JSON.parse(readFileSync(join(first.runDir as string, 'run.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 2 });
  });

  it('--threads 2 trains on two threads, says so, and records it in run.json', async () => {
    const result = await cli(
      'train', '--preset', 'seed-mlp', '--epochs', '1', '--limit', '200', '--test-limit', '50', '--batch', '50', '--provider', 'js',
      '--threads', '2', '--data-dir', join(work, 'threads'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('steps on 2 threads: 2 threads, as asked');
    const runDir = /^run: (.+)$/m.exec(result.stdout)![1]!;
    const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ status: 'completed', executor: { threads: 2 }, executorChosen: { threads: 2 } });
  });

  it('refuses an override that would change the run, leaving run.json as it was and the run resumable', async () => {
    const dataDir = join(work, 'resume-overrides');
    const first = jsonLines((await cli(
      'train', '--preset', 'seed-mlp', '--epochs', '1', '--limit', '100', '--test-limit', '10', '--batch', '50', '--provider', 'js',
      '--data-dir', dataDir, '--json',
    )).stdout).at(-1)!;
    const runDir = first.runDir as string;
    leaveAsInterrupted(runDir);
    const runJson = () => readFileSync(join(runDir, 'run.json'), 'utf8');
    const before = runJson();
    for (const [flag, value] of [['--optimizer', 'adam'], ['--batch', '10'], ['--lr', '0.1'], ['--seed', '3'], ['--data-dir', dataDir]]) {
      const refused = await cli('train', '--resume', runDir, '--epochs', '2', flag!, value!);
      expect(refused.code, flag).toBe(2);
      expect(refused.stderr).toContain(`${flag} cannot be used with --resume`);
      expect(refused.stderr).toMatch(/only --epochs and --provider may change/);
    }
    const otherLimit = await cli('train', '--resume', runDir, '--epochs', '2', '--limit', '200');
    expect(otherLimit.code).toBe(2);
    expect(otherLimit.stderr).toMatch(/--limit 200 differs from the run's stored --limit 100/);
    const otherTestLimit = await cli('train', '--resume', runDir, '--epochs', '2', '--test-limit', '20');
    expect(otherTestLimit.stderr).toMatch(/--test-limit 20 differs from the run's stored --test-limit 10/);
    expect(runJson()).toBe(before);

    const resumed = await cli('train', '--resume', runDir, '--epochs', '2', '--limit', '100', '--provider', 'js', '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(runJson())).toMatchObject({ status: 'completed', epochsDone: 2, trainSpec: { epochs: 2, optimizer: { type: 'sgd' } } });
  });

  it('refuses --resume together with --preset, and a folder that holds no run', async () => {
    const both = await cli('train', '--resume', work, '--preset', 'seed-mlp');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--resume continues a stored run with its own specs/);
    const empty = await cli('train', '--resume', work);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/run\.json: cannot resume from it/);
  });
});

describe('train: a spec that cannot train creates no run', () => {
  const conv = { type: 'conv2d', filters: 2, kernelSize: 3 };
  it.each([
    ['a convolution larger than its input', { inputShape: [1, 28, 28], layers: [{ ...conv, kernelSize: 30 }, { type: 'dense', units: 10 }] }, /layer 0 \(conv2d\): output height/],
    ['an input shape that does not fit the images', { inputShape: [100], layers: [{ type: 'dense', units: 10 }] }, /\[100\] holds 100 values but each sample of the data has 784/],
    ['a last layer with 5 outputs for 10 classes', { inputShape: [784], layers: [{ type: 'dense', units: 5 }] }, /layer 0 \(dense\) gives 5 outputs but the data has 10 classes/],
    ['a misspelt layer key', { inputShape: [1, 28, 28], layers: [{ ...conv, strides: 2 }, { type: 'dense', units: 10 }] }, /layer 0 \(conv2d\): unknown key 'strides'/],
  ])('%s', async (name, modelSpec, message) => {
    const file = join(work, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ modelSpec: { ...modelSpec, loss: 'softmax-cross-entropy' } }));
    const dataDir = join(work, `no-run-${name.replace(/\W+/g, '-')}`);
    const result = await cli('train', '--spec', file, '--epochs', '1', '--limit', '100', '--test-limit', '10', '--provider', 'js', '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(dataDir, 'runs'))).toBe(false);
  });

  it('a seed outside [0, 2³²) is a usage error', async () => {
    const result = await cli('train', '--preset', 'seed-mlp', '--seed', '4294967297');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--seed must be ≤ 4294967295, got 4294967297/);
  });

  it('a run that diverges stores the full divergence message in run.json', async () => {
    const dataDir = join(work, 'diverges');
    const result = await cli(
      'train', '--preset', 'seed-mlp', '--epochs', '1', '--limit', '100', '--test-limit', '10', '--lr', '1e300', '--provider', 'js',
      '--data-dir', dataDir, '--json',
    );
    expect(result.code).toBe(1);
    const done = jsonLines(result.stdout).at(-1)!;
    const run = JSON.parse(readFileSync(join(done.runDir as string, 'run.json'), 'utf8'));
    expect(run.status).toBe('diverged');
    expect(run.error).toMatch(/^Training diverged at epoch 1, iteration \d+: .*there is no checkpoint yet/);
  });
});

describe('gradcheck and race', () => {
  it('gradcheck reports a relative error per parameter tensor, all tiny for a correct backward pass', async () => {
    const result = await cli('gradcheck', '--preset', 'seed-mlp', '--entries', '8', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.tensors.map((t: { name: string }) => t.name)).toEqual([
      'layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'layers.2.weight', 'layers.2.bias',
    ]);
    expect(report.worst).toBeLessThan(1e-6);
    expect(report.passed).toBe(true);
  });

  it('gradcheck of a spec file whose convolution does not fit names the layer and fails', async () => {
    const spec = join(work, 'bad-spec.json');
    writeFileSync(spec, JSON.stringify({
      modelSpec: { inputShape: [1, 4, 4], layers: [{ type: 'conv2d', filters: 2, kernelSize: 7 }, { type: 'flatten' }, { type: 'dense', units: 3 }], loss: 'softmax-cross-entropy' },
    }));
    const result = await cli('gradcheck', '--spec', spec);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/layer 0/i);
  });

  it('race: SGD with η = 0.95 follows x ← 0.81x, y ← −0.9y from (−7, 2)', async () => {
    const result = await cli('race', '--json');
    expect(result.code).toBe(0);
    const race = JSON.parse(result.stdout);
    const sgd = race.runs.find((run: { label: string }) => run.label === 'SGD');
    expect(sgd.points).toHaveLength(21);
    // ∂z/∂x = x/5 and ∂z/∂y = 2y, so one step multiplies x by 1 − 0.95/5 and y by 1 − 2·0.95.
    const [x, y] = sgd.points[20];
    expect(x).toBeCloseTo(-7 * 0.81 ** 20, 10);
    expect(y).toBeCloseTo(2 * 0.9 ** 20, 10);
    expect(race.runs.map((run: { label: string }) => run.label)).toEqual(expect.arrayContaining(['SGD', 'Momentum', 'RMSProp', 'Adam']));
    const text = await cli('race');
    expect(text.stdout).toMatch(/^SGD\s+-0\.10347\s+0\.24315/m);
  });
});

describe('the bin script', () => {
  const run = promisify(execFile);
  const bin = join(root, 'bin', 'backprop-lab.mjs');

  it('runs a command through tsx and passes its exit status on', async () => {
    const { stdout } = await run(process.execPath, [bin, 'race', '--json'], { cwd: root });
    expect(JSON.parse(stdout).runs.length).toBeGreaterThanOrEqual(4);
    const failure = await run(process.execPath, [bin, 'train', '--epochs', 'x'], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/backprop-lab train --preset NAME/);
  });
});
