/**
 * One Kernels adapter over @tensorflow/tfjs-core ops, for whichever tfjs backend it is given
 * (wasm, tfjs-node, tfjs-node-gpu). Our tensors stay plain Float32Arrays: each call copies its operands
 * in, runs the op, reads the result back and disposes every tfjs tensor it made, so the tfjs tensor
 * count never grows. tfjs computes in float32 only; float64 operands are handed to the fallback
 * (the reference kernels) by the caller, see select.ts.
 *
 * Convolution is in tfjs-conv.ts: native tfjs kernels where registered, else forward convolutions of
 * rearranged operands, else im2col around this matmul (the WASM backend has no Conv2DBackpropFilter).
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { Tensor } from '../tensor.js';
import type { Kernels, MatmulOptions, ProviderName } from './kernels.js';
import { conv2dViaMatmul, type MatmulFunction } from './im2col.js';
import { denseViaMatmul } from './dense.js';
import { conv2dBackwardVia } from './conv-backward.js';
import { GEMV_MAX_ROWS } from './gemv.js';
import {
  NATIVE_CONVOLUTION_KERNELS, createTfjsConvolution, nativeConvolutionSupport,
  type NativeConvolutionKernel, type TfModule,
} from './tfjs-conv.js';

export type { TfModule, NativeConvolutionKernel };
export { nativeConvolutionSupport };

export interface TfjsKernelOptions {
  /** Our provider name for it. */
  name: ProviderName;
  /** The tfjs backend these kernels run on ('wasm', 'tensorflow'); made active before every call. */
  backend: string;
  /**
   * Which tfjs convolution kernels to use where the backend registers them (default all three);
   * the others run as im2col around this provider's matmul.
   */
  nativeConvolution?: readonly NativeConvolutionKernel[];
  /**
   * Transpose operands on the host and multiply untransposed (default false). The WASM backend runs
   * transposed products on a slow generic loop (measured ~2 GFLOP/s against ~20 untransposed).
   * Only for backends that copy data on upload (WASM does), because the transpose buffer is reused.
   */
  transposeOnHost?: boolean;
  /**
   * Products of at most this many multiply-adds, and products of at most GEMV_MAX_ROWS rows (single
   * images: uploading B costs more than the work), go to `smallMatmul`, saving the tfjs per-call cost.
   */
  smallProductLimit?: number;
  smallMatmul?: MatmulFunction;
}

