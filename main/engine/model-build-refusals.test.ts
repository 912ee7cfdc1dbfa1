/**
 * A model file whose network does not build, or whose weights do not fit its layers, is refused with a
 * code naming the file (model-file.does-not-build) and what refused as its problem, when it is imported
 * (nothing is kept), loaded from the library or read by the CLI; a model the pad cannot feed is refused
 * with its own code (library.input-size). Expected values are the tiny model's own shapes.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModelFile } from '../../core/io/index.js';
import { ModelFileError } from '../../core/errors.js';
import { selectKernels } from '../../core/kernels/select.js';
import { createReferenceKernels } from '../../core/kernels/reference.js';
import { tinyModel } from '../../core/testing/file-builders.js';
import { HostError } from '../../contract/index.js';
import { loadModelFile } from '../cli/model-file.js';
import { ModelStore } from '../store/model-store.js';
import { ModelLibrary } from './model-library.js';

const bundledDir = resolve(import.meta.dirname, '..', '..', 'resources', 'models');
const userDir = mkdtempSync(join(tmpdir(), 'model-build-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'model-build-source-'));
const library = new ModelLibrary(new ModelStore(bundledDir, userDir), () => selectKernels('reference'));
afterAll(() => {
  rmSync(userDir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

// The tiny 4 → 3 → 2 network without its last bias: the file reads, the layers refuse its weights.
const { 'layers.1.bias': _bias, ...withoutBias } = tinyModel().weights;
const gap = encodeModelFile({ ...tinyModel(), weights: withoutBias });
const missingBias = { code: 'model.state-missing', params: { tensor: 'layers.1.bias', shape: '[2]' } };

describe('a model file whose layers refuse its weights', () => {
  it('is refused on import, naming the file and the missing tensor as data, and nothing is kept', async () => {
    const refusal = await library.import('gap.bplab', gap, '0.1.0').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ModelFileError);
    expect(refusal).toMatchObject({
      message: 'gap.bplab: the network in the file does not build: The saved state has no tensor "layers.1.bias" ([2])',
      code: 'model-file.does-not-build', params: { file: 'gap.bplab' }, problem: missingBias,
    });
    expect(readdirSync(userDir)).toEqual([]);
  });

  it('is refused when the library loads it from its folder, naming the file where it lies', async () => {
    writeFileSync(join(elsewhere, 'gap.bplab'), gap);
    copyFileSync(join(elsewhere, 'gap.bplab'), join(userDir, 'gap.bplab'));
    await expect(library.load('user:gap')).rejects.toMatchObject({ code: 'model-file.does-not-build', params: { file: join(userDir, 'gap.bplab') }, problem: missingBias });
    rmSync(join(userDir, 'gap.bplab'));
  });

  it('is refused by the CLI\'s reader with the same code', () => {
    expect(() => loadModelFile(join(elsewhere, 'gap.bplab'), createReferenceKernels())).toThrow(expect.objectContaining({
      code: 'model-file.does-not-build', params: { file: join(elsewhere, 'gap.bplab') }, problem: missingBias,
    }));
  });
});

describe('a model the pad cannot feed', () => {
  it('a network of 4 inputs is refused with the sizes as data, and nothing is kept', async () => {
    const refusal = await library.import('four.bplab', encodeModelFile(tinyModel()), '0.1.0').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HostError);
    expect(refusal).toMatchObject({
      message: 'four.bplab: the model reads 4 values per sample ([4]); the pad gives 28×28 = 784',
      code: 'library.input-size', params: { file: 'four.bplab', inputs: 4, shape: '4', pixels: 784 },
    });
    expect(readdirSync(userDir)).toEqual([]);
  });
});
