/**
 * The models shipped in resources/models/: each file loads, and a fresh evaluation on the 10,000 MNIST
 * test images reproduces the test accuracy recorded in its manifest when it was trained.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectKernels } from '../../core/kernels/select.js';
import { presetNames } from '../../core/presets.js';
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
});
