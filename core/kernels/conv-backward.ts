/**
 * A convolution layer's backward pass as one kernel call (TEXTBOOK §1; the layer is
 * core/layers/conv2d.ts), so that a provider can run f', the bias gradient and both gradient products
 * on one copy of its operands (the `simd` provider does it in its module):
 *
 *   dz    = f'(z) ⊙ dy                   from the cached y = f(z)
 *   db[o] = Σ_{n,i,j} dz[n, o, i, j]
 *   dw    = conv2dGradFilter(x, dz),   dx = conv2dGradInput(dz, w)
 *
 * `conv2dBackwardVia` is the definition every other provider uses, over its own gradient kernels; a
 * float32 ReLU takes the branch-free pass of relu32.ts that also sums the bias gradient.
 */
import { Tensor, type TensorData } from '../tensor.js';
import { scratchBuffer } from './scratch.js';
import { resultBuffer, type Conv2dGeometry, type Kernels, type KernelActivation } from './kernels.js';
import { activationBackward } from './activate.js';
import { checkConv2dOperands, type ConvolutionKernels } from './im2col.js';
import { reluBackwardPlaneSums32 } from './relu32.js';

export interface Conv2dBackwardPass {
  /** The forward pass's input x [N, C, H, W], filter w [O, C, kh, kw] and output y [N, O, Ho, Wo]. */
  x: Tensor;
  w: Tensor;
  y: Tensor;
  /** dL/dy, shaped as y. */
  dy: Tensor;
  geometry: Conv2dGeometry;
  activation: KernelActivation | null;
  /** Written (not accumulated): dw (O·C·kh·kw values) and db (O values). */
  gradWeight: TensorData;
  gradBias: TensorData;
  /** dx is written here (N·C·H·W values); undefined: into a fresh buffer; null: not computed. */
  dx?: TensorData | null;
}

/** Checks a backward pass's operands and buffers (naming what is wrong). */
export function checkConv2dBackward(pass: Conv2dBackwardPass): void {
  const g = pass.geometry;
  checkConv2dOperands('conv2dBackward', g, { x: pass.x, w: pass.w, dy: pass.dy });
  checkConv2dOperands('conv2dBackward', g, { dy: pass.y });
  resultBuffer(pass.gradWeight, pass.w.size, pass.x.data, 'conv2dBackward (dw)');
  resultBuffer(pass.gradBias, g.outChannels, pass.x.data, 'conv2dBackward (db)');
}

/** The dZ buffer of one conv2dBackward (it lives only inside the call). */
const gradientScratch = scratchBuffer();

export function conv2dBackwardVia(conv: ConvolutionKernels): Pick<Kernels, 'conv2dBackward'> {
  return {
    conv2dBackward(pass) {
      checkConv2dBackward(pass);
      const { x, w, y, dy, geometry: g, activation } = pass;
      const plane = g.outHeight * g.outWidth;
      let dz = dy;
      if (activation?.fn === 'relu' && y.data instanceof Float32Array && dy.data instanceof Float32Array) {
        dz = new Tensor(dy.shape, gradientScratch(dy.data, dy.size));
        reluBackwardPlaneSums32(y.data, dy.data, dz.data as Float32Array, pass.gradBias, g.outChannels, plane);
      } else {
        if (activation) {
          dz = new Tensor(dy.shape, gradientScratch(dy.data, dy.size));
          activationBackward(activation.fn, activation.alpha, y.data, dy.data, dz.data, dy.shape);
        }
        sumPerChannel(dz.data, pass.gradBias, g.batch, g.outChannels, plane);
      }
      pass.gradWeight.set(conv.conv2dGradFilter(x, dz, g).data);
      if (pass.dx === null) return null;
      return conv.conv2dGradInput(dz, w, g, pass.dx);
    },
  };
}

/** out[o] = Σ_{n, positions} dz[n, o, ·], written (not accumulated). */
function sumPerChannel(dz: TensorData, out: TensorData, batch: number, channels: number, plane: number): void {
  out.fill(0);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < channels; o++) {
      const start = (n * channels + o) * plane;
      let sum = 0;
      for (let p = start; p < start + plane; p++) sum += dz[p]!;
      out[o]! += sum;
    }
  }
}
