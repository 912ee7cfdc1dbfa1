/**
 * Builders of the files the readers take, byte by byte from each format's specification rather than
 * through the code under test, so a test (or the fuzz suite's seeds) can make a well-formed file and
 * then break exactly one thing in it: IDX, PNG chunks with their CRCs, and model files with an edited
 * manifest.
 */
import { zlibSync } from 'fflate';
import { crc32 } from '../io/crc32.js';
import { encodeContainer } from '../io/container.js';
import { MODEL_FILE_MAGIC, packModel, type SavedModel } from '../io/model-file.js';
import { Tensor } from '../tensor.js';

/** IDX bytes: big-endian magic, sizes, then the values. */
export function idxBytes(magic: number, dims: number[], values: ArrayLike<number> = []): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((size, i) => view.setUint32(4 + 4 * i, size, false));
  bytes.set(Array.from(values), 4 + 4 * dims.length);
  return bytes;
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** One PNG chunk: length, type, data, CRC-32 of type ‖ data (`crc` overrides the CRC). */
export function pngChunk(type: string, data: ArrayLike<number>, crc?: number): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length, false);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(Array.from(data), 8);
  view.setUint32(8 + data.length, crc ?? crc32(chunk.subarray(4, 8 + data.length)), false);
  return chunk;
}

export function ihdr(width: number, height: number, bitDepth: number, colourType: number, interlace = 0): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width, false);
  view.setUint32(4, height, false);
  data.set([bitDepth, colourType, 0, 0, interlace], 8);
  return pngChunk('IHDR', data);
}

/** IDAT of unfiltered scanlines (filter byte 0 before each row of `rowBytes`). */
export function idat(rows: number, rowBytes: number, fill: (row: number, byte: number) => number = () => 0): Uint8Array {
  const raw = new Uint8Array(rows * (rowBytes + 1));
  for (let r = 0; r < rows; r++) for (let b = 0; b < rowBytes; b++) raw[r * (rowBytes + 1) + 1 + b] = fill(r, b);
  return pngChunk('IDAT', zlibSync(raw));
}

export function pngFile(...chunks: Uint8Array[]): Uint8Array {
  const parts = [Uint8Array.from(PNG_SIGNATURE), ...chunks, pngChunk('IEND', [])];
  const file = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/** A small valid model: 4 inputs → dense 3 → dense 2, with standardise preprocessing. */
export function tinyModel(): SavedModel {
  return {
    modelSpec: { name: 'tiny', inputShape: [4], layers: [{ type: 'dense', units: 3, activation: 'relu' }, { type: 'dense', units: 2 }], loss: 'softmax-cross-entropy' },
    trainSpec: null,
    preprocessing: { spec: { type: 'standardise' }, statistics: { mean: [0.1, 0.2, 0.3, 0.4], std: [1, 2, 3, 4] } },
    metrics: { test: { loss: 0.5, accuracy: 0.75 } },
    provenance: { appVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z' },
    weights: {
      'layers.0.weight': new Tensor([4, 3], Float32Array.from({ length: 12 }, (_, i) => i / 12)),
      'layers.0.bias': new Tensor([3], Float32Array.from([0, 0.5, 1])),
      'layers.1.weight': new Tensor([3, 2], Float32Array.from({ length: 6 }, (_, i) => -i / 6)),
      'layers.1.bias': new Tensor([2], Float32Array.from([0.25, -0.25])),
    },
  };
}

/**
 * A model file whose manifest went through `edit` (given the plain JSON, returns the new one), with
 * every length and checksum made right again, so only the edited field is wrong.
 */
export function modelFileWithManifest(model: SavedModel, edit: (manifest: Record<string, unknown>) => unknown): Uint8Array {
  const { manifest, packed } = packModel(model);
  const edited = edit(JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>);
  return encodeContainer(MODEL_FILE_MAGIC, 1, edited as object, packed);
}

/** As modelFileWithManifest, but `edit` works on the manifest's JSON text (for nesting no object holds). */
export function modelFileWithManifestText(model: SavedModel, edit: (json: string) => string): Uint8Array {
  const { manifest, packed } = packModel(model);
  const text = new TextEncoder().encode(edit(JSON.stringify(manifest)));
  const dataStart = Math.ceil((16 + text.length) / 16) * 16;
  const dataLength = packed.entries.reduce((end, e) => Math.max(end, Math.ceil((e.offset + e.byteLength) / 16) * 16), 0);
  const file = new Uint8Array(dataStart + dataLength + 4);
  const view = new DataView(file.buffer);
  file.set(new TextEncoder().encode(MODEL_FILE_MAGIC), 0);
  view.setUint32(8, 1, true);
  view.setUint32(12, text.length, true);
  file.set(text, 16);
  packed.entries.forEach((entry, i) => file.set(packed.payloads[i]!, dataStart + entry.offset));
  view.setUint32(file.length - 4, crc32(file.subarray(0, file.length - 4)), true);
  return file;
}

/**
 * A container file (model or checkpoint) with its manifest replaced by `manifestText`, the data section
 * kept and the header length and CRC-32 trailer made right again: only the manifest is wrong, so a
 * fuzzer's edits reach the manifest's checks instead of stopping at the checksum.
 */
export function withManifestText(file: Uint8Array, manifestText: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const dataStart = Math.ceil((16 + view.getUint32(12, true)) / 16) * 16;
  const data = file.subarray(dataStart, file.length - 4);
  const newStart = Math.ceil((16 + manifestText.length) / 16) * 16;
  const out = new Uint8Array(newStart + data.length + 4);
  const outView = new DataView(out.buffer);
  out.set(file.subarray(0, 12), 0);
  outView.setUint32(12, manifestText.length, true);
  out.set(manifestText, 16);
  out.set(data, newStart);
  outView.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

/** The manifest of a container file, as JSON. */
export function manifestOf(file: Uint8Array): unknown {
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(file.subarray(16, 16 + length)));
}
