import { describe, expect, it } from 'vitest';
import { SpecError } from './errors.js';
import { validateModelSpec } from './model.js';
import type { ModelSpec } from './spec.js';

const withLayers = (layers: unknown[], inputShape = [784]): ModelSpec => ({ inputShape, layers, loss: 'softmax-cross-entropy' }) as ModelSpec;

describe('spec checks against hostile specs (train --spec, the contract, model files)', () => {
  it("names 'constructor' and '__proto__' as unknown layer types instead of failing in Object.prototype", () => {
    for (const type of ['constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => validateModelSpec(withLayers([{ type }, { type: 'dense', units: 10 }]))).toThrow(SpecError);
      expect(() => validateModelSpec(withLayers([{ type }, { type: 'dense', units: 10 }]))).toThrow(`layer 0 (${type}): unknown layer type '${type}'`);
    }
  });

  it('refuses sizes past readLimits before any tensor is allocated', () => {
    expect(() => validateModelSpec(withLayers([{ type: 'dense', units: 2 ** 40 }, { type: 'dense', units: 10 }])))
      .toThrow('layer 0 (dense): size 1099511627776 is more than the 65536 allowed');
    expect(() => validateModelSpec(withLayers([{ type: 'dense', units: 2 ** 40 }, { type: 'dense', units: 10 }])))
      .toThrow(expect.objectContaining({ code: 'limit.size', params: { index: 0, type: 'dense', size: 2 ** 40, max: 65536 }, layerIndex: 0 }));
    expect(() => validateModelSpec(withLayers([{ type: 'dense', units: 10 }], [1, 70_000, 1]))).toThrow(/inputShape \[1, 70000, 1\] is larger than allowed/);
    // 64 filters of 3×3 on [64, 1024, 1024]: each output is 64·1024² values per sample, past 3·1024².
    expect(() => validateModelSpec(withLayers([{ type: 'conv2d', filters: 64, kernelSize: 3, padding: 1 }, { type: 'flatten' }, { type: 'dense', units: 10 }], [3, 1024, 1024])))
      .toThrow(/layer 0 \(conv2d\)'s output \[64, 1024, 1024\] is larger than allowed/);
  });

  it('refuses a name that is not text and a layer that is not an object', () => {
    expect(() => validateModelSpec({ ...withLayers([{ type: 'dense', units: 10 }]), name: 42 } as unknown as ModelSpec)).toThrow('name must be text, got number');
    expect(() => validateModelSpec(withLayers([7, { type: 'dense', units: 10 }]))).toThrow(/layer 0 \(unknown\): unknown layer type 'unknown'/);
  });
});
