import { describe, expect, it } from 'vitest';
import { architectureOf, defaultRunName } from './run-name.js';
import { presets } from './presets.js';

const seed = presets['seed-mlp'];

describe('default run names (defect 11)', () => {
  it('an unedited preset is named by the preset alone', () => {
    expect(defaultRunName(seed, seed.modelSpec, seed.trainSpec)).toBe('seed-mlp');
  });

  it('names each change from the preset: a layer field, the optimizer and its rate, the epochs', () => {
    const modelSpec = { ...seed.modelSpec, layers: seed.modelSpec.layers.map((l, i) => (i === 0 ? { ...l, units: 32 } : l)) };
    const trainSpec = { ...seed.trainSpec, optimizer: { type: 'adam' as const, lr: 0.001 }, epochs: 3 };
    expect(defaultRunName(seed, modelSpec, trainSpec)).toBe('seed-mlp · L0 units=32 · adam lr=0.001 · epochs=3');
  });

  it('names at most four changes, then how many more', () => {
    const trainSpec = { ...seed.trainSpec, epochs: 3, batchSize: 32, seed: 7, init: 'he-normal' as const, regularisation: { l2: 1e-4 } };
    expect(defaultRunName(seed, seed.modelSpec, trainSpec)).toBe('seed-mlp · epochs=3 · batch=32 · init=he-normal · seed=7 · +1');
  });

  it('a different number of layers names the architecture; without a preset, the architecture too', () => {
    const modelSpec = { ...seed.modelSpec, layers: [{ type: 'dense' as const, units: 10 }] };
    expect(defaultRunName(seed, modelSpec, seed.trainSpec)).toBe('seed-mlp · 784-10');
    expect(architectureOf(presets.lenet5.modelSpec)).toBe('1×28×28-c6-c16-120-84-10');
    expect(defaultRunName(undefined, { ...modelSpec, name: undefined }, seed.trainSpec)).toBe('custom 784-10');
  });
});
