/**
 * 2-D convolution (cross-correlation) as one matrix product per call, for any provider's matmul.
 *
 * im2col lays every receptive field out as a row of the patch matrix P [N·Ho·Wo, C·kh·kw]:
 * P[(n·Ho + r)·Wo + s, (c·kh + i)·kw + j] = x[n, c, r·sh − ph + i, s·sw − pw + j] (zero outside the image).
 * With W viewed as [O, C·kh·kw], dy as dY = [N·Ho·Wo, O] (pixel-major) or dYᶜ = [O, N·Ho·Wo] (channel-major):
 *   forward      Y  = P · Wᵀ        [N·Ho·Wo, O] → y[N, O, Ho, Wo]
 *   grad filter  dW = dYᶜ · P        [O, C·kh·kw]
 *   grad input   dP = dY · W         [N·Ho·Wo, C·kh·kw], then col2im adds each row back onto its pixels.
 * Only the small W is ever transposed, so no provider has to transpose the large P, and the whole batch
 * shares one product per call. Output dtype follows the input (x for the forward and filter gradient,
 * dy for the input gradient).
 *
 * The patch matrix is built in a buffer reused between calls (it is the largest allocation of a
 * convolutional network); this relies on the Kernels rule that matmul does not keep its operands.
 */
import { Tensor, allocate, formatShape, type TensorData } from '../tensor.js';
import { applyConvEpilogue, resultBuffer, type Conv2dGeometry, type Kernels, type MatmulOptions } from './kernels.js';

export type MatmulFunction = (a: Tensor, b: Tensor, options?: MatmulOptions) => Tensor;

export type ConvolutionKernels = Pick<Kernels, 'conv2d' | 'conv2dGradInput' | 'conv2dGradFilter'>;

export function conv2dViaMatmul(matmul: MatmulFunction): ConvolutionKernels {
  return {
    conv2d(x, w, g, out, epilogue) {
      checkConv2dOperands('conv2d', g, { x, w });
      const y = resultBuffer(out, g.batch * g.outChannels * g.outHeight * g.outWidth, x.data, 'conv2d');
      const product = matmul(im2col(x.data, g), filterMatrix(w, x), { transB: true });
      const result = fromPixelMajor(product.data, g, y);
      if (epilogue) applyConvEpilogue(y, epilogue, g);
      return result;
    },
    conv2dGradInput(dy, w, g, out) {
      checkConv2dOperands('conv2dGradInput', g, { dy, w });
      const dx = resultBuffer(out, g.batch * g.inChannels * g.inHeight * g.inWidth, dy.data, 'conv2dGradInput');
      const dPatches = matmul(toPixelMajor(dy, g), filterMatrix(w, dy));
      return col2im(dPatches.data, g, dx);
    },
    conv2dGradFilter(x, dy, g) {
      checkConv2dOperands('conv2dGradFilter', g, { x, dy });
      const dyMatrix = toChannelMajor(dy.dtype === x.dtype ? dy : dy.as(x.dtype), g);
      const dw = matmul(dyMatrix, im2col(x.data, g));
      return new Tensor([g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth], dw.data);
    },
  };
}

let patches32 = new Float32Array(0);
let patches64 = new Float64Array(0);

/** P [N·Ho·Wo, C·kh·kw] from x [N, C, H, W], in a reused buffer (valid until the next call). */
export function im2col(x: TensorData, g: Conv2dGeometry): Tensor {
  const { batch, inChannels, inHeight, inWidth, kernelHeight, kernelWidth, outHeight, outWidth } = g;
  const { strideHeight, strideWidth, padHeight, padWidth } = g;
  const rows = batch * outHeight * outWidth;
  const width = inChannels * kernelHeight * kernelWidth;
  const patches = patchBuffer(x instanceof Float64Array ? 'float64' : 'float32', rows * width);
  let at = 0;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < outHeight; r++) {
      for (let s = 0; s < outWidth; s++) {
        const left = s * strideWidth - padWidth;
        const inside = left >= 0 && left + kernelWidth <= inWidth;
        for (let c = 0; c < inChannels; c++) {
          const plane = (n * inChannels + c) * inHeight;
          for (let i = 0; i < kernelHeight; i++) {
            const inRow = r * strideHeight - padHeight + i;
            if (inRow < 0 || inRow >= inHeight) {
              patches.fill(0, at, at + kernelWidth);
              at += kernelWidth;
              continue;
            }
            const from = (plane + inRow) * inWidth + left;
            if (inside) {
              for (let j = 0; j < kernelWidth; j++) patches[at++] = x[from + j]!;
            } else {
              for (let j = 0; j < kernelWidth; j++) {
                const inCol = left + j;
                patches[at++] = inCol >= 0 && inCol < inWidth ? x[from + j]! : 0;
              }
            }
          }
        }
      }
    }
  }
  return new Tensor([rows, width], patches.subarray(0, rows * width));
}

/**
 * dx [N, C, H, W] = the adjoint of im2col: every patch entry is added back onto its source pixel.
 * Into `out` (zeroed first) when given.
 */
