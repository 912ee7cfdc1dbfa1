/**
 * PNG → one 28×28 sample. Any bit depth (1–16), colour type (grey, grey+alpha, RGB, RGBA, indexed) and
 * transparency (alpha channel or tRNS colour key) is first brought to 8-bit RGBA, then to ink-high grey
 * (`rgbaToInk`), then through the MNIST recipe (`digitize`). A picture that is already 28×28 is taken as
 * a finished sample: only its polarity is made ink-high, nothing is cropped or moved.
 */
import { decode, convertIndexedToRgb, type DecodedPng } from 'fast-png';
import { DataError } from '../errors.js';
import { digitize, rgbaToInk, MNIST_SIDE } from './digitize.js';

export interface RgbaImage {
  width: number;
  height: number;
  /** 8-bit RGBA, row-major. */
  rgba: Uint8Array;
}

/** Decodes PNG bytes to 8-bit RGBA. */
export function decodePngToRgba(bytes: Uint8Array, file: string): RgbaImage {
  let png: DecodedPng;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new DataError(`not a readable PNG (${(error as Error).message})`, file);
  }
  if (png.width === 0 || png.height === 0) throw new DataError(`image is ${png.width}×${png.height}`, file);
  return { width: png.width, height: png.height, rgba: toRgba8(png) };
}

/** PNG bytes → 28×28 ink-high sample in [0, 1]. */
export function pngToSample(bytes: Uint8Array, file: string): Float32Array {
  const { width, height, rgba } = decodePngToRgba(bytes, file);
  const grey = rgbaToInk(rgba, width, height);
  if (width === MNIST_SIDE && height === MNIST_SIDE) return grey;
  return digitize(grey, width, height);
}

function toRgba8(png: DecodedPng): Uint8Array {
  const pixelCount = png.width * png.height;
  if (png.palette) {
    const colours = convertIndexedToRgb(png);
    const perPixel = colours.length / pixelCount;
    return perPixel === 4 ? colours : withOpaqueAlpha(colours, pixelCount);
  }
  const samples = unpackSamples(png);
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

function withOpaqueAlpha(rgb: Uint8Array, pixelCount: number): Uint8Array {
  const rgba = new Uint8Array(pixelCount * 4);
  for (let i = 0; i < pixelCount; i++) {
    rgba[4 * i] = rgb[3 * i]!;
    rgba[4 * i + 1] = rgb[3 * i + 1]!;
    rgba[4 * i + 2] = rgb[3 * i + 2]!;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
