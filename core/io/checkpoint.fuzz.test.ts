/**
 * Fuzz of the checkpoint reader, as bytes and as a manifest with its checksums made right: a user may
 * truncate or edit `epoch-NNNN.ckpt`; each input ends in a checkpoint or a ModelFileError naming it.
 */
import { describe, expect, it } from 'vitest';
import { decodeTrainingCheckpoint, encodeCheckpoint, ModelFileError } from '@backprop-lab/core';
import { manifestOf, withManifestText } from '../testing/file-builders.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';

const file = encodeCheckpoint({
  epoch: 2, globalIteration: 40, weights: { 'layers.0.weight': Float32Array.from({ length: 20 }, (_, i) => i / 7) },
  optimizer: { stepCount: 40, buffers: [{ m: Array.from({ length: 20 }, (_, i) => i / 3), v: [1, 2] }] },
  rng: { words: [1, 2, 3, 4], spareNormal: null },
  best: { epoch: 1, validationLoss: 0.3, validationAccuracy: 0.9, weights: { 'layers.0.bias': Float32Array.of(1, 2) } },
  epochsWithoutImprovement: 1, elapsedMs: 1234,
});
const isModelFileError = (error: unknown) => error instanceof ModelFileError;

describe('fuzz: checkpoints', () => {
  it('bytes: 300 mutated checkpoints end in a checkpoint or a ModelFileError naming the file', async () => {
    const manifestLength = new DataView(file.buffer).getUint32(12, true);
    const report = await fuzz({
      name: 'checkpoint file', seeds: [file], boundaries: [[8, 12, 16, 16 + manifestLength, file.length - 4]],
      read: (bytes) => decodeTrainingCheckpoint(bytes, 'epoch-0002.ckpt'), isOwnError: isModelFileError, coded: true, mentions: /epoch-0002\.ckpt/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('manifest with its checksums right: 300 edited states end in a checkpoint or a ModelFileError', async () => {
    const manifest = manifestOf(file);
    const report = await fuzz({
      name: 'checkpoint manifest', seeds: [new TextEncoder().encode(JSON.stringify(manifest))], json: manifest,
      read: (bytes) => decodeTrainingCheckpoint(withManifestText(file, bytes), 'epoch-0002.ckpt'),
      isOwnError: isModelFileError, coded: true, mentions: /epoch-0002\.ckpt/,
    });
    expect(failuresOf(report)).toEqual([]);
  });
});
