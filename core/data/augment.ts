/**
 * On-the-fly augmentation of one batch of raw images [b, C, H, W] (before preprocessing, so the
 * background stays 0). Per image, in this order of draws from the seeded Rng:
 *   shift  tx, ty ~ U(−s, s) pixels        rotation θ ~ U(−r, r) degrees      scale k ~ U(1 − a, 1 + a)
 * then the output pixel p (pixel centres, about the image centre c) samples the source at
 *   q = c + R(−θ)(p − c − t)/k            by bilinear interpolation, 0 outside the image,
 * and finally x += N(0, σ²) per pixel when noise σ > 0. Components left out of the spec draw nothing.
 */
import type { Rng } from '../random.js';
import type { AugmentSpec } from '../spec.js';

export function isAugmenting(spec: AugmentSpec | undefined): spec is AugmentSpec {
  return !!spec && !!(spec.shiftPixels || spec.rotationDegrees || spec.scale || spec.noise);
}

/** Augments `count` images of shape [channels, height, width] in place. */
export function augmentBatch(
  images: Float32Array, count: number, shape: readonly number[], spec: AugmentSpec | undefined, rng: Rng,
): void {
  if (!isAugmenting(spec)) return;
  const [channels, height, width] = shape.length === 3 ? (shape as [number, number, number]) : [1, 28, 28];
  const planeSize = height * width;
  const imageSize = channels * planeSize;
  const source = new Float32Array(planeSize);
  for (let n = 0; n < count; n++) {
    const tx = spec.shiftPixels ? rng.uniform(-spec.shiftPixels, spec.shiftPixels) : 0;
    const ty = spec.shiftPixels ? rng.uniform(-spec.shiftPixels, spec.shiftPixels) : 0;
    const theta = spec.rotationDegrees ? (rng.uniform(-spec.rotationDegrees, spec.rotationDegrees) * Math.PI) / 180 : 0;
    const k = spec.scale ? rng.uniform(1 - spec.scale, 1 + spec.scale) : 1;
    const geometric = tx !== 0 || ty !== 0 || theta !== 0 || k !== 1;
    for (let c = 0; c < channels; c++) {
      const plane = images.subarray(n * imageSize + c * planeSize, n * imageSize + (c + 1) * planeSize);
      if (geometric) {
        source.set(plane);
        warpAffine(source, plane, width, height, tx, ty, theta, k);
      }
      if (spec.noise) for (let i = 0; i < planeSize; i++) plane[i] = plane[i]! + spec.noise * rng.normal();
    }
  }
}

/** Inverse-maps each output pixel into `source` (see header) and samples it bilinearly. */
export function warpAffine(
  source: Float32Array, target: Float32Array, width: number, height: number,
  tx: number, ty: number, theta: number, k: number,
): void {
  const cx = width / 2;
  const cy = height / 2;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5 - cx - tx) / k;
      const dy = (y + 0.5 - cy - ty) / k;
      // R(−θ) applied to (dx, dy).
      const sx = cx + cos * dx + sin * dy - 0.5;
      const sy = cy - sin * dx + cos * dy - 0.5;
      target[y * width + x] = bilinear(source, width, height, sx, sy);
    }
  }
}

/** Bilinear sample at (x, y) in pixel-index coordinates, treating pixels outside as 0. */
export function bilinear(image: Float32Array, width: number, height: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  return (
    (1 - fy) * ((1 - fx) * pixel(image, width, height, x0, y0) + fx * pixel(image, width, height, x0 + 1, y0)) +
    fy * ((1 - fx) * pixel(image, width, height, x0, y0 + 1) + fx * pixel(image, width, height, x0 + 1, y0 + 1))
  );
}

/**
 * image[y·width + x], 0 outside. A function of its own rather than a closure inside bilinear(): a closure
 * made per sample (784 per image, 4 calls each) was 6% of a cnn-best epoch's CPU time in a profile.
 */
function pixel(image: Float32Array, width: number, height: number, x: number, y: number): number {
  return x >= 0 && x < width && y >= 0 && y < height ? image[y * width + x]! : 0;
}
