/**
 * im2col convolution against PyTorch float64 values (shared fixtures) and seed 000's figure 1.1.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor.js';
import { conv2dGeometry } from './kernels.js';
import { conv2dViaMatmul } from './im2col.js';
import { matmulReference } from './reference.js';

interface FixtureTensor { shape: number[]; data: number[] }
interface ConvCase { stride: number; padding: number; x: FixtureTensor; W: FixtureTensor; b: FixtureTensor;
  y: FixtureTensor; dy: FixtureTensor; dx: FixtureTensor; dW: FixtureTensor }
interface ConvFixture { cases: ConvCase[]; seed000_figure_1_1: { x: number[][]; W: number[][]; y: number[][] } }

const fixturePath = resolve(import.meta.dirname, '../testing/fixtures/torch/conv2d.json');
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as ConvFixture;
const conv = conv2dViaMatmul(matmulReference);

function tensor(t: FixtureTensor, dtype: 'float32' | 'float64' = 'float64'): Tensor {
  return Tensor.from(t.shape, t.data, dtype);
}

/** max |a − b| / max(1, max |b|): relative to the size of the expected values. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return worst / scale;
}

describe('conv2dViaMatmul', () => {
  it('reproduces seed 000 figure 1.1: a cross-correlation giving [[9, 8], [−12, 10]]', () => {
    const { x, W, y } = fixture.seed000_figure_1_1;
    expect(y).toEqual([[9, 8], [-12, 10]]);
    for (const dtype of ['float32', 'float64'] as const) {
      const input = Tensor.from([1, 1, 4, 4], x.flat(), dtype);
      const filter = Tensor.from([1, 1, 3, 3], W.flat(), dtype);
      const out = conv.conv2d(input, filter, conv2dGeometry(input.shape, filter.shape));
      expect(out.shape).toEqual([1, 1, 2, 2]);
      expect(out.dtype).toBe(dtype);
      expect(Array.from(out.data)).toEqual([9, 8, -12, 10]);
    }
  });

  describe.each(fixture.cases.map((c) => [`stride ${c.stride}, padding ${c.padding}, x [${c.x.shape.join(',')}]`, c] as const))(
    'PyTorch fixture: %s',
    (_label, c) => {
      const x = tensor(c.x);
      const w = tensor(c.W);
      const g = conv2dGeometry(x.shape, w.shape, c.stride, c.padding);

      it('forward y (the fixture adds the bias b[o] per output channel)', () => {
        const y = conv.conv2d(x, w, g);
        expect(y.shape).toEqual(c.y.shape);
        const plane = g.outHeight * g.outWidth;
        const withBias = Array.from(y.data, (v, i) => v + c.b.data[Math.floor(i / plane) % g.outChannels]!);
        expect(relativeError(withBias, c.y.data)).toBeLessThanOrEqual(1e-9);
      });

      it('input gradient dx and filter gradient dW', () => {
        const dy = tensor(c.dy);
        const dx = conv.conv2dGradInput(dy, w, g);
        const dW = conv.conv2dGradFilter(x, dy, g);
        expect(dx.shape).toEqual(c.dx.shape);
        expect(dW.shape).toEqual(c.dW.shape);
        expect(dx.dtype).toBe('float64');
        expect(relativeError(dx.data, c.dx.data)).toBeLessThanOrEqual(1e-9);
        expect(relativeError(dW.data, c.dW.data)).toBeLessThanOrEqual(1e-9);
      });

      it('float32 in gives float32 out, within 1e-4', () => {
        const x32 = tensor(c.x, 'float32');
        const w32 = tensor(c.W, 'float32');
        const dy32 = tensor(c.dy, 'float32');
        const y = conv.conv2d(x32, w32, g);
        const dx = conv.conv2dGradInput(dy32, w32, g);
        const dW = conv.conv2dGradFilter(x32, dy32, g);
        expect([y.dtype, dx.dtype, dW.dtype]).toEqual(['float32', 'float32', 'float32']);
        expect(relativeError(dx.data, c.dx.data)).toBeLessThanOrEqual(1e-4);
        expect(relativeError(dW.data, c.dW.data)).toBeLessThanOrEqual(1e-4);
      });
    },
  );

  it('rejects a tensor whose shape disagrees with the geometry, naming both shapes', () => {
    const x = Tensor.zeros([1, 1, 5, 5]);
    const w = Tensor.zeros([2, 1, 3, 3]);
    const g = conv2dGeometry([1, 1, 4, 4], w.shape);
    expect(() => conv.conv2d(x, w, g)).toThrow(/x has shape \[1, 1, 5, 5\] but the geometry needs \[1, 1, 4, 4\]/);
  });

  it('rejects a geometry whose output is empty', () => {
    expect(() => conv2dGeometry([1, 1, 2, 2], [1, 1, 3, 3])).toThrow(/output would be 0×0/);
  });
});
