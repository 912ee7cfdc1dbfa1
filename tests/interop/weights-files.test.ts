/**
 * safetensors and .npz, read by readers independent of the writers: safetensors by a reader written here
 * from the format's specification (u64 header length, JSON header, data_offsets), .npz by fflate (zip) and
 * npyjs (.npy). Every tensor must come back bit for bit, and a network rebuilt from what they read must
 * give the engine's probabilities exactly.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { parse as parseNpy } from 'npyjs';
import { encodeNpz, encodeSafetensors, Tensor, type SavedModel } from '@backprop-lab/core';
import { bundledModel, bundledNames, coverageModels, engineProbabilities, maxAbsDifference, mnistBatch } from './support.js';

interface ReadTensor { dtype: string; shape: number[]; data: Float32Array | Float64Array }

/** The safetensors specification, read literally. */
function readSafetensors(file: Uint8Array): { metadata: Record<string, string>; tensors: Record<string, ReadTensor> } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  const dataStart = 8 + headerLength;
  const tensors: Record<string, ReadTensor> = {};
  let expectedOffset = 0;
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: [begin, end] } = value as { dtype: string; shape: number[]; data_offsets: [number, number] };
    expect(begin, `${name} follows the previous tensor without a gap`).toBe(expectedOffset);
    expectedOffset = end;
    const bytes = file.slice(dataStart + begin, dataStart + end);
    const data = dtype === 'F32' ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
    expect(data.length).toBe(shape.reduce((a, b) => a * b, 1));
    tensors[name] = { dtype, shape, data };
  }
  expect(dataStart + expectedOffset).toBe(file.length);
  return { metadata: header.__metadata__ as Record<string, string>, tensors };
}

function readNpz(file: Uint8Array): { metadata: Record<string, string>; tensors: Record<string, ReadTensor> } {
  const entries = unzipSync(file);
  const tensors: Record<string, ReadTensor> = {};
  for (const [entry, bytes] of Object.entries(entries)) {
    if (!entry.endsWith('.npy')) continue;
    const array = parseNpy(bytes.slice().buffer);
    tensors[entry.slice(0, -4)] = { dtype: array.dtype, shape: array.shape, data: array.data as Float32Array | Float64Array };
  }
  return { metadata: JSON.parse(new TextDecoder().decode(entries['backprop-lab.json'])), tensors };
}

async function expectFaithful(saved: SavedModel, read: { metadata: Record<string, string>; tensors: Record<string, ReadTensor> }, f32: string, f64: string) {
  expect(JSON.parse(read.metadata.modelSpec!)).toEqual(saved.modelSpec);
  for (const [name, tensor] of Object.entries(saved.weights)) {
    expect(read.tensors[name]!.dtype).toBe(f32);
    expect(read.tensors[name]!.shape).toEqual(tensor.shape);
    expect(read.tensors[name]!.data).toEqual(tensor.data);
  }
  for (const [name, values] of Object.entries(saved.preprocessing?.statistics ?? {})) {
    expect(read.tensors[`preprocessing.${name}`]!.dtype).toBe(f64);
    expect(Array.from(read.tensors[`preprocessing.${name}`]!.data)).toEqual(values);
  }
  // The network rebuilt from what the independent reader found.
  const weights = Object.fromEntries(Object.keys(saved.weights).map((n) => [n, new Tensor(read.tensors[n]!.shape, Float32Array.from(read.tensors[n]!.data))]));
  const statistics = Object.fromEntries(Object.keys(saved.preprocessing?.statistics ?? {}).map((n) => [n, Array.from(read.tensors[`preprocessing.${n}`]!.data)]));
  const rebuilt: SavedModel = { ...saved, weights, preprocessing: saved.preprocessing ? { spec: JSON.parse(read.metadata.preprocessing!).spec, statistics } : null };
  const images = await mnistBatch();
  const difference = maxAbsDifference((await engineProbabilities(saved, images)).data, (await engineProbabilities(rebuilt, images)).data);
  console.info(`${f32 === 'F32' ? 'safetensors' : 'npz'} ${saved.modelSpec.name}: max |Δp| = ${difference}`);
  expect(difference).toBe(0);
}

describe('safetensors export, read from the specification', () => {
  for (const name of bundledNames) {
    it(`${name}: every tensor bit for bit, F32 weights, F64 preprocessing, spec and PyTorch names in __metadata__`, async () => {
      const saved = bundledModel(name);
      const file = encodeSafetensors(saved);
      const read = readSafetensors(file);
      expect(Number(new DataView(file.buffer).getBigUint64(0, true)) % 8).toBe(0);
      const torch = JSON.parse(read.metadata['pytorch.names']!) as Record<string, { name: string; transpose: boolean }>;
      expect(Object.keys(torch).sort()).toEqual(Object.keys(saved.weights).sort());
      await expectFaithful(saved, read, 'F32', 'F64');
    });
  }
  it('coverage models', async () => {
    for (const { saved } of await coverageModels()) await expectFaithful(saved, readSafetensors(encodeSafetensors(saved)), 'F32', 'F64');
  });
});

describe('.npz export, read with fflate and npyjs', () => {
  for (const name of bundledNames) {
    it(`${name}: one .npy per tensor under its dotted name, bit for bit`, async () => {
      const saved = bundledModel(name);
      await expectFaithful(saved, readNpz(encodeNpz(saved)), 'f4', 'f8');
    });
  }
  it('the same model gives the same bytes (no clock in the zip)', () => {
    const saved = bundledModel('seed-mlp');
    expect(encodeNpz(saved)).toEqual(encodeNpz(saved));
  });
});

describe('PyTorch names', () => {
  it('maps LeNet-5 onto nn.Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d, Flatten, Linear, …)', () => {
    const read = readSafetensors(encodeSafetensors(bundledModel('lenet5')));
    const torch = JSON.parse(read.metadata['pytorch.names']!) as Record<string, { name: string; transpose: boolean }>;
    // Counted by hand from the preset: conv(0) relu(1) pool(2) conv(3) relu(4) pool(5) flatten(6) linear(7) relu(8)
    // linear(9) relu(10) linear(11).
    expect(torch['layers.0.weight']).toEqual({ name: '0.weight', transpose: false });
    expect(torch['layers.2.weight']).toEqual({ name: '3.weight', transpose: false });
    expect(torch['layers.5.weight']).toEqual({ name: '7.weight', transpose: true });
    expect(torch['layers.6.weight']).toEqual({ name: '9.weight', transpose: true });
    expect(torch['layers.7.bias']).toEqual({ name: '11.bias', transpose: false });
  });
});
