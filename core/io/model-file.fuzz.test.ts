/**
 * Fuzz of the model readers: the `.bplab` file as bytes (header, manifest, tensors, CRC trailer), its
 * manifest with every checksum made right again (so edits reach the manifest's checks: dims of 10^12,
 * offsets past the end, wrong types, deep nesting), the JSON export, and the import by file name.
 * Each input ends in a SavedModel or a ModelFileError naming the file.
 */
import { describe, expect, it } from 'vitest';
import { encodeModelFile, exportModelJson, importModelFile, importModelJson, ModelFileError, decodeModelFile, readManifest } from '@backprop-lab/core';
import { manifestOf, tinyModel, withManifestText } from '../testing/file-builders.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';

const isModelFileError = (error: unknown) => error instanceof ModelFileError;
const file = encodeModelFile(tinyModel());
const manifestLength = new DataView(file.buffer).getUint32(12, true);
const options = { appVersion: '0.0.0-fuzz', createdAt: '2026-01-01T00:00:00.000Z' };

describe('fuzz: model files', () => {
  it('.bplab bytes: 300 mutated files end in a model or a ModelFileError naming the file', async () => {
    const report = await fuzz({
      name: '.bplab file', seeds: [file], boundaries: [[8, 12, 16, 16 + manifestLength, file.length - 4]],
      read: (bytes) => {
        readManifest(bytes, 'fuzz.bplab');
        return decodeModelFile(bytes, 'fuzz.bplab');
      },
      isOwnError: isModelFileError, coded: true, mentions: /fuzz\.bplab/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('.bplab manifest with its checksums right: 300 edited manifests end in a model or a ModelFileError', async () => {
    const manifest = manifestOf(file);
    const text = new TextEncoder().encode(JSON.stringify(manifest));
    const report = await fuzz({
      name: '.bplab manifest', seeds: [text], json: manifest,
      read: (bytes) => decodeModelFile(withManifestText(file, bytes), 'fuzz.bplab'),
      isOwnError: isModelFileError, coded: true, mentions: /fuzz\.bplab/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('JSON export: 300 edited exports end in a model or a ModelFileError naming the file', async () => {
    const exported = exportModelJson(tinyModel());
    const report = await fuzz({
      name: 'model JSON export', seeds: [new TextEncoder().encode(JSON.stringify(exported))], json: exported,
      read: (bytes) => importModelFile('fuzz.json', bytes, options), isOwnError: isModelFileError, coded: true, mentions: /fuzz\.json/,
    });
    expect(failuresOf(report)).toEqual([]);
    // The text reader without the byte check in front of it.
    expect(() => importModelJson('{"manifest":', 'cut.json')).toThrow(/^cut\.json: /);
  });
});
