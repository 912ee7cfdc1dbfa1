/**
 * Fuzz of the PNG reader (grey, 16-bit RGBA, 1-bit and palette images): every mutated file ends in a
 * 28×28 sample or a DataError naming the file, never a raw error or a buffer sized from a forged IHDR.
 */
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { DataError, pngToSample } from '@backprop-lab/core';
import { crc32 } from '../io/crc32.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';

function pngSeeds(): Uint8Array[] {
  const grey = new Uint8Array(28 * 28).map((_, i) => (i % 29 === 0 ? 255 : 0));
  const rgba16 = new Uint16Array(12 * 10 * 4).map((_, i) => (i * 977) % 65536);
  const bits = new Uint8Array(28 * 4).fill(0x0f);
  const palette = { width: 28, height: 28, data: new Uint8Array(784).map((_, i) => i % 2), channels: 1, depth: 8 as const, palette: [[0, 0, 0], [255, 255, 255]] as [number, number, number][] };
  return [
    encode({ width: 28, height: 28, data: grey, channels: 1, depth: 8 }),
    encode({ width: 12, height: 10, data: rgba16, channels: 4, depth: 16 }),
    encode({ width: 28, height: 28, data: bits, channels: 1, depth: 1 }),
    encode(palette),
  ];
}

/** Where each chunk starts and its data begins (8-byte signature, then length ‖ type ‖ data ‖ CRC). */
function chunkBoundaries(png: Uint8Array): number[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [8];
  for (let at = 8; at + 8 <= png.length; at += 12 + view.getUint32(at)) out.push(at + 4, at + 8, at + 12 + view.getUint32(at));
  return out;
}

/** The same bytes with each whole chunk's CRC made right, so a mutation reaches IHDR's, PLTE's and IDAT's checks. */
function withCrcsRight(png: Uint8Array): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  for (let at = 8; at + 12 <= out.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > out.length) break;
    view.setUint32(at + 8 + length, crc32(out.subarray(at + 4, at + 8 + length)));
    at += 12 + length;
  }
  return out;
}

describe('fuzz: PNG', () => {
  it('300 mutated PNG files end in a sample or a DataError naming the file', async () => {
    const seeds = pngSeeds();
    const report = await fuzz({
      name: 'PNG', seeds, boundaries: seeds.map(chunkBoundaries),
      read: (bytes) => pngToSample(bytes, 'fuzz.png'), isOwnError: (e) => e instanceof DataError, coded: true, mentions: /fuzz\.png/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('300 mutated PNG files with every chunk CRC made right end in a sample or a DataError naming the file', async () => {
    const seeds = pngSeeds();
    const report = await fuzz({
      name: 'PNG, CRCs right', seeds, boundaries: seeds.map(chunkBoundaries),
      read: (bytes) => pngToSample(withCrcsRight(bytes), 'fuzz.png'), isOwnError: (e) => e instanceof DataError, coded: true, mentions: /fuzz\.png/,
    }, { seed: 7 });
    expect(failuresOf(report)).toEqual([]);
  });
});
