/**
 * PNG → one 28×28 sample. Any bit depth (1–16), colour type (grey, grey+alpha, RGB, RGBA, indexed) and
 * transparency (alpha channel or tRNS colour key) is first brought to 8-bit RGBA, then to ink-high grey
 * (`rgbaToInk`), then through the MNIST recipe (`digitize`). A picture that is already 28×28 is taken as
 * a finished sample: only its polarity is made ink-high, nothing is cropped or moved. The chunk structure,
 * CRCs, colour type/bit depth and size are checked first (png-structure.ts), so fast-png only ever sees
 * a well-formed file within readLimits; anything it still refuses becomes a DataError.
 */
import { decode, type DecodedPng } from 'fast-png';
import { DataError } from '../errors.js';
import { digitize, rgbaToInk, MNIST_SIDE } from './digitize.js';
import { checkPngStructure } from './png-structure.js';

export interface RgbaImage {
  width: number;
  height: number;
  /** 8-bit RGBA, row-major. */
  rgba: Uint8Array;
}

/** Decodes PNG bytes to 8-bit RGBA. */
export function decodePngToRgba(bytes: Uint8Array, file: string): RgbaImage {
  checkPngStructure(bytes, file);
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (error) {
    throw DataError.of('png.undecodable', { file, reason: (error as Error).message });
  }
  return { width: png.width, height: png.height, rgba: toRgba8(png, file) };
}

/** PNG bytes → 28×28 ink-high sample in [0, 1]. */
export function pngToSample(bytes: Uint8Array, file: string): Float32Array {
  const { width, height, rgba } = decodePngToRgba(bytes, file);
  const grey = rgbaToInk(rgba, width, height);
  if (width === MNIST_SIDE && height === MNIST_SIDE) return grey;
  return digitize(grey, width, height);
}

function toRgba8(png: DecodedPng, file: string): Uint8Array {
  const pixelCount = png.width * png.height;
  const samples = unpackSamples(png);
  if (png.palette) return paletteToRgba(png.palette, samples, png.width, file);
  const maxValue = (1 << png.depth) - 1;
  const channels = png.channels;
  const hasAlpha = channels === 2 || channels === 4;
  const colourKey = !hasAlpha && png.transparency && png.transparency.length === (channels === 1 ? 1 : 3) ? png.transparency : null;
  const rgba = new Uint8Array(pixelCount * 4);
  for (let i = 0; i < pixelCount; i++) {
    const base = i * channels;
    const grey = channels <= 2;
    const r = samples[base]!;
    const g = grey ? r : samples[base + 1]!;
    const b = grey ? r : samples[base + 2]!;
    let alpha = hasAlpha ? samples[base + channels - 1]! : maxValue;
    if (colourKey && r === colourKey[0] && (grey || (g === colourKey[1] && b === colourKey[2]))) alpha = 0;
    rgba[4 * i] = Math.round((r * 255) / maxValue);
    rgba[4 * i + 1] = Math.round((g * 255) / maxValue);
    rgba[4 * i + 2] = Math.round((b * 255) / maxValue);
    rgba[4 * i + 3] = Math.round((alpha * 255) / maxValue);
  }
  return rgba;
}

/** Samples as one number each: 8- and 16-bit data as decoded; 1/2/4-bit rows (byte-padded) unpacked. */
function unpackSamples(png: DecodedPng): ArrayLike<number> {
  if (png.depth >= 8) return png.data;
  const perRow = png.width * png.channels;
  const bytesPerRow = Math.ceil((perRow * png.depth) / 8);
  const samples = new Uint8Array(perRow * png.height);
  const mask = (1 << png.depth) - 1;
  for (let row = 0; row < png.height; row++) {
    for (let s = 0; s < perRow; s++) {
      const bit = s * png.depth;
      const byte = png.data[row * bytesPerRow + (bit >> 3)]!;
      samples[row * perRow + s] = (byte >> (8 - png.depth - (bit & 7))) & mask;
    }
  }
  return samples;
}

/** Indexed pixels through the palette (entries [r, g, b] or, with tRNS, [r, g, b, a]). */
function paletteToRgba(palette: number[][], indices: ArrayLike<number>, width: number, file: string): Uint8Array {
  const rgba = new Uint8Array(indices.length * 4);
  for (let i = 0; i < indices.length; i++) {
    const entry = palette[indices[i]!];
    if (!entry) {
      throw DataError.of('png.palette-index', { file, x: i % width, y: Math.floor(i / width), index: indices[i]!, entries: palette.length });
    }
    rgba[4 * i] = entry[0]!;
    rgba[4 * i + 1] = entry[1]!;
    rgba[4 * i + 2] = entry[2]!;
    rgba[4 * i + 3] = entry[3] ?? 255;
  }
  return rgba;
}
