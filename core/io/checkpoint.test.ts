import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../errors.js';
import type { TrainingCheckpoint } from '../train/events.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';

function sampleCheckpoint(): TrainingCheckpoint {
  const weights = { 'layers.0.weight': Float32Array.from({ length: 50 }, (_, i) => Math.fround(Math.cos(i) / 7)), 'layers.0.bias': Float32Array.from([0.1, -0.2]) };
  return {
    epoch: 3,
    globalIteration: 1290,
    weights,
    optimizer: { stepCount: 1290, buffers: [{ m: Array.from({ length: 50 }, (_, i) => Math.fround(i / 3)), v: [1, 2] }, { m: [0.5, 0.25], v: [0, 0] }] },
    rng: { words: [1, 4294967295, 3, 77], spareNormal: null },
    best: { epoch: 2, validationLoss: 0.123, validationAccuracy: 0.97, weights: { 'layers.0.bias': Float32Array.from([1, 2]) } },
    epochsWithoutImprovement: 1,
    elapsedMs: 12345.5,
  };
}

describe('checkpoint files', () => {
  it('round-trip every field with the same types, float32 bit for bit', () => {
    const original = sampleCheckpoint();
    const back = decodeCheckpoint(encodeCheckpoint(original));
    expect(back).toEqual(original);
    expect(back.weights['layers.0.weight']).toBeInstanceOf(Float32Array);
    expect(Array.isArray(back.optimizer.buffers[0]!.m)).toBe(true);
    expect(back.best!.weights['layers.0.bias']).toBeInstanceOf(Float32Array);
  });

  it('keep non-finite numbers', () => {
    const back = decodeCheckpoint<{ a: number; b: number; c: number }>(encodeCheckpoint({ a: NaN, b: Infinity, c: -Infinity }));
    expect(back.a).toBeNaN();
    expect(back.b).toBe(Infinity);
    expect(back.c).toBe(-Infinity);
  });

  it('refuse a corrupt, truncated or foreign file', () => {
    const bytes = encodeCheckpoint(sampleCheckpoint());
    const flipped = bytes.slice();
    flipped[bytes.length - 30]! ^= 4;
    expect(() => decodeCheckpoint(flipped, 'c.ckpt')).toThrow(/c\.ckpt: checksum mismatch/);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 1), 'c.ckpt')).toThrow(/truncated at byte/);
    expect(() => decodeCheckpoint(new TextEncoder().encode('BPLABMDL....................'), 'm.bplab')).toThrow(ModelFileError);
  });
});
