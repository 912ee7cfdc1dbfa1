/**
 * Makes the bundled cnn-best robust to other writers (issue 12, point 6): fine-tunes it, through our own
 * CLI (`train --spec … --from bundled:cnn-best --dataset …`), on MNIST's TRAINING digits mixed with
 * writer variants of other TRAINING digits (core/data/writer-styles.ts: pen width, slant, width,
 * elastic distortion, 1s with a flag and a base, 7s with a bar, closed 4s, straight-stemmed 9s), with
 * the loop's shift/rotation/scale augmentation on top. Then measures the old and the new model on the
 * 10,000 MNIST test images and on the other writers' proxy (writers-proxy.ts: variants of the TEST
 * digits, never trained on). With --install, the new model replaces resources/models/cnn-best.bplab
 * (its manifest records the fresh MNIST test evaluation, as the bundled-models test checks) only if it
 * keeps MNIST test accuracy at or above the old one's and reads the proxy better; otherwise nothing is
 * written. Seeded: the same command gives the same data and the same run.
 *
 *   nice -n 10 npx tsx scripts/handwriting/robust-cnn-best.ts [--install] [--epochs 3] [--variants 20000] [--originals 40000] [--measure 10000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  concatDatasets, encodeIdx, encodeModelFile, evaluateDataset, getPreset, Rng, selectKernels, subset,
  type Dataset, type TrainSpec,
} from '@backprop-lab/core';
import { loadMnist } from '../../main/datasets/mnist.js';
import { UserDatasets } from '../../main/datasets/user-datasets.js';
import { loadModelFile } from '../../main/cli/model-file.js';
import { accuracyOf, describe, percent, writerSet } from './writers.js';
import { PROXY_SEED } from './writers-proxy-seed.js';

const SEED = 612;
const root = resolve(import.meta.dirname, '../..');
const bundled = join(root, 'resources', 'models', 'cnn-best.bplab');
const indexPath = join(root, 'resources', 'models', 'index.json');

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const epochs = flag('epochs', 3);
const variantCount = flag('variants', 20000);
const originalCount = flag('originals', 40000);
const install = process.argv.includes('--install');
/** Fewer proxy and test digits for a quick trial; --install needs all 10,000. */
const measured = flag('measure', 10000);

/** Fine-tuning a trained model: a tenth of the preset's step, halved each epoch, the preset's augmentation. */
function robustTrainSpec(): TrainSpec {
  const preset = getPreset('cnn-best').trainSpec;
  return {
    ...preset,
    optimizer: { type: 'adam', lr: 2e-4 },
    schedule: { type: 'step', factor: 0.5, every: 1, unit: 'epoch' },
    epochs,
    seed: SEED,
    provider: 'auto',
  };
}

function train(specPath: string, dataDir: string, out: string): Promise<void> {
  const args = [join(root, 'bin', 'backprop-lab.mjs'), 'train', '--spec', specPath, '--from', 'bundled:cnn-best',
    '--dataset', 'writers', '--json', '--data-dir', dataDir, '--out', out];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (event.event === 'epoch') {
          const validation = event.validation ? ` val acc ${percent(event.validation.accuracy)}` : '';
          console.log(`epoch ${event.epoch}/${event.epochs}: train loss ${event.train.loss.toFixed(4)}${validation} (${Math.round(event.elapsedMs / 1000)} s)`);
        }
      }
    });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`training failed (exit status ${code})`))));
  });
}

const started = Date.now();
const mnistTrain = await loadMnist('train');
const rng = new Rng(SEED);
const order = rng.shuffle(Uint32Array.from({ length: mnistTrain.count }, (_, i) => i));
const originals = subset(mnistTrain, order.subarray(0, originalCount).slice().sort());
const variantSources = rng.shuffle(Uint32Array.from({ length: mnistTrain.count }, (_, i) => i)).subarray(0, variantCount).slice().sort();
const variants = await writerSet('train', SEED, variantSources);
const variantData: Dataset = { images: variants.images, labels: variants.labels, count: variants.labels.length, shape: originals.shape, classes: originals.classes };
const data = concatDatasets([originals, variantData]);
console.log(`training data: ${originalCount} MNIST training digits + ${variantCount} writer variants of training digits (${((Date.now() - started) / 1000).toFixed(0)} s)`);

