/**
 * The models shipped in resources/models/: each file loads, and a fresh evaluation on the 10,000 MNIST
 * test images reproduces the test accuracy recorded in its manifest when it was trained. cnn-best is a
 * fine-tune, and says so: its manifest names the preset's run it started from, and recording that
 * (scripts/handwriting/record-cnn-best-origin.ts) left its weights as they were installed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectKernels } from '../../core/kernels/select.js';
import { getPreset, presetNames } from '../../core/presets.js';
import { evaluateDataset } from '../../core/train/evaluate.js';
import { loadMnistPart } from './data.js';
import { loadModelFile } from './model-file.js';

const modelsDir = resolve(import.meta.dirname, '../../resources/models');

describe('bundled models', () => {
  for (const name of presetNames) {
    const path = join(modelsDir, `${name}.bplab`);
    it(`${name}: resources/models/${name}.bplab is there (the models are part of the repository)`, () => {
      expect(existsSync(path), `${path} is missing (npm run train:bundled makes it)`).toBe(true);
    });
    it(`${name}: a fresh evaluation on the MNIST test set matches the accuracy in its manifest`, async () => {
      const { saved, model } = loadModelFile(path, await selectKernels('js'));
      const recorded = saved.metrics?.test;
      expect(recorded, 'the manifest records test metrics').toBeDefined();
      expect(recorded!.count).toBe(10000);
      expect(saved.modelSpec.name).toBe(name);
      const fresh = evaluateDataset(model, saved.preprocessing, await loadMnistPart('test'));
      // Trained on another provider, so float32 rounding may flip a rare near-tie: allow 3 of 10,000.
      expect(Math.abs(fresh.accuracy - recorded!.accuracy)).toBeLessThanOrEqual(3e-4);
      expect(fresh.loss).toBeCloseTo(recorded!.loss, 3);
    });
  }

  describe('cnn-best, a fine-tune of the preset\'s run', () => {
    const path = join(modelsDir, 'cnn-best.bplab');

    it('has the weights installed by the robust fine-tune (SHA-256 of every tensor\'s bytes)', () => {
      // Read by the layout of docs/model-format.md, not through core/io: 16-byte header (manifest length
      // at byte 12), the manifest, tensors from the next multiple of 16 at their offsets.
      const file = readFileSync(path);
      const manifestLength = file.readUInt32LE(12);
      const manifest = JSON.parse(file.subarray(16, 16 + manifestLength).toString('utf8')) as { tensors: { offset: number; byteLength: number }[] };
      const dataStart = Math.ceil((16 + manifestLength) / 16) * 16;
      const hash = createHash('sha256');
      for (const { offset, byteLength } of manifest.tensors) hash.update(file.subarray(dataStart + offset, dataStart + offset + byteLength));
      // The tensors of resources/models/cnn-best.bplab as commit 6dd2443 installed it, before its manifest said where it came from.
      expect(hash.digest('hex')).toBe('572baa3b8692710ea159d2b640c881e799ace6be49cbf8d117ce146e8ec9377a');
    });

    it('records what it was fine-tuned from and on, and no longer calls the start\'s run its own', async () => {
      const { saved } = loadModelFile(path, await selectKernels('js'));
      const origin = saved.provenance.fineTunedFrom;
      // The preset's model as bundled at commit f8c961d: its run, weights' CRC-32, 99.47% on the test set, 12 epochs.
      expect(origin?.start).toMatchObject({ name: 'cnn-best', runId: '20261123-170821-8206a1', tensorsCrc32: 'd2cc396e', testAccuracy: 0.9947, epochs: 12 });
      expect(origin?.start.epochs).toBe(getPreset('cnn-best').trainSpec.epochs);
      const trainSpec = saved.trainSpec!;
      expect(origin?.epochs).toBe(trainSpec.epochs);
      // Its learning rate fell to 0 over all its iterations, ⌈samples / batch⌉ per epoch.
      expect(trainSpec.schedule).toMatchObject({ type: 'linear', unit: 'iteration' });
      expect(Math.ceil(origin!.samples / trainSpec.batchSize) * trainSpec.epochs).toBe((trainSpec.schedule as { tau: number }).tau);
      expect(saved.provenance.runId).toBeUndefined();
      expect(saved.metrics?.epochs).toBe(trainSpec.epochs);
      // resources/models/index.json says the same.
      const index = JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as { models: Record<string, Record<string, unknown>> };
      expect(index.models['cnn-best']).toMatchObject({
        testAccuracy: saved.metrics?.test?.accuracy, epochs: trainSpec.epochs,
        fineTunedFrom: { runId: origin!.start.runId, testAccuracy: origin!.start.testAccuracy, epochs: origin!.start.epochs },
      });
    });
  });
});
