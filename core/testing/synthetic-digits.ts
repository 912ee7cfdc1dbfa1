/** Test support: a dataset any small network learns in a few epochs, with no file to read. */
import type { Dataset } from '../data/dataset.js';
import { Rng } from '../random.js';

/** Learnable synthetic digits: class c lights a 4×4 block at a class-specific place, on faint noise. */
export function syntheticDigits(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 784);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % 10;
    labels[n] = label;
    for (let p = 0; p < 784; p++) images[n * 784 + p] = 0.1 * rng.next();
    const top = 2 + 2 * label;
    const left = 4 + (label % 3) * 6;
    for (let r = top; r < top + 4; r++) for (let c = left; c < left + 4; c++) images[n * 784 + r * 28 + c] = 1;
  }
  return { images, labels, count, shape: [1, 28, 28], classes: 10 };
}
