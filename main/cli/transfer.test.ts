/**
 * `export` and `import` through the dispatcher: each format written where --out says (TF.js as a
 * folder), the ONNX file opened by onnxruntime, PyTorch's ONNX CNN imported into the data directory and
 * found by `export` afterwards, and a refused file leaving the library empty.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { cli } from './run-cli.testing.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'backprop-lab-transfer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('export', () => {
  const dataDir = join(work, 'data-export');

  it('writes an ONNX file that onnxruntime opens, with the input and output the docs name', async () => {
    const out = join(work, 'lenet5.onnx');
    expect((await cli('export', '--model', 'bundled:lenet5', '--format', 'onnx', '--out', out, '--data-dir', dataDir)).code).toBe(0);
    const session = await ort.InferenceSession.create(readFileSync(out));
    expect(session.inputNames).toEqual(['image']);
    expect(session.outputNames).toEqual(['probabilities']);
  });

  it('writes TF.js as a folder of model.json and shards, and every other format as one file', async () => {
    expect((await cli('export', '--model', 'seed-mlp', '--format', 'tfjs', '--out', join(work, 'tfjs'), '--data-dir', dataDir)).code).toBe(0);
    expect(readdirSync(join(work, 'tfjs')).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    for (const format of ['safetensors', 'npz', 'json', 'native']) {
      const out = join(work, `seed-mlp.${format}`);
      expect((await cli('export', '--model', 'seed-mlp', '--format', format, '--out', out, '--data-dir', dataDir)).code).toBe(0);
      expect(readFileSync(out).length).toBeGreaterThan(50_000);
    }
  });

  it('refuses an unknown format with the usage (status 2) and an unknown model naming the models', async () => {
    const bad = await cli('export', '--model', 'seed-mlp', '--format', 'keras', '--data-dir', dataDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/onnx, tfjs, safetensors, npz/);
    const missing = await cli('export', '--model', 'nope', '--format', 'onnx', '--data-dir', dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no model "nope" \(the models are bundled:seed-mlp, /);
  });
});

describe('import', () => {
  const dataDir = join(work, 'data-import');

  it('adds a PyTorch ONNX model to the user models, where export finds it', async () => {
    const result = await cli('import', join(root, 'tests/fixtures/onnx/small-cnn.onnx'), '--data-dir', dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/as user:small-cnn \(conv2d → maxpool2d/);
    expect(existsSync(join(dataDir, 'models', 'small-cnn.bplab'))).toBe(true);
    expect((await cli('export', '--model', 'user:small-cnn', '--format', 'safetensors', '--out', join(work, 's.safetensors'), '--data-dir', dataDir)).code).toBe(0);
  });

  it('refuses an unsupported operator, naming node and operator, and adds nothing', async () => {
    const onnxBytes = readFileSync(join(root, 'tests/fixtures/onnx/small-cnn.onnx'));
    const broken = Buffer.from(onnxBytes.toString('latin1').replaceAll('Relu', 'Selu'), 'latin1');
    const path = join(work, 'broken.onnx');
    writeFileSync(path, broken);
    const emptyDir = join(work, 'data-refused');
    const result = await cli('import', path, '--data-dir', emptyDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.onnx: node "[^"]+" \(Selu\) is not supported/);
    expect(existsSync(join(emptyDir, 'models')) ? readdirSync(join(emptyDir, 'models')) : []).toEqual([]);
  });
});
