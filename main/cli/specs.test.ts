import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presets } from '../../core/presets.js';
import { applyOverrides, readSpecFile, resolveSpecs } from './specs.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-lab-specs-'));

describe('specs for train and gradcheck', () => {
  it('applies overrides without touching the preset', () => {
    const base = presets['seed-mlp'].trainSpec;
    const spec = applyOverrides(base, { epochs: 3, batch: 16, seed: 9, provider: 'js', optimizer: 'momentum' });
    expect(spec).toMatchObject({ epochs: 3, batchSize: 16, seed: 9, provider: 'js', optimizer: { type: 'momentum', lr: 0.2 } });
    expect(base.epochs).toBe(40);
    expect(applyOverrides(base, { optimizer: 'adam', lr: 0.003 }).optimizer).toEqual({ type: 'adam', lr: 0.003 });
    expect(applyOverrides(base, { optimizer: 'adadelta' }).optimizer).toEqual({ type: 'adadelta' });
  });

  it('reads a spec file with modelSpec and trainSpec, or a bare ModelSpec with seed-mlp’s training', () => {
    const modelSpec = { inputShape: [784], layers: [{ type: 'dense', units: 10 }], loss: 'softmax-cross-entropy' };
    const full = join(dir, 'full.json');
    writeFileSync(full, JSON.stringify({ modelSpec, trainSpec: { epochs: 2, batchSize: 10 } }));
    expect(readSpecFile(full).trainSpec).toMatchObject({ epochs: 2, batchSize: 10, optimizer: { type: 'sgd', lr: 0.2 } });
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify(modelSpec));
    expect(resolveSpecs(undefined, bare)).toMatchObject({ source: bare, modelSpec, trainSpec: { epochs: 40 } });
  });

  it('names the file when it is not JSON or holds no model', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "modelSpec": ');
    expect(() => readSpecFile(broken)).toThrowError(/broken\.json: /);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{}');
    expect(() => readSpecFile(empty)).toThrowError(/empty\.json: "modelSpec" with "inputShape" and "layers" is missing/);
    expect(() => readSpecFile(join(dir, 'absent.json'))).toThrowError(/absent\.json/);
  });

  it('refuses a trainSpec key it does not know, naming the file, the key and the allowed keys', () => {
    const modelSpec = { inputShape: [784], layers: [{ type: 'dense', units: 10 }], loss: 'softmax-cross-entropy' };
    for (const key of ['epocs', 'optimiser']) {
      const file = join(dir, `${key}.json`);
      writeFileSync(file, JSON.stringify({ modelSpec, trainSpec: { [key]: 3 } }));
      expect(() => readSpecFile(file)).toThrowError(new RegExp(`${key}\\.json: unknown trainSpec key "${key}" \\(allowed: optimizer, schedule, .*epochs`));
    }
  });
});

describe('a spec file built to break the reader', () => {
  it('nested 10,000 deep is refused by name before any walk over it overflows the stack', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'spec-deep-')), 'deep.json');
    writeFileSync(path, `{"modelSpec": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(() => readSpecFile(path)).toThrow(`${path}: JSON nested more than 32 levels deep`);
  });
});
