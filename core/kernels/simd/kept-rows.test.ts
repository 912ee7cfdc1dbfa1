/**
 * The dense backward pass's reuse of its forward pass's gather (kept-rows.ts) never serves a stale CSR:
 * after each way X or the module's memory can change between the two passes, dW and dB must equal, bit
 * for bit, those of a provider that never saw the forward pass (its backward pass counts and gathers X
 * itself, the path the zero-skipping products' own tests check against float64). The gathers are counted
 * through the module's exports, so the tests also show which path was taken: a reuse that never happened
 * would pass the equality checks vacuously.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { Tensor } from '../../tensor.js';
import type { Kernels } from '../kernels.js';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels, type KernelExports } from './module.js';
import { createSimdKernels } from './provider.js';
import { KEPT_ROWS_MAX_FLOATS } from './kept-rows.js';

const rng = new Rng(4242);
const [m, k, n] = [64, 784, 64];

/** A provider on a memory of its own, with the module's gathers counted. */
async function countingProvider(): Promise<{ kernels: Kernels; gathers: { forward: number; backward: number } }> {
  const own = createKernelMemory('single');
  const wasm = await instantiateKernels(await compileKernels('single'), own);
  const gathers = { forward: 0, backward: 0 };
  const exports: KernelExports = {
    ...wasm,
    sparseGatherRows: (...args) => (gathers.forward++, wasm.sparseGatherRows(...args)),
    sparseColumnsTimesDense: (...args) => (gathers.backward++, wasm.sparseColumnsTimesDense(...args)),
  };
  return { kernels: createSimdKernels({ exports, memory: new KernelMemory(own, wasm.gemmScratchBytes(), 1) }), gathers };
}

/** X [m, k] with ~20% of its values non-zero, as MNIST pixels. */
function mostlyZero(): Tensor {
  return new Tensor([m, k], Float32Array.from({ length: m * k }, () => (rng.next() < 0.2 ? rng.next() : 0)));
}

const dense = (shape: number[]) => new Tensor(shape, Float32Array.from({ length: shape[0]! * shape[1]! }, () => rng.normal()));
const w = dense([k, n]);
const bias = new Tensor([n], new Float32Array(n).fill(0.1));
const dy = dense([m, n]);
const sigmoid = { fn: 'sigmoid' as const, alpha: 0 };

function backward(kernels: Kernels, x: Tensor, y: Tensor): { dw: Float32Array; db: Float32Array } {
  const dw = new Float32Array(k * n).fill(Number.NaN);
  const db = new Float32Array(n).fill(Number.NaN);
  kernels.denseBackward({ x, w, y, dy, activation: sigmoid, gradWeight: dw, gradBias: db, dx: null });
  return { dw, db };
}

const fresh = (await countingProvider()).kernels;

describe('simd dense backward pass on the forward pass\'s gather', () => {
  it('reuses the gather when X is unchanged, with the fresh result', async () => {
    const { kernels, gathers } = await countingProvider();
    const x = mostlyZero();
    const y = kernels.denseForward(x, w, bias, sigmoid);
    const reused = backward(kernels, x, y);
    expect(gathers).toEqual({ forward: 1, backward: 0 });
    expect(reused).toEqual(backward(fresh, x, y));
  });

  it('gathers again when one value of X changed in place between the passes', async () => {
    const { kernels, gathers } = await countingProvider();
    const x = mostlyZero();
    const y = kernels.denseForward(x, w, bias, sigmoid);
    const data = x.data as Float32Array;
    const at = data.findIndex((v) => v === 0);
    data[at] = 0.75;
    expect(backward(kernels, x, y)).toEqual(backward(fresh, x, y));
    expect(gathers.backward).toBe(1);
  });

  it('gathers again when a 0 became −0 (same count and CSR, other bits)', async () => {
    const { kernels, gathers } = await countingProvider();
    const x = mostlyZero();
    const y = kernels.denseForward(x, w, bias, sigmoid);
    const data = x.data as Float32Array;
    data[data.findIndex((v) => v === 0)] = -0;
    expect(backward(kernels, x, y)).toEqual(backward(fresh, x, y));
    expect(gathers.backward).toBe(1);
  });

  it('keeps the first layer\'s gather across later layers\' forward passes, and uses the latest zero-skipping one', async () => {
    const { kernels, gathers } = await countingProvider();
    const [x1, x2] = [mostlyZero(), mostlyZero()];
    const y1 = kernels.denseForward(x1, w, bias, sigmoid);
    // A later layer's dense input (GEMM) does not disturb the record, a second mostly-zero X replaces it.
    kernels.denseForward(dense([m, n]), dense([n, 16]), new Tensor([16], new Float32Array(16)), null);
    expect(backward(kernels, x1, y1)).toEqual(backward(fresh, x1, y1));
    expect(gathers.backward).toBe(0);
    const y2 = kernels.denseForward(x2, w, bias, sigmoid);
    expect(backward(kernels, x1, y1)).toEqual(backward(fresh, x1, y1));
    expect(gathers.backward).toBe(1);
    expect(backward(kernels, x2, y2)).toEqual(backward(fresh, x2, y2));
    expect(gathers.backward).toBe(1);
  });

  it('gathers again after a convolution moved the kept block (its column matrix grew the thread region)', async () => {
    const { kernels, gathers } = await countingProvider();
    const x = mostlyZero();
    const y = kernels.denseForward(x, w, bias, sigmoid);
    const g = { batch: 2, inChannels: 3, inHeight: 16, inWidth: 16, outChannels: 4, kernelHeight: 5, kernelWidth: 5, strideHeight: 1, strideWidth: 1, padHeight: 0, padWidth: 0, outHeight: 12, outWidth: 12 };
    kernels.conv2d(new Tensor([2, 3, 16, 16], new Float32Array(2 * 3 * 256).fill(1)), new Tensor([4, 3, 5, 5], new Float32Array(300).fill(1)), g);
    expect(backward(kernels, x, y)).toEqual(backward(fresh, x, y));
    expect(gathers.backward).toBe(1);
  });

  it('does not keep an X over KEPT_ROWS_MAX_FLOATS: its result is the fresh one, and the smaller X stays kept', async () => {
    const { kernels, gathers } = await countingProvider();
    const x = mostlyZero();
    const y = kernels.denseForward(x, w, bias, sigmoid);
    const rows = Math.floor(KEPT_ROWS_MAX_FLOATS / k) + 1;
    const large = new Tensor([rows, k], Float32Array.from({ length: rows * k }, () => (rng.next() < 0.2 ? 1 : 0)));
    const largeY = kernels.denseForward(large, w, bias, sigmoid);
    // Its rows are the fresh provider's, and the smaller X's record is still served.
    expect(Array.from(largeY.data.subarray(0, 4 * n))).toEqual(Array.from(fresh.denseForward(large, w, bias, sigmoid).data.subarray(0, 4 * n)));
    expect(backward(kernels, x, y)).toEqual(backward(fresh, x, y));
    // Growing the slots to its size would have dropped the record (the test below): it is still served.
    expect(gathers.backward).toBe(0);
  });

  it('gathers again when the slots grew for a larger X', async () => {
    const { kernels, gathers } = await countingProvider();
    const x = mostlyZero();
    const y = kernels.denseForward(x, w, bias, sigmoid);
    const wider = new Tensor([2 * m, k], Float32Array.from({ length: 2 * m * k }, () => (rng.next() < 0.2 ? 1 : 0)));
    kernels.denseForward(wider, w, bias, sigmoid);
    expect(backward(kernels, x, y)).toEqual(backward(fresh, x, y));
    expect(gathers.backward).toBe(1);
  });
});
