/**
 * Convolution on tfjs. tfjs wants NHWC images and [kh, kw, C, O] filters; the layouts are changed on
 * the host (permute.ts), which measured much faster than the WASM backend's Transpose. Each operation
 * uses, in order of preference: the backend's own kernel when it is registered and enabled, the forward
 * Conv2D applied to rearranged operands, or im2col around the provider's matmul.
 *
 * Both gradients as forward convolutions (s = stride, p = padding, W̃ = W rotated 180° with C and O
 * swapped, W̃[kh−1−i, kw−1−j, o, c] = W[o, c, i, j]):
 *   dx = conv2d(dy, W̃, padding k−1−p)                      (stride 1 and p ≤ k − 1 only)
 *   dW[o, c, i, j] = conv2d(x viewed [C, H, W, N], dy viewed [Ho, Wo, N, O], padding p, dilation s)[c, i, j, o]
 *        cropped to kh×kw: the sum over the batch is a convolution whose channels are the samples.
 * On the WASM backend (XNNPACK Conv2D, no Conv2DBackpropFilter, a slow Conv2DBackpropInput) these
 * measured 1.5–3.5× faster than im2col around its matmul for the LeNet-5 shapes.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { Tensor, type TensorData } from '../tensor.js';
import { applyConvEpilogue, resultBuffer, type Conv2dEpilogue, type Conv2dGeometry } from './kernels.js';
import { checkConv2dOperands, type ConvolutionKernels } from './im2col.js';
import { permute3 } from './permute.js';

export type TfModule = typeof TfCore;
export type NativeConvolutionKernel = 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter';
export const NATIVE_CONVOLUTION_KERNELS: readonly NativeConvolutionKernel[] = ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'];

export interface TfjsConvolutionContext {
  tf: TfModule;
  backend: string;
  /** The tfjs kernels to use where registered. */
  native: readonly NativeConvolutionKernel[];
  /** Uploads the inputs, runs `body`, reads the result back and disposes every tfjs tensor. */
  run(inputs: Tensor[], body: (...tensors: TfCore.Tensor[]) => TfCore.Tensor): Tensor;
  /**
   * As run, but hands `read` the result's values (a view that is valid only inside `read`) and its shape,
   * so that they can be rearranged straight into their destination without an intermediate copy.
   */
  runAndView<T>(inputs: Tensor[], body: (...tensors: TfCore.Tensor[]) => TfCore.Tensor, read: (values: Float32Array, shape: readonly number[]) => T): T;
  /** im2col around the provider's matmul, for what tfjs cannot do here. */
  fallback: ConvolutionKernels;
}

/** The convolutions, and `release()`, which disposes the filters kept on the backend. */
export type TfjsConvolution = ConvolutionKernels & { release(): void };

