import { describe, expect, it } from 'vitest';
import { createReferenceKernels } from './kernels/reference.js';
import { Model, validateModelSpec } from './model.js';
import { getPreset, presetNames, presets } from './presets.js';

describe('presets', () => {
  it('seed-mlp is the course network: 784 → 64 → 16 → 10 with 51,450 parameters', () => {
    const { modelSpec, trainSpec } = presets['seed-mlp'];
    const model = Model.build(modelSpec, { kernels: createReferenceKernels() });
    // (784·64 + 64) + (64·16 + 16) + (16·10 + 10)
    expect(model.summary().total).toBe(50240 + 1040 + 170);
    expect(model.summary().layers.map((l) => l.outputShape)).toEqual([[64], [16], [10]]);
    expect(trainSpec).toMatchObject({ optimizer: { type: 'sgd', lr: 0.2 }, batchSize: 128, epochs: 40, init: 'xavier-uniform' });
    // The course's 55k/5k split of the 60,000 training images.
    expect(Math.round(60000 * trainSpec.validationSplit)).toBe(5000);
  });

  it('lenet5 has LeNet-5’s 61,706 parameters and a 16×5×5 map before the dense layers', () => {
    const { modelSpec, trainSpec } = presets.lenet5;
    const summary = Model.build(modelSpec, { kernels: createReferenceKernels() }).summary();
    expect(summary.total).toBe(61706);
    expect(summary.layers[3]!.outputShape).toEqual([16, 5, 5]);
    expect(trainSpec).toMatchObject({ optimizer: { type: 'adam', lr: 1e-3 }, batchSize: 64 });
  });

  it('every preset is a valid spec ending in 10 classes', () => {
    for (const name of presetNames) {
      const shapes = validateModelSpec(presets[name].modelSpec);
      expect(shapes.at(-1), name).toEqual([10]);
    }
    expect(presets['cnn-best'].modelSpec.layers.some((l) => l.type === 'batchnorm')).toBe(true);
    expect(presets['cnn-best'].modelSpec.layers.some((l) => l.type === 'dropout')).toBe(true);
    expect(presets['cnn-best'].trainSpec.augment).toBeDefined();
  });

  it('getPreset hands out a copy and rejects unknown names, listing the presets', () => {
    const copy = getPreset('lenet5');
    copy.trainSpec.epochs = 1;
    expect(presets.lenet5.trainSpec.epochs).not.toBe(1);
    expect(() => getPreset('vgg')).toThrowError('Unknown preset "vgg"; the presets are seed-mlp, lenet5, cnn-best');
  });
});
