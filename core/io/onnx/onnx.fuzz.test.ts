/**
 * Fuzz of the ONNX import: our own export of a small network and a graph torch.onnx.export wrote
 * (tests/fixtures/onnx/small-cnn.onnx), mutated as protobuf bytes; each ends in a SavedModel or a
 * ModelFileError naming the file, never a raw protobufjs error or a tensor sized from forged dims.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeOnnx, encodeOnnx, ModelFileError } from '@backprop-lab/core';
import { tinyModel } from '../../testing/file-builders.js';
import { failuresOf, fuzz } from '../../../tests/fuzz/fuzz.testing.js';

const options = { appVersion: '0.0.0-fuzz', createdAt: '2026-01-01T00:00:00.000Z' };

describe('fuzz: ONNX import', () => {
  it('300 mutated ONNX files end in a model or a ModelFileError naming the file', async () => {
    const torchExported = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/onnx/small-cnn.onnx')));
    const report = await fuzz({
      name: 'ONNX', seeds: [encodeOnnx(tinyModel()), torchExported],
      read: (bytes) => decodeOnnx(bytes, 'fuzz.onnx', options), isOwnError: (e) => e instanceof ModelFileError, coded: true, mentions: /fuzz\.onnx/,
    });
    expect(failuresOf(report)).toEqual([]);
  });
});