export function createTfjsConvolution(context: TfjsConvolutionContext): TfjsConvolution {
  const { tf, backend, native, run, runAndView, fallback } = context;
  // Operands are rearranged into these two buffers, reused between calls: `run` uploads (copies) them
  // before it returns, and a call never has more than two large operands.
  const staging = [new Float32Array(0), new Float32Array(0)];
  const stage = (slot: 0 | 1, size: number): Float32Array => {
    if (staging[slot]!.length < size) staging[slot] = new Float32Array(size);
    return staging[slot]!;
  };
  const has = (kernel: NativeConvolutionKernel) => native.includes(kernel) && tf.getKernel(kernel, backend) !== undefined;
  const forward = has('Conv2D');
  const nativeInput = has('Conv2DBackpropInput');
  const nativeFilter = has('Conv2DBackpropFilter');
  const fused = forward && tf.getKernel('FusedConv2D', backend) !== undefined;
  const runKernel = (name: string, inputs: TfCore.NamedTensorMap, attrs: object) =>
    tf.engine().runKernel(name, inputs, attrs as unknown as TfCore.NamedAttrMap) as TfCore.Tensor;
  const as4d = (t: TfCore.Tensor) => t as TfCore.Tensor4D;

  const filters = new FilterCache(tf);

  function conv2d(x: Tensor, w: Tensor, g: Conv2dGeometry, out?: TensorData, epilogue?: Conv2dEpilogue): Tensor {
    if (!forward) return fallback.conv2d(x, w, g, out, epilogue);
    checkConv2dOperands('conv2d', g, { x, w });
    const y = resultBuffer(out, g.batch * g.outChannels * g.outHeight * g.outWidth, x.data, 'conv2d');
    const strides: [number, number] = [g.strideHeight, g.strideWidth];
    const pad = padding(g.padHeight, g.padWidth);
    // The bias and ReLU run inside the backend's convolution when it has the fused kernel (XNNPACK clamps in its inner loop).
    const fuse = epilogue !== undefined && fused;
    return runAndView(
      fuse ? [imagesToNhwc(x, stage(0, x.size)), epilogue.bias] : [imagesToNhwc(x, stage(0, x.size))],
      (tx, tb) =>
        fuse
          ? tf.fused.conv2d({ x: as4d(tx!), filter: filters.upload(w), strides, pad, bias: tb!, activation: epilogue.relu ? 'relu' : 'linear' })
          : tf.conv2d(as4d(tx!), filters.upload(w), strides, pad),
      (values, shape) => {
        const result = imagesToNchw(values, shape, y);
        if (epilogue && !fuse) applyConvEpilogue(y, epilogue, g);
        return result;
      },
    );
  }

  function conv2dGradInput(dy: Tensor, w: Tensor, g: Conv2dGeometry, out?: TensorData): Tensor {
    const fullHeight = g.kernelHeight - 1 - g.padHeight;
    const fullWidth = g.kernelWidth - 1 - g.padWidth;
    const asForward = forward && g.strideHeight === 1 && g.strideWidth === 1 && fullHeight >= 0 && fullWidth >= 0;
    if (!nativeInput && !asForward) return fallback.conv2dGradInput(dy, w, g, out);
    checkConv2dOperands('conv2dGradInput', g, { dy, w });
    const dx = resultBuffer(out, g.batch * g.inChannels * g.inHeight * g.inWidth, dy.data, 'conv2dGradInput');
    const toNchw = (values: Float32Array, shape: readonly number[]) => imagesToNchw(values, shape, dx);
    return nativeInput
      ? runAndView(
          [imagesToNhwc(dy, stage(0, dy.size)), filterToHwco(w)],
          (tdy, tw) =>
            runKernel('Conv2DBackpropInput', { dy: tdy!, filter: tw! }, {
              strides: [g.strideHeight, g.strideWidth],
              pad: padding(g.padHeight, g.padWidth),
              dataFormat: 'NHWC',
              inputShape: [g.batch, g.inHeight, g.inWidth, g.inChannels],
            }),
          toNchw,
        )
      : runAndView(
          [imagesToNhwc(dy, stage(0, dy.size)), rotatedFilter(w)],
          (tdy, tw) => tf.conv2d(as4d(tdy!), as4d(tw!), 1, padding(fullHeight, fullWidth)),
          toNchw,
        );
  }

  function conv2dGradFilter(x: Tensor, dy: Tensor, g: Conv2dGeometry): Tensor {
    if (!nativeFilter && !forward) return fallback.conv2dGradFilter(x, dy, g);
    checkConv2dOperands('conv2dGradFilter', g, { x, dy });
    const hwco = nativeFilter
      ? run([imagesToNhwc(x, stage(0, x.size)), imagesToNhwc(dy, stage(1, dy.size))], (tx, tdy) =>
          runKernel('Conv2DBackpropFilter', { x: tx!, dy: tdy! }, {
            strides: [g.strideHeight, g.strideWidth],
            pad: padding(g.padHeight, g.padWidth),
            dataFormat: 'NHWC',
            filterShape: [g.kernelHeight, g.kernelWidth, g.inChannels, g.outChannels],
          }),
        )
      : null;
    if (hwco) return filterFromHwco(hwco, g);
    // x [N, C, H·W] → [C, H·W, N]; dy [N, O, Ho·Wo] → [Ho·Wo, N, O].
    const samplesAsChannels = new Tensor(
      [g.inChannels, g.inHeight, g.inWidth, g.batch],
      permute3(x.data as Float32Array, [g.batch, g.inChannels, g.inHeight * g.inWidth], [1, 2, 0], stage(0, x.size)),
    );
    const dyAsFilter = new Tensor(
      [g.outHeight, g.outWidth, g.batch, g.outChannels],
      permute3(dy.data as Float32Array, [g.batch, g.outChannels, g.outHeight * g.outWidth], [2, 0, 1], stage(1, dy.size)),
    );
    // [C, kh, kw, O] → [O, C, kh, kw]
    const chwo = run([samplesAsChannels, dyAsFilter], (tx, tdy) =>
      tf.slice(
        tf.conv2d(as4d(tx!), as4d(tdy!), 1, padding(g.padHeight, g.padWidth), 'NHWC', [g.strideHeight, g.strideWidth]),
        [0, 0, 0, 0],
        [g.inChannels, g.kernelHeight, g.kernelWidth, g.outChannels],
      ),
    );
    const kernelArea = g.kernelHeight * g.kernelWidth;
    return new Tensor(
      [g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth],
      permute3(chwo.data as Float32Array, [g.inChannels, kernelArea, g.outChannels], [2, 0, 1]),
    );
  }

  return { conv2d, conv2dGradInput, conv2dGradFilter, release: () => filters.clear() };
}

