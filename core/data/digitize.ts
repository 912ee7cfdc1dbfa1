/**
 * The MNIST recipe (LeCun et al.): turn any grey image of one digit into a 28×28 sample like the training
 * set's. Used by the drawing pad, PNG import and `predict`.
 *
 *   1. crop to the bounding box of the ink (pixels above `inkThreshold` × the brightest pixel);
 *   2. scale so the longer side is 20 px, keeping the aspect ratio, by AREA AVERAGING: output pixel
 *      (i, j) is the mean of the source over the rectangle it covers, so thin strokes become grey levels
 *      (anti-aliasing) instead of disappearing;
 *   3. place it in a 28×28 field so its centre of mass (in pixel indices) lands on pixel (14, 14); the
 *      shift is rounded to whole pixels and what falls outside is clipped. MNIST itself has its centres
 *      of mass in [13.5, 14.5) on both axes, which is this rule (checked in digitize.test.ts).
 *
 * Ink is high: 1 = full ink, 0 = background. `rgbaToInk` turns canvas/PNG pixels into such an image,
 * whichever the polarity of the drawing.
 */

export const MNIST_SIDE = 28;
/** The longer side of the digit's box inside the field (MNIST: 20 px in a 28 px field). */
export const DIGIT_BOX_SIDE = 20;

export interface DigitizeOptions {
  /** Pixels above this fraction of the brightest pixel count as ink for the bounding box (default 0.05). */
  inkThreshold?: number;
}

