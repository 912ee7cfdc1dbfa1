/**
 * Every reader of outside bytes, with well-formed seed files to mutate and the error types it may
 * throw. A reader passes an input when it returns or throws one of those types; anything else (a
 * TypeError, a RangeError, a stack overflow, a hang the time budget would show) is a failure.
 */
import { gzipSync } from 'fflate';
import { encode } from 'fast-png';
import {
  DataError, ModelFileError, decodeModelFile, decodeOnnx, decodeTrainingCheckpoint, encodeCheckpoint, encodeCsv, encodeModelFile,
  encodeOnnx, exportModelJson, importModelJson, makeDataset, parseDigitCsv, parseIdxImages, parseIdxLabels, pngToSample, readManifest,
} from '@backprop-lab/core';
import { idxBytes, tinyModel } from '../../core/testing/file-builders.js';

export interface FuzzTarget {
  name: string;
  seeds: () => Uint8Array[];
  read: (bytes: Uint8Array) => unknown;
  allowed: readonly (abstract new (...args: never[]) => Error)[];
}

const text = (s: string) => new TextEncoder().encode(s);

function twoDigits() {
  const images = new Float32Array(2 * 784);
  for (let i = 200; i < 600; i += 3) images[i] = 1;
  images[784 + 400] = 0.5;
  return makeDataset(images, Uint8Array.of(7, 3));
}

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

function checkpointSeed(): Uint8Array {
  return encodeCheckpoint({
    epoch: 2, globalIteration: 40, weights: { 'layers.0.weight': Float32Array.from({ length: 20 }, (_, i) => i / 7) },
    optimizer: { stepCount: 40, buffers: [{ m: Array.from({ length: 20 }, (_, i) => i / 3), v: [1, 2] }] },
    rng: { words: [1, 2, 3, 4], spareNormal: null },
    best: { epoch: 1, validationLoss: 0.3, validationAccuracy: 0.9, weights: { 'layers.0.bias': Float32Array.of(1, 2) } },
    epochsWithoutImprovement: 1, elapsedMs: 1234,
  });
}

const ONNX_OPTIONS = { appVersion: '0.0.0-fuzz', createdAt: '2026-01-01T00:00:00.000Z' };

export const fuzzTargets: FuzzTarget[] = [
  {
    name: 'IDX images',
    seeds: () => [idxBytes(0x803, [2, 28, 28], new Uint8Array(1568).map((_, i) => i % 256))],
    read: (bytes) => parseIdxImages(bytes, 'fuzz-images.idx'),
    allowed: [DataError],
  },
  {
    name: 'IDX labels',
    seeds: () => [idxBytes(0x801, [5], [0, 1, 2, 3, 9])],
    read: (bytes) => parseIdxLabels(bytes, 'fuzz-labels.idx'),
    allowed: [DataError],
  },
  {
    name: 'gzip IDX',
    seeds: () => [gzipSync(idxBytes(0x803, [2, 28, 28], new Uint8Array(1568).map((_, i) => (i * 7) % 256))), gzipSync(idxBytes(0x801, [3], [4, 5, 6]))],
    read: (bytes) => (bytes[3] === 1 || bytes.length < 40 ? parseIdxLabels(bytes, 'fuzz.gz') : parseIdxImages(bytes, 'fuzz.gz')),
    allowed: [DataError],
  },
  {
    name: 'CSV',
    seeds: () => [text(encodeCsv(twoDigits())), text(encodeCsv(twoDigits()).split('\n').slice(1).map((l) => l.slice(l.indexOf(',') + 1)).join('\n'))],
    read: (bytes) => parseDigitCsv(bytes, 'fuzz.csv'),
    allowed: [DataError],
  },
  { name: 'PNG', seeds: pngSeeds, read: (bytes) => pngToSample(bytes, 'fuzz.png'), allowed: [DataError] },
  {
    name: '.bplab model file',
    seeds: () => [encodeModelFile(tinyModel())],
    read: (bytes) => {
      readManifest(bytes, 'fuzz.bplab');
      return decodeModelFile(bytes, 'fuzz.bplab');
    },
    allowed: [ModelFileError],
  },
  {
    name: 'model JSON export',
    seeds: () => [text(JSON.stringify(exportModelJson(tinyModel())))],
    read: (bytes) => importModelJson(new TextDecoder().decode(bytes), 'fuzz.json'),
    allowed: [ModelFileError],
  },
  { name: 'checkpoint', seeds: () => [checkpointSeed()], read: (bytes) => decodeTrainingCheckpoint(bytes, 'fuzz.ckpt'), allowed: [ModelFileError] },
  { name: 'ONNX', seeds: () => [encodeOnnx(tinyModel())], read: (bytes) => decodeOnnx(bytes, 'fuzz.onnx', ONNX_OPTIONS), allowed: [ModelFileError] },
];