/**
 * Filters kept on the backend between forward convolutions while their values do not change (inference:
 * the same weights image after image). A fresh upload costs more than the upload: the WASM backend
 * builds and packs an XNNPACK operator for every new filter tensor, measured ~60 µs of a ~100 µs
 * single-image LeNet-5 conv1. Entries are keyed by the weight buffer and hold a copy of its values; any
 * change (every training step) re-uploads. At most MAX_KEPT filters are kept, the oldest disposed first,
 * so the backend's tensor count stays bounded.
 */
class FilterCache {
  private static readonly MAX_KEPT = 16;
  private readonly kept = new Map<TensorData, { values: Float32Array; tensor: TfCore.Tensor4D }>();

  constructor(private readonly tf: TfModule) {}

  /** w [O, C, kh, kw] as a kept [kh, kw, C, O] tfjs tensor; call inside tidy (the tensor is kept from it). */
  upload(w: Tensor): TfCore.Tensor4D {
    const entry = this.kept.get(w.data);
    if (entry && sameValues(entry.values, w.data)) return entry.tensor;
    if (entry) {
      entry.tensor.dispose();
      this.kept.delete(w.data);
    }
    const hwco = filterToHwco(w);
    const tensor = this.tf.keep(this.tf.tensor4d(hwco.data as Float32Array, hwco.shape as [number, number, number, number], 'float32'));
    this.kept.set(w.data, { values: Float32Array.from(w.data), tensor });
    if (this.kept.size > FilterCache.MAX_KEPT) {
      const [oldest, first] = this.kept.entries().next().value!;
      first.tensor.dispose();
      this.kept.delete(oldest);
    }
    return tensor;
  }

  clear(): void {
    for (const { tensor } of this.kept.values()) tensor.dispose();
    this.kept.clear();
  }
}

function sameValues(a: Float32Array, b: TensorData): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Which convolution kernels a backend registers. */
export function nativeConvolutionSupport(tf: TfModule, backend: string): NativeConvolutionKernel[] {
  return NATIVE_CONVOLUTION_KERNELS.filter((k) => tf.getKernel(k, backend) !== undefined);
}

/** [N, C, H, W] → [N, H, W, C], into `buffer`. */
function imagesToNhwc(t: Tensor, buffer: Float32Array): Tensor {
  const [n = 0, c = 0, h = 0, w = 0] = t.shape;
  return new Tensor([n, h, w, c], permute3(t.data as Float32Array, [n, c, h * w], [0, 2, 1], buffer));
}

/** [N, H, W, C] values → [N, C, H, W] in `out` (which must not be `values`). */
function imagesToNchw(values: Float32Array, shape: readonly number[], out: TensorData): Tensor {
  const [n = 0, h = 0, w = 0, c = 0] = shape;
  const nchw = permute3(values, [n, h * w, c], [0, 2, 1], out as Float32Array);
  // permute3 hands back its input when nothing moves (one channel); the view must not escape.
  if (nchw === values) (out as Float32Array).set(values);
  return new Tensor([n, c, h, w], out);
}

/** W [O, C, kh, kw] → [kh, kw, C, O]. */
function filterToHwco(w: Tensor): Tensor {
  const [o = 0, c = 0, kh = 0, kw = 0] = w.shape;
  return new Tensor([kh, kw, c, o], permute3(w.data as Float32Array, [o, c, kh * kw], [2, 1, 0]));
}

/** [kh, kw, C, O] → W [O, C, kh, kw]. */
function filterFromHwco(t: Tensor, g: Conv2dGeometry): Tensor {
  const area = g.kernelHeight * g.kernelWidth;
  return new Tensor(
    [g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth],
    permute3(t.data as Float32Array, [area, g.inChannels, g.outChannels], [2, 1, 0]),
  );
}

/** W̃ [kh, kw, O, C] with W̃[kh−1−i, kw−1−j, o, c] = W[o, c, i, j]. */
function rotatedFilter(w: Tensor): Tensor {
  const [o = 0, c = 0, kh = 0, kw = 0] = w.shape;
  const out = new Float32Array(w.size);
  const src = w.data;
  for (let oc = 0; oc < o; oc++) {
    for (let ic = 0; ic < c; ic++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          out[(((kh - 1 - i) * kw + (kw - 1 - j)) * o + oc) * c + ic] = src[((oc * c + ic) * kh + i) * kw + j]!;
        }
      }
    }
  }
  return new Tensor([kh, kw, o, c], out);
}

/** tfjs' explicit padding: [[batch], [top, bottom], [left, right], [channels]], symmetric here. */
function padding(height: number, width: number): TfCore.backend_util.ExplicitPadding {
  return [[0, 0], [height, height], [width, width], [0, 0]];
}
