/**
 * The honest stand-in for "digits by other writers" (issue 12, point 6; the hidden set is not in the
 * repository): each of MNIST's 10,000 TEST digits traced into strokes and redrawn as another writer
 * might (core/data/writer-styles.ts: slant, width, elastic distortion, pen width, and 1s with a flag
 * and a base, 7s with a bar, 4s closed at the top, 9s with a straight stem), through the pad's recipe,
 * seeded. Prints each model's accuracy on it beside the original test images, per class and per edit.
 * Nothing is ever trained on it: the robust cnn-best (robust-cnn-best.ts) trains on variants of MNIST's
 * TRAINING digits.
 *
 *   npx tsx scripts/handwriting/writers-proxy.ts [--models resources/models/cnn-best.bplab,…] [--count N]
 */
import { loadMnist } from '../../main/datasets/mnist.js';
import { accuracyOf, describe, writerSet } from './writers.js';
import { PROXY_SEED } from './writers-proxy-seed.js';
import { numberFlag, textFlag } from './flags.js';



const models = textFlag('models', ['seed-mlp', 'lenet5', 'cnn-best'].map((m) => `resources/models/${m}.bplab`).join(',')).split(',');
const count = numberFlag('count', 10000, 1, 10000, true);

const sources = Uint32Array.from({ length: count }, (_, i) => i);
const started = Date.now();
const proxy = await writerSet('test', PROXY_SEED, sources);
console.log(`other writers' proxy: ${count} MNIST test digits redrawn (seed ${PROXY_SEED}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
const test = await loadMnist('test');
for (const model of models) {
  console.log(describe(`${model.replace(/^.*\//, '')} proxy`, await accuracyOf(model, proxy.images, proxy.labels, proxy.edits)));
  console.log(describe(`${model.replace(/^.*\//, '')} MNIST test`, await accuracyOf(model, test.images.subarray(0, count * 784), test.labels.subarray(0, count))));
}