export function col2im(dPatches: TensorData, g: Conv2dGeometry, out?: TensorData): Tensor {
  const { batch, inChannels, inHeight, inWidth, kernelHeight, kernelWidth, outHeight, outWidth } = g;
  const { strideHeight, strideWidth, padHeight, padWidth } = g;
  const dx = resultBuffer(out, batch * inChannels * inHeight * inWidth, dPatches, 'col2im');
  if (out) dx.fill(0);
  let at = 0;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < outHeight; r++) {
      for (let s = 0; s < outWidth; s++) {
        const left = s * strideWidth - padWidth;
        for (let c = 0; c < inChannels; c++) {
          const plane = (n * inChannels + c) * inHeight;
          for (let i = 0; i < kernelHeight; i++) {
            const inRow = r * strideHeight - padHeight + i;
            if (inRow < 0 || inRow >= inHeight) {
              at += kernelWidth;
              continue;
            }
            const to = (plane + inRow) * inWidth + left;
            for (let j = 0; j < kernelWidth; j++, at++) {
              const inCol = left + j;
              if (inCol >= 0 && inCol < inWidth) dx[to + j]! += dPatches[at]!;
            }
          }
        }
      }
    }
  }
  return new Tensor([batch, inChannels, inHeight, inWidth], dx);
}

function patchBuffer(dtype: 'float32' | 'float64', size: number): TensorData {
  if (dtype === 'float64') {
    if (patches64.length < size) patches64 = new Float64Array(size);
    return patches64;
  }
  if (patches32.length < size) patches32 = new Float32Array(size);
  return patches32;
}

/** W [O, C, kh, kw] viewed as [O, C·kh·kw], in the dtype of `like`. */
function filterMatrix(w: Tensor, like: Tensor): Tensor {
  const matrix = w.reshape([w.shape[0]!, w.size / w.shape[0]!]);
  return matrix.dtype === like.dtype ? matrix : matrix.as(like.dtype);
}

/** [N·Ho·Wo, O] product → y [N, O, Ho, Wo], into `y`. */
function fromPixelMajor(product: TensorData, g: Conv2dGeometry, y: TensorData): Tensor {
  const plane = g.outHeight * g.outWidth;
  const channels = g.outChannels;
  for (let n = 0; n < g.batch; n++) {
    const base = n * channels * plane;
    for (let p = 0; p < plane; p++) {
      const from = base + p * channels;
      for (let o = 0; o < channels; o++) y[base + o * plane + p] = product[from + o]!;
    }
  }
  return new Tensor([g.batch, channels, g.outHeight, g.outWidth], y);
}

/** dy [N, O, Ho, Wo] → [N·Ho·Wo, O], the layout of the forward product. */
function toPixelMajor(dy: Tensor, g: Conv2dGeometry): Tensor {
  const plane = g.outHeight * g.outWidth;
  const channels = g.outChannels;
  const out = allocate(dy.dtype, dy.size);
  const d = dy.data;
  for (let n = 0; n < g.batch; n++) {
    const base = n * channels * plane;
    for (let o = 0; o < channels; o++) {
      const from = base + o * plane;
      for (let p = 0; p < plane; p++) out[base + p * channels + o] = d[from + p]!;
    }
  }
  return new Tensor([g.batch * plane, channels], out);
}

/** dy [N, O, Ho, Wo] → [O, N·Ho·Wo]: channel-major, so dW = dYᶜ · P needs no transpose. */
function toChannelMajor(dy: Tensor, g: Conv2dGeometry): Tensor {
  const plane = g.outHeight * g.outWidth;
  const out = allocate(dy.dtype, dy.size);
  for (let n = 0; n < g.batch; n++) {
    for (let o = 0; o < g.outChannels; o++) {
      const from = (n * g.outChannels + o) * plane;
      out.set(dy.data.subarray(from, from + plane), (o * g.batch + n) * plane);
    }
  }
  return new Tensor([g.outChannels, g.batch * plane], out);
}

/** Throws, naming the operation, the operand and both shapes, when an operand disagrees with the geometry. */
export function checkConv2dOperands(op: string, g: Conv2dGeometry, operands: { x?: Tensor; w?: Tensor; dy?: Tensor }): void {
  checkGeometry(g, op);
  const expected: [keyof typeof operands, number[]][] = [
    ['x', [g.batch, g.inChannels, g.inHeight, g.inWidth]],
    ['w', [g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth]],
    ['dy', [g.batch, g.outChannels, g.outHeight, g.outWidth]],
  ];
  for (const [what, shape] of expected) {
    const t = operands[what];
    if (t && (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))) {
      throw new Error(`${op}: ${what} has shape ${formatShape(t.shape)} but the geometry needs ${formatShape(shape)}`);
    }
  }
}

function checkGeometry(g: Conv2dGeometry, op: string): void {
  const expectHeight = Math.floor((g.inHeight + 2 * g.padHeight - g.kernelHeight) / g.strideHeight) + 1;
  const expectWidth = Math.floor((g.inWidth + 2 * g.padWidth - g.kernelWidth) / g.strideWidth) + 1;
  if (g.strideHeight < 1 || g.strideWidth < 1 || g.padHeight < 0 || g.padWidth < 0) {
    throw new Error(
      `${op}: stride must be ≥ 1 and padding ≥ 0 (stride ${g.strideHeight}×${g.strideWidth}, padding ${g.padHeight}×${g.padWidth})`,
    );
  }
  if (g.outHeight !== expectHeight || g.outWidth !== expectWidth || expectHeight < 1 || expectWidth < 1) {
    throw new Error(
      `${op}: output ${g.outHeight}×${g.outWidth} does not match floor((n + 2p − k)/s) + 1 = ${expectHeight}×${expectWidth}` +
        ` for input ${g.inHeight}×${g.inWidth}, kernel ${g.kernelHeight}×${g.kernelWidth}`,
    );
  }
}