/** Grey image (width × height, row-major, ink high, any scale ≥ 0) → 28×28 MNIST-style sample in [0, 1]. */
export function digitize(grey: ArrayLike<number>, width: number, height: number, options: DigitizeOptions = {}): Float32Array {
  if (grey.length !== width * height) {
    throw new Error(`digitize: image has ${grey.length} values but ${width}×${height} needs ${width * height}`);
  }
  const field = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  let brightest = 0;
  for (let i = 0; i < grey.length; i++) brightest = Math.max(brightest, grey[i]!);
  if (!(brightest > 0)) return field;

  const box = inkBoundingBox(grey, width, height, (options.inkThreshold ?? 0.05) * brightest);
  const scale = DIGIT_BOX_SIDE / Math.max(box.width, box.height);
  const scaledWidth = Math.max(1, Math.min(DIGIT_BOX_SIDE, Math.round(box.width * scale)));
  const scaledHeight = Math.max(1, Math.min(DIGIT_BOX_SIDE, Math.round(box.height * scale)));
  const scaled = areaResample(grey, width, box, scaledWidth, scaledHeight, 1 / brightest);

  // Centre of mass of the scaled digit, in pixel indices.
  let mass = 0;
  let momentX = 0;
  let momentY = 0;
  for (let y = 0; y < scaledHeight; y++) {
    for (let x = 0; x < scaledWidth; x++) {
      const v = scaled[y * scaledWidth + x]!;
      mass += v;
      momentX += v * x;
      momentY += v * y;
    }
  }
  const centre = MNIST_SIDE / 2;
  const offsetX = mass > 0 ? Math.round(centre - momentX / mass) : Math.floor((MNIST_SIDE - scaledWidth) / 2);
  const offsetY = mass > 0 ? Math.round(centre - momentY / mass) : Math.floor((MNIST_SIDE - scaledHeight) / 2);

  for (let y = 0; y < scaledHeight; y++) {
    const fieldY = y + offsetY;
    if (fieldY < 0 || fieldY >= MNIST_SIDE) continue;
    for (let x = 0; x < scaledWidth; x++) {
      const fieldX = x + offsetX;
      if (fieldX < 0 || fieldX >= MNIST_SIDE) continue;
      field[fieldY * MNIST_SIDE + fieldX] = Math.min(1, Math.max(0, scaled[y * scaledWidth + x]!));
    }
  }
  return field;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Smallest rectangle holding every pixel above `threshold` (the whole image if none is). */
export function inkBoundingBox(grey: ArrayLike<number>, width: number, height: number, threshold: number): Box {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x]! > threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (right < 0) return { left: 0, top: 0, width, height };
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Area-average resampling of `box` to outWidth × outHeight. The box filter is separable, so it is one
 * matrix per axis: weight[o][s] = |[s, s+1) ∩ [o·r, (o+1)·r)| / r with r = source/output length.
 */
function areaResample(
  grey: ArrayLike<number>, width: number, box: Box, outWidth: number, outHeight: number, gain: number,
): Float32Array {
  const weightsX = overlapWeights(box.width, outWidth);
  const weightsY = overlapWeights(box.height, outHeight);
  // Rows first: each source row of the box → outWidth values.
  const rows = new Float64Array(box.height * outWidth);
  for (let y = 0; y < box.height; y++) {
    const rowStart = (box.top + y) * width + box.left;
    for (const { out, source, weight } of weightsX) {
      rows[y * outWidth + out]! += weight * grey[rowStart + source]!;
    }
  }
  const result = new Float32Array(outWidth * outHeight);
  for (const { out, source, weight } of weightsY) {
    for (let x = 0; x < outWidth; x++) {
      result[out * outWidth + x]! += weight * rows[source * outWidth + x]! * gain;
    }
  }
  return result;
}

interface Overlap {
  out: number;
  source: number;
  weight: number;
}

/** Non-zero entries of the 1-D area-averaging matrix from `sourceLength` cells to `outLength` cells. */
function overlapWeights(sourceLength: number, outLength: number): Overlap[] {
  const ratio = sourceLength / outLength;
  const overlaps: Overlap[] = [];
  for (let out = 0; out < outLength; out++) {
    const start = out * ratio;
    const end = (out + 1) * ratio;
    for (let source = Math.floor(start); source < Math.min(sourceLength, Math.ceil(end)); source++) {
      const overlap = Math.min(end, source + 1) - Math.max(start, source);
      if (overlap > 1e-12) overlaps.push({ out, source, weight: overlap / ratio });
    }
  }
  return overlaps;
}

/**
 * RGBA bytes (canvas ImageData, decoded PNG) → grey image with ink high in [0, 1].
 * Luminance Y = 0.299 R + 0.587 G + 0.114 B. Transparent pixels are composited over the background that
 * contrasts with the visible strokes (white under dark strokes, black under light ones), so a drawing on a
 * transparent canvas keeps its ink. The polarity is decided by the median luminance: the background is
 * the majority of pixels, so a light median means dark ink on a light ground and the grey is inverted.
 * Finally the values are stretched to [0, 1]; a blank (uniform) image gives all zeros.
 */
export function rgbaToInk(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const count = width * height;
  if (rgba.length !== count * 4) {
    throw new Error(`rgbaToInk: ${rgba.length} bytes but ${width}×${height} RGBA needs ${count * 4}`);
  }
  const luminance = new Float32Array(count);
  const alpha = new Float32Array(count);
  let visibleWeight = 0;
  let visibleLuminance = 0;
  for (let i = 0; i < count; i++) {
    const y = (0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!) / 255;
    const a = rgba[4 * i + 3]! / 255;
    luminance[i] = y;
    alpha[i] = a;
    visibleWeight += a;
    visibleLuminance += a * y;
  }
  const strokesAreDark = visibleWeight === 0 || visibleLuminance / visibleWeight < 0.5;
  const underlay = strokesAreDark ? 1 : 0;
  for (let i = 0; i < count; i++) luminance[i] = alpha[i]! * luminance[i]! + (1 - alpha[i]!) * underlay;

  const darkInkOnLight = medianOfUnitValues(luminance) >= 0.5;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < count; i++) {
    const ink = darkInkOnLight ? 1 - luminance[i]! : luminance[i]!;
    luminance[i] = ink;
    if (ink < low) low = ink;
    if (ink > high) high = ink;
  }
  const range = high - low;
  if (!(range > 1e-6)) return new Float32Array(count);
  for (let i = 0; i < count; i++) luminance[i] = (luminance[i]! - low) / range;
  return luminance;
}

/** Median of values in [0, 1] via a 256-bin histogram (exact enough for a polarity decision). */
function medianOfUnitValues(values: Float32Array): number {
  const bins = new Uint32Array(256);
  for (let i = 0; i < values.length; i++) bins[Math.min(255, Math.max(0, Math.round(values[i]! * 255)))]!++;
  let seen = 0;
  for (let bin = 0; bin < 256; bin++) {
    seen += bins[bin]!;
    if (seen * 2 >= values.length) return bin / 255;
  }
  return 1;
}
