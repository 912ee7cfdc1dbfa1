/**
 * The tfjs adapter on the WASM backend: every call disposes what it made (the tfjs tensor count is the
 * same after many calls and after training-like steps), the WASM backend's convolution support is as
 * measured (no Conv2DBackpropFilter, so that gradient runs through im2col), and the host-side transpose
 * is a transpose.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { conv2dGeometry } from './kernels.js';
import { selectKernels } from './select.js';
import { createReferenceKernels } from './reference.js';
import { createTfjsKernels, nativeConvolutionSupport, transposeInto } from './tfjs.js';

const wasm = await selectKernels('wasm');

function random(shape: number[], rng: Rng): Tensor {
  const t = Tensor.zeros(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
}

describe('tfjs adapter on the WASM backend', () => {
  it('registers Conv2D and Conv2DBackpropInput but not Conv2DBackpropFilter', () => {
    expect(nativeConvolutionSupport(tf, 'wasm')).toEqual(['Conv2D', 'Conv2DBackpropInput']);
  });

  it('leaves the tfjs tensor count unchanged across many calls of every operation', () => {
    const rng = new Rng(7);
    const a = random([64, 100], rng);
    const b = random([100, 48], rng);
    const x = random([2, 3, 9, 9], rng);
    const w = random([4, 3, 3, 3], rng);
    const g = conv2dGeometry(x.shape, w.shape, 2, 1);
    const dy = random([2, 4, g.outHeight, g.outWidth], rng);
    // The first forward convolution keeps its filter on the backend (one tensor) for the calls after it.
    wasm.conv2d(x, w, g);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      wasm.matmul(a, b);
      wasm.matmul(a, a, { transA: true });
      wasm.matmul(a, a, { transB: true });
      wasm.matmul(b, a, { transA: true, transB: true });
      wasm.conv2d(x, w, g);
      wasm.conv2dGradInput(dy, w, g);
      wasm.conv2dGradFilter(x, dy, g);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves the tensor count unchanged over training-like steps, and the steps do learn', () => {
    // Least squares y = X·W by gradient descent: dW = Xᵀ·(X·W − Y)/m through the provider's matmul.
    const rng = new Rng(11);
    const x = random([64, 30], rng);
    const truth = random([30, 5], rng);
    const y = wasm.matmul(x, truth);
    let weights = Tensor.zeros([30, 5]);
    const before = tf.memory().numTensors;
    const loss = () => {
      const r = wasm.matmul(x, weights);
      let sum = 0;
      for (let i = 0; i < r.size; i++) sum += (r.data[i]! - y.data[i]!) ** 2;
      return sum / 64;
    };
    const initial = loss();
    for (let step = 0; step < 20; step++) {
      const residual = wasm.matmul(x, weights);
      for (let i = 0; i < residual.size; i++) residual.data[i]! -= y.data[i]!;
      const grad = wasm.matmul(x, residual, { transA: true });
      const next = weights.clone();
      for (let i = 0; i < next.size; i++) next.data[i]! -= (0.5 * grad.data[i]!) / 64;
      weights = next;
    }
    expect(loss()).toBeLessThan(initial / 10);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps one filter per weight buffer, re-uploads it when its values change, and frees it on dispose', () => {
    const kernels = createTfjsKernels(tf, { name: 'wasm', backend: 'wasm', nativeConvolution: ['Conv2D'] });
    const rng = new Rng(13);
    const x = random([1, 2, 6, 6], rng);
    const w = random([3, 2, 3, 3], rng);
    const g = conv2dGeometry(x.shape, w.shape, 1, 1);
    const start = tf.memory().numTensors;
    const first = kernels.conv2d(x, w, g);
    expect(tf.memory().numTensors).toBe(start + 1);
    w.data[0]! += 1;
    const changed = kernels.conv2d(x, w, g);
    expect(tf.memory().numTensors).toBe(start + 1);
    // The result follows the new weight: only w[·, 0, 0, 0] moved, by +1 for output channel 0, so
    // channel 0 changes by the input under that tap and the other channels do not change.
    const plane = g.outHeight * g.outWidth;
    for (let p = 0; p < plane; p++) {
      const i = Math.floor(p / g.outWidth) - 1;
      const j = (p % g.outWidth) - 1;
      const under = i >= 0 && j >= 0 ? x.data[i * 6 + j]! : 0;
      expect(changed.data[p]! - first.data[p]!).toBeCloseTo(under, 4);
      expect(changed.data[plane + p]).toBe(first.data[plane + p]);
    }
    kernels.dispose?.();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects bad operands before uploading anything', () => {
    const kernels = createTfjsKernels(tf, { name: 'wasm', backend: 'wasm' });
    const before = tf.memory().numTensors;
    const x = Tensor.zeros([1, 1, 4, 4]);
    const w = Tensor.zeros([1, 1, 3, 3]);
    expect(() => kernels.conv2d(x, w, { ...conv2dGeometry(x.shape, w.shape), outHeight: 3 })).toThrow(/does not match/);
    expect(() => kernels.matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))).toThrow(/inner sizes differ/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses float64 on the raw adapter (select.ts routes float64 to the reference)', () => {
    const kernels = createTfjsKernels(tf, { name: 'wasm', backend: 'wasm' });
    expect(() => kernels.matmul(Tensor.zeros([40, 40], 'float64'), Tensor.zeros([40, 40], 'float64'))).toThrow(/float32 only/);
  });

  it.each([
    ['every registered tfjs kernel (native Conv2DBackpropInput)', ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']],
    ['no tfjs convolution (im2col around matmul)', []],
  ] as const)('with %s, convolutions agree with the reference', (_label, native) => {
    const kernels = createTfjsKernels(tf, { name: 'wasm', backend: 'wasm', nativeConvolution: native });
    const reference = createReferenceKernels();
    const rng = new Rng(3);
    for (const [stride, pad] of [[1, 2], [2, 1], [3, 0]] as const) {
      const x = random([2, 3, 11, 10], rng);
      const w = random([4, 3, 3, 4], rng);
      const g = conv2dGeometry(x.shape, w.shape, stride, pad);
      const dy = random([2, 4, g.outHeight, g.outWidth], rng);
      const pairs = [
        [kernels.conv2d(x, w, g), reference.conv2d(x, w, g)],
        [kernels.conv2dGradInput(dy, w, g), reference.conv2dGradInput(dy, w, g)],
        [kernels.conv2dGradFilter(x, dy, g), reference.conv2dGradFilter(x, dy, g)],
      ] as const;
      for (const [actual, expected] of pairs) {
        const scale = Math.max(...Array.from(expected.data, Math.abs));
        const worst = Math.max(...Array.from(actual.data, (v, i) => Math.abs(v - expected.data[i]!)));
        expect(worst / scale, `stride ${stride}, padding ${pad}`).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('transposeInto writes dst[j·rows + i] = src[i·cols + j], across block edges', () => {
    const rows = 37;
    const cols = 70;
    const src = Float32Array.from({ length: rows * cols }, (_, i) => i);
    const dst = new Float32Array(rows * cols);
    transposeInto(src, rows, cols, dst);
    for (const [i, j] of [[0, 0], [0, 69], [36, 0], [31, 32], [32, 31], [36, 69]] as const) {
      expect(dst[j * rows + i]).toBe(i * cols + j);
    }
  });
});
