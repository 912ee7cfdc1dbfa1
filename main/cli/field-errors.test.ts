/**
 * The command line words a field the engine refuses in English, from the same data the app translates
 * (core's field problem, formatted by core/fields.ts): a spec file with a bad layer or optimizer value
 * prints the one sentence and exits with status 1, before any run folder exists.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presets } from '@backprop-lab/core';
import { cli } from './run-cli.testing.js';

const work = mkdtempSync(join(tmpdir(), 'backprop-lab-cli-fields-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function specFile(name: string, content: object): string {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const seedMlp = presets['seed-mlp'];

describe('train: a field that breaks its rule, in English', () => {
  it.each([
    ['a layer with 0 units', { modelSpec: { ...seedMlp.modelSpec, layers: [{ type: 'dense', units: 0, activation: 'sigmoid' }, ...seedMlp.modelSpec.layers.slice(1)] } },
      'layer 0 (dense): units must be a whole number ≥ 1, got 0'],
    ['a dropout keep probability above 1', { modelSpec: { ...seedMlp.modelSpec, layers: [seedMlp.modelSpec.layers[0], { type: 'dropout', keep: 1.5 }, ...seedMlp.modelSpec.layers.slice(1)] } },
      'layer 1 (dropout): keep (the probability a unit is kept) must be in (0, 1], got 1.5'],
    ['Adam with β₁ = 1', { modelSpec: seedMlp.modelSpec, trainSpec: { optimizer: { type: 'adam', beta1: 1 } } },
      'optimizer adam: beta1 must be in [0, 1), got 1'],
  ])('%s', async (_what, content, sentence) => {
    const dataDir = join(work, 'data');
    const result = await cli('train', '--spec', specFile('spec.json', content), '--data-dir', dataDir, '--limit', '100');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`backprop-lab train: ${sentence}\n`);
    expect(existsSync(join(dataDir, 'runs'))).toBe(false);
  });
});
