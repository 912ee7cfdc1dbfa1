import { describe, expect, it } from 'vitest';
import { layerOutputShape } from './index.js';
import { SpecError } from '../errors.js';
import type { LayerSpec } from '../spec.js';

function errorOf(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

describe('layerOutputShape: shape inference', () => {
  const cases: [LayerSpec, number[], number[]][] = [
    [{ type: 'dense', units: 64 }, [784], [64]],
    [{ type: 'dense', units: 10 }, [16, 5, 5], [10]],
    [{ type: 'flatten' }, [16, 5, 5], [400]],
    [{ type: 'conv2d', filters: 6, kernelSize: 5, padding: 2 }, [1, 28, 28], [6, 28, 28]],
    [{ type: 'conv2d', filters: 4, kernelSize: [3, 2], stride: [2, 3], padding: [1, 0] }, [3, 10, 11], [4, 5, 4]],
    [{ type: 'conv1d', filters: 4, kernelSize: 4, stride: 2 }, [1, 9], [4, 3]],
    [{ type: 'maxpool2d', poolSize: 2 }, [6, 28, 28], [6, 14, 14]],
    [{ type: 'maxpool2d', poolSize: 3, stride: 2 }, [2, 7, 5], [2, 3, 2]],
    [{ type: 'avgpool2d', poolSize: 3, stride: 1 }, [2, 7, 5], [2, 5, 3]],
    [{ type: 'globalavgpool' }, [3, 5, 4], [3]],
    [{ type: 'dropout', keep: 0.5 }, [128], [128]],
    [{ type: 'batchnorm' }, [16, 14, 14], [16, 14, 14]],
    [{ type: 'activation', fn: 'relu' }, [10], [10]],
  ];
  for (const [spec, input, output] of cases) {
    it(`${JSON.stringify(spec)} on ${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => {
      expect(layerOutputShape(spec, input)).toEqual(output);
    });
  }
});

describe('layerOutputShape: a bad spec names the layer and the numbers', () => {
  it('a kernel larger than the padded input shows the output-size arithmetic', () => {
    const error = errorOf(() => layerOutputShape({ type: 'conv2d', filters: 2, kernelSize: 7 }, [1, 5, 9], 3));
    expect(error.message).toBe('layer 3 (conv2d): output height floor((5 + 2·0 − 7)/1) + 1 = −1 < 1');
    expect(error.layerIndex).toBe(3);
  });

  it('a pool window larger than the image', () => {
    expect(errorOf(() => layerOutputShape({ type: 'maxpool2d', poolSize: [2, 4] }, [6, 5, 3], 7)).message).toBe(
      'layer 7 (maxpool2d): output width floor((3 + 2·0 − 4)/4) + 1 = 0 < 1',
    );
  });

  it('conv1d length', () => {
    expect(errorOf(() => layerOutputShape({ type: 'conv1d', filters: 2, kernelSize: 12, padding: 1 }, [3, 9], 0)).message).toBe(
      'layer 0 (conv1d): output length floor((9 + 2·1 − 12)/1) + 1 = 0 < 1',
    );
  });

  it('a convolution on a vector input asks for [channels, height, width]', () => {
    expect(errorOf(() => layerOutputShape({ type: 'conv2d', filters: 2, kernelSize: 3 }, [784], 0)).message).toBe(
      'layer 0 (conv2d): needs input [channels, height, width], got [784]',
    );
  });

  it('field values out of range', () => {
    expect(errorOf(() => layerOutputShape({ type: 'dense', units: 0 }, [4], 2)).message).toBe('layer 2 (dense): units must be a whole number ≥ 1, got 0');
    expect(errorOf(() => layerOutputShape({ type: 'conv2d', filters: 2, kernelSize: 3, stride: 0 }, [1, 8, 8], 1)).message).toBe(
      'layer 1 (conv2d): stride must be a whole number ≥ 1, got 0',
    );
    expect(errorOf(() => layerOutputShape({ type: 'dropout', keep: 1.5 }, [4], 4)).message).toBe(
      'layer 4 (dropout): keep (the probability a unit is kept) must be in (0, 1], got 1.5',
    );
    expect(errorOf(() => layerOutputShape({ type: 'batchnorm', momentum: 2 }, [4], 5)).message).toBe(
      'layer 5 (batchnorm): momentum must be in [0, 1], got 2',
    );
  });

  it('unknown names list the choices', () => {
    expect(errorOf(() => layerOutputShape({ type: 'activation', fn: 'swish' as never }, [4], 1)).message).toMatch(
      /^layer 1 \(activation\): unknown activation 'swish' \(one of step, sigmoid, .*linear\)$/,
    );
    expect(errorOf(() => layerOutputShape({ type: 'dense', units: 3, init: 'glorot' as never }, [4], 0)).message).toMatch(
      /^layer 0 \(dense\): unknown initialisation 'glorot'/,
    );
    expect(errorOf(() => layerOutputShape({ type: 'lstm' } as never, [4], 6)).message).toMatch(/^layer 6 \(lstm\): unknown layer type 'lstm'/);
  });

  it('a misspelt key is refused, not dropped: the layer, the key and the allowed keys', () => {
    const strides = errorOf(() => layerOutputShape({ type: 'conv2d', filters: 2, kernelSize: 3, strides: 2 } as never, [1, 8, 8], 3));
    expect(strides.message).toBe(
      "layer 3 (conv2d): unknown key 'strides' (allowed: type, filters, kernelSize, stride, padding, activation, init, alpha)",
    );
    expect(strides.layerIndex).toBe(3);
    expect(errorOf(() => layerOutputShape({ type: 'dense', units: 4, activaton: 'relu' } as never, [4], 1)).message).toBe(
      "layer 1 (dense): unknown key 'activaton' (allowed: type, units, activation, init, alpha)",
    );
    expect(errorOf(() => layerOutputShape({ type: 'maxpool2d', poolSize: 2, padding: 1 } as never, [1, 8, 8], 0)).message).toMatch(
      /^layer 0 \(maxpool2d\): unknown key 'padding' \(allowed: type, poolSize, stride\)$/,
    );
    // A field cleared to undefined is absent, not unknown.
    expect(layerOutputShape({ type: 'dense', units: 4, activation: undefined }, [4], 0)).toEqual([4]);
  });
});
