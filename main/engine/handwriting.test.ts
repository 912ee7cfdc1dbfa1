/** The engine's handwriting and insight methods on real model files and MNIST. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectKernels } from '../../core/kernels/select.js';
import { loadMnist } from '../datasets/mnist.js';
import { ModelStore } from '../store/model-store.js';
import { ModelLibrary } from './model-library.js';
import { HandwritingService } from './handwriting.js';

const bundledDir = resolve(import.meta.dirname, '..', '..', 'resources', 'models');
const work = mkdtempSync(join(tmpdir(), 'handwriting-engine-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const library = new ModelLibrary(new ModelStore(bundledDir, join(work, 'models')), () => selectKernels('js'));

async function serviceWithDigits(count: number) {
  const service = new HandwritingService({ dataDir: join(work, `data-${count}`), models: library });
  const handlers = service.handlers();
  const test = await loadMnist('test');
  for (let i = 0; i < count; i++) {
    await handlers['handwriting.add']({ label: test.labels[i]!, pixels: Array.from(test.images.subarray(i * 784, (i + 1) * 784)), strokes: null });
  }
  return { handlers, test };
}

describe('handwriting.evaluate', () => {
  it('matches the model classifying each sample alone, and its MNIST figure matches the accuracy its file records', async () => {
    const { handlers, test } = await serviceWithDigits(60);
    const result = await handlers['handwriting.evaluate']({ modelId: 'bundled:seed-mlp' });
    const model = await library.load('bundled:seed-mlp');
    const listing = await handlers['handwriting.list']();
    let wrong = 0;
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    listing.samples.forEach((sample) => {
      const pixels = Float32Array.from(Buffer.from(sample.pixels, 'base64'), (v) => v / 255);
      const p = Array.from(model.classify(pixels));
      const predicted = p.indexOf(Math.max(...p));
      confusion[sample.label]![predicted]!++;
      if (predicted !== sample.label) wrong++;
    });
    expect(result.personal.count).toBe(60);
    expect(result.personal.confusion).toEqual(confusion);
    expect(result.personal.accuracy).toBeCloseTo(1 - wrong / 60, 12);
    expect(result.misread).toHaveLength(wrong);
    // seed-mlp.bplab records 97.47% on the 10,000 test digits.
    expect(result.mnist.count).toBe(test.count);
    expect(result.mnist.accuracy).toBeCloseTo(model.info.testAccuracy!, 4);
  });
});

describe('insight', () => {
  it('explains a drawing with cnn-best: saliency of the chosen class, every layer, 16 first-layer filters', async () => {
    const { handlers } = await serviceWithDigits(0);
    const test = await loadMnist('test');
    const input = Array.from(test.images.subarray(0, 784));
    const top = await handlers['insight.explain']({ modelId: 'bundled:cnn-best', input });
    expect(top.classIndex).toBe(test.labels[0]);
    expect(top.saliency).toHaveLength(784);
    expect(Math.max(...top.saliency.map(Math.abs))).toBeGreaterThan(0);
    const spec = (await library.load('bundled:cnn-best')).info.modelSpec;
    expect(top.layers).toHaveLength(spec.layers.length);
    expect(top.layers[0]!.shape[0]).toBe(16);
    expect(top.filters?.shape).toEqual([16, 1, 5, 5]);
    const other = await handlers['insight.explain']({ modelId: 'bundled:cnn-best', input, classIndex: 3 });
    expect(other.classIndex).toBe(3);
    expect(other.saliency).not.toEqual(top.saliency);
  });

  it('MNIST insight: the confusion matrix holds all 10,000 digits and its diagonal is the recorded accuracy', async () => {
    const { handlers } = await serviceWithDigits(0);
    const result = await handlers['insight.mnist']({ modelId: 'bundled:seed-mlp' });
    const total = result.test.confusion.flat().reduce((a, b) => a + b, 0);
    const diagonal = result.test.confusion.reduce((sum, row, k) => sum + row[k]!, 0);
    expect(total).toBe(10_000);
    expect(diagonal).toBe(9747);
    expect(result.misread).toHaveLength(253);
    // The predicted bytes agree with the confusion matrix's cell of the first misread digit.
    const predicted = Buffer.from(result.predicted, 'base64');
    const first = result.misread[0]!;
    expect(predicted[first.index]).toBe(first.predicted);
    // The labels bytes are the test set's labels, so a cell's digits are those with that label and answer.
    const test = await loadMnist('test');
    expect(Buffer.from(result.labels, 'base64')).toEqual(Buffer.from(test.labels));
    const cell = [...predicted.keys()].filter((i) => test.labels[i] === first.label && predicted[i] === first.predicted);
    expect(cell).toHaveLength(result.test.confusion[first.label]![first.predicted]!);
    expect(result.weights.map((w) => w.name)).toEqual(['layers.0.weight', 'layers.1.weight', 'layers.2.weight']);
    expect(result.weights[0]!.count).toBe(784 * 64);
    const digits = await handlers['insight.mnistDigits']({ indices: [first.index] });
    expect(digits.digits[0]!.label).toBe(first.label);
    await expect(handlers['insight.mnistDigits']({ indices: [10_000] })).rejects.toThrow(/digit 10000 does not exist/);
  });
});