export function createTfjsKernels(tf: TfModule, options: TfjsKernelOptions): Kernels {
  const { name, backend, nativeConvolution = NATIVE_CONVOLUTION_KERNELS, transposeOnHost = false, smallProductLimit = 0, smallMatmul } = options;
  let transposeBuffer: Float32Array = new Float32Array(0);

  /** tfjs has one active backend per process; switching to an initialised one is synchronous. */
  function activate(): void {
    if (tf.getBackend() !== backend) {
      void tf.setBackend(backend);
      if (tf.getBackend() !== backend) throw new Error(`${name} kernels: tfjs backend '${backend}' is not initialised`);
    }
  }

  function toTf(t: Tensor): TfCore.Tensor {
    if (t.data instanceof Float64Array) throw new Error(`${name} kernels compute in float32 only; float64 goes to the reference kernels`);
    return tf.tensor(t.data, [...t.shape], 'float32');
  }

  /** Reads a result back into a new Float32Array (tfjs hands back a copy, so no second copy is needed). */
  function fromTf(t: TfCore.Tensor, shape: readonly number[] = t.shape): Tensor {
    return new Tensor(shape, t.dataSync() as Float32Array);
  }

  /** Runs `body` with its inputs on tfjs and disposes everything it made, result included, after reading it. */
  function run(inputs: Tensor[], body: (...tensors: TfCore.Tensor[]) => TfCore.Tensor, shape?: readonly number[]): Tensor {
    return runAndRead(inputs, body, (result) => fromTf(result, shape));
  }

  function runAndRead<T>(inputs: Tensor[], body: (...tensors: TfCore.Tensor[]) => TfCore.Tensor, read: (result: TfCore.Tensor) => T): T {
    activate();
    const tensors = inputs.map(toTf);
    try {
      const result = tf.tidy(() => body(...tensors));
      try {
        return read(result);
      } finally {
        result.dispose();
      }
    } finally {
      for (const t of tensors) t.dispose();
    }
  }

  /**
   * The result's values where the backend keeps them, without a copy: the WASM backend exposes a view
   * of its heap (valid until its next allocation, so the caller consumes it at once); others copy.
   */
  function valuesOf(result: TfCore.Tensor): Float32Array {
    const view = tf.backend() as { typedArrayFromHeap?: (t: TfCore.Tensor) => unknown };
    if (typeof view.typedArrayFromHeap === 'function') {
      const values = view.typedArrayFromHeap(result);
      if (values instanceof Float32Array) return values;
    }
    return result.dataSync() as Float32Array;
  }

  function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
    const { transA = false, transB = false } = options;
    const [aRows = 0, aCols = 0] = a.shape;
    const [bRows = 0, bCols = 0] = b.shape;
    const m = transA ? aCols : aRows;
    const k = transA ? aRows : aCols;
    const n = transB ? bRows : bCols;
    if (a.shape.length !== 2 || b.shape.length !== 2 || k !== (transB ? bCols : bRows)) {
      throw new Error(`matmul: inner sizes differ ([${a.shape.join(', ')}]${transA ? 'ᵀ' : ''} · [${b.shape.join(', ')}]${transB ? 'ᵀ' : ''})`);
    }
    if (smallMatmul && (m * n * k <= smallProductLimit || (m <= GEMV_MAX_ROWS && !transA))) return smallMatmul(a, b, options);
    if (transposeOnHost && (transA || transB)) {
      // At most one operand is transposed through the shared buffer per upload; both → two uploads in turn.
      activate();
      const ta = transA ? uploadTransposed(a) : toTf(a);
      try {
        const tb = transB ? uploadTransposed(b) : toTf(b);
        try {
          const result = tf.matMul(ta as TfCore.Tensor2D, tb as TfCore.Tensor2D);
          try {
            return fromTf(result);
          } finally {
            result.dispose();
          }
        } finally {
          tb.dispose();
        }
      } finally {
        ta.dispose();
      }
    }
    return run([a, b], (ta, tb) => tf.matMul(ta!, tb!, transA, transB));
  }

  /** Uploads tᵀ through the reused buffer (safe because the backend copies on upload). */
  function uploadTransposed(t: Tensor): TfCore.Tensor {
    const [rows = 0, cols = 0] = t.shape;
    if (transposeBuffer.length < t.size) transposeBuffer = new Float32Array(t.size);
    transposeInto(t.data as Float32Array, rows, cols, transposeBuffer);
    return tf.tensor(transposeBuffer.subarray(0, t.size), [cols, rows], 'float32');
  }

  const conv = createTfjsConvolution({
    tf, backend, native: nativeConvolution, fallback: conv2dViaMatmul(matmul),
    run: (inputs, body) => run(inputs, body),
    runAndView: (inputs, body, read) => runAndRead(inputs, body, (result) => read(valuesOf(result), result.shape)),
  });

  const { release, ...convolution } = conv;
  return { name, matmul, ...convolution, ...conv2dBackwardVia(convolution), ...denseViaMatmul(matmul), dispose: release };
}

/** dst[j·rows + i] = src[i·cols + j], in 32×32 blocks so both sides stay in cache. */
export function transposeInto(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  const BLOCK = 32;
  for (let i0 = 0; i0 < rows; i0 += BLOCK) {
    const iEnd = Math.min(i0 + BLOCK, rows);
    for (let j0 = 0; j0 < cols; j0 += BLOCK) {
      const jEnd = Math.min(j0 + BLOCK, cols);
      for (let i = i0; i < iEnd; i++) {
        const from = i * cols;
        for (let j = j0; j < jEnd; j++) dst[j * rows + i] = src[from + j]!;
      }
    }
  }
}
