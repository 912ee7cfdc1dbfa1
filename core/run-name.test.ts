import { describe, expect, it } from 'vitest';
import { architectureOf, defaultRunName, englishName, fineTuneNameParts, runNameParts } from './run-name.js';
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

describe('the parts of an engine-made name, as data', () => {
  it('keeps what each difference is and its value, and words them in English as before', () => {
    const modelSpec = { ...seed.modelSpec, layers: seed.modelSpec.layers.map((l, i) => (i === 0 ? { ...l, units: 32 } : l)) };
    const trainSpec = { ...seed.trainSpec, optimizer: { type: 'adam' as const, lr: 0.001 }, epochs: 3 };
    expect(runNameParts(seed, modelSpec, trainSpec)).toEqual({
      kind: 'run', preset: 'seed-mlp', more: 0, differences: [
        { kind: 'layer', layer: 0, key: 'units', value: '32' },
        { kind: 'optimizer', value: 'adam', settings: [{ key: 'lr', value: '0.001' }] },
        { kind: 'setting', key: 'epochs', value: '3' },
      ],
    });
  });

  it('names switches by whether they are on: augmentation on, early stopping off', () => {
    const lenet = presets.lenet5;
    const withEarlyStop = { ...lenet, trainSpec: { ...lenet.trainSpec, earlyStopping: { patience: 2, minDelta: 0 } } };
    const trainSpec = { ...lenet.trainSpec, augment: undefined };
    const parts = runNameParts(withEarlyStop, lenet.modelSpec, trainSpec);
    expect(parts.differences).toEqual([{ kind: 'setting', key: 'augment', on: false }, { kind: 'setting', key: 'earlyStopping', on: false }]);
    expect(englishName(parts)).toBe('lenet5 · no augment · no early-stop');
    const back = runNameParts(lenet, lenet.modelSpec, withEarlyStop.trainSpec);
    expect(englishName(back)).toBe('lenet5 · early-stop=2');
  });

  it('a fine-tuned model is named by its starting model, whose own parts it keeps', () => {
    const base = runNameParts(seed, seed.modelSpec, { ...seed.trainSpec, epochs: 3 });
    const parts = fineTuneNameParts({ name: 'seed-mlp · epochs=3', nameParts: base });
    expect(parts).toEqual({ kind: 'fine-tune', base: 'seed-mlp · epochs=3', baseParts: base, source: 'handwriting' });
    expect(englishName(parts)).toBe('seed-mlp · epochs=3 · handwriting');
    expect(fineTuneNameParts({ name: 'cnn-best' })).toEqual({ kind: 'fine-tune', base: 'cnn-best', source: 'handwriting' });
  });
});