const work = mkdtempSync(join(tmpdir(), 'backprop-lab-robust-'));
try {
  const idx = encodeIdx(data);
  writeFileSync(join(work, 'writers-images-idx3-ubyte'), idx.images);
  writeFileSync(join(work, 'writers-labels-idx1-ubyte'), idx.labels);
  const dataDir = join(work, 'data');
  await new UserDatasets(dataDir).import('writers', {
    kind: 'idx', imagesPath: join(work, 'writers-images-idx3-ubyte'), labelsPath: join(work, 'writers-labels-idx1-ubyte'),
  });
  const specPath = join(work, 'spec.json');
  writeFileSync(specPath, JSON.stringify({ modelSpec: getPreset('cnn-best').modelSpec, trainSpec: robustTrainSpec() }));
  const out = join(work, 'cnn-best.bplab');
  await train(specPath, dataDir, out);

  const proxy = await writerSet('test', PROXY_SEED, Uint32Array.from({ length: measured }, (_, i) => i));
  const fullTest = await loadMnist('test');
  const test = subset(fullTest, Uint32Array.from({ length: measured }, (_, i) => i));
  const results = [];
  for (const [name, path] of [['cnn-best (bundled)', bundled], ['cnn-best (robust)', out]] as const) {
    const onProxy = await accuracyOf(path, proxy.images, proxy.labels, proxy.edits);
    const onTest = await accuracyOf(path, test.images, test.labels);
    console.log(describe(`${name} proxy`, onProxy));
    console.log(describe(`${name} MNIST test`, onTest));
    results.push({ onProxy, onTest });
  }
  const [before, after] = results as [(typeof results)[0], (typeof results)[0]];
  const keeps = after.onTest.overall >= before.onTest.overall && after.onProxy.overall > before.onProxy.overall;
  console.log(`MNIST test ${percent(before.onTest.overall)} → ${percent(after.onTest.overall)}, proxy ${percent(before.onProxy.overall)} → ${percent(after.onProxy.overall)}: ${keeps ? 'better' : 'not better'} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  if (install && keeps && measured === fullTest.count) {
    const { saved, model } = loadModelFile(out, await selectKernels('js'));
    const fresh = evaluateDataset(model, saved.preprocessing, test);
    saved.metrics = { ...saved.metrics, test: { loss: fresh.loss, accuracy: fresh.accuracy, confusion: fresh.confusion, count: test.count } };
    saved.provenance = { ...saved.provenance, notes: `bundled cnn-best fine-tuned on ${originalCount} MNIST training digits and ${variantCount} writer variants (scripts/handwriting/robust-cnn-best.ts, seed ${SEED}); other writers' proxy ${percent(after.onProxy.overall)}` };
    writeFileSync(`${bundled}.tmp`, encodeModelFile(saved));
    renameSync(`${bundled}.tmp`, bundled);
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    index.models['cnn-best'] = { ...index.models['cnn-best'], testAccuracy: fresh.accuracy, testLoss: fresh.loss, trainedAt: new Date().toISOString() };
    writeFileSync(`${indexPath}.tmp`, `${JSON.stringify(index, null, 2)}\n`);
    renameSync(`${indexPath}.tmp`, indexPath);
    console.log(`resources/models/cnn-best.bplab replaced: MNIST test ${percent(fresh.accuracy)}`);
  } else if (install) console.log('resources/models/cnn-best.bplab kept');
} finally {
  rmSync(work, { recursive: true, force: true });
}
