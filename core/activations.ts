/**
 * Activation functions and their derivatives (TEXTBOOK §2), elementwise except softmax (by rows).
 *
 *   step        f = 1 if z > 0 else 0            f' = 0 (nothing flows back: a step network cannot learn)
 *   sigmoid     f = 1/(1 + e^−z)                 f' = f(1 − f)
 *   tanh        f = (e^z − e^−z)/(e^z + e^−z)    f' = 1 − f²
 *   relu        f = max(0, z)                    f' = 1 if z > 0 else 0
 *   leaky-relu  f = max(z, αz), 0 < α < 1        f' = 1 if z > 0 else α          (α defaults to 0.01)
 *   hard-tanh   f = clamp(z, −1, 1)              f' = 1 if −1 < z < 1 else 0     (PyTorch's open interval)
 *   softsign    f = z/(1 + |z|)                  f' = 1/(1 + |z|)² = (1 − |f|)²
 *   softmax     f_i = e^{z_i − max z}/Σ_j e^{z_j − max z}   dz = f ⊙ (dy − Σ_j dy_j f_j)  (row Jacobian)
 *   linear      f = z                            f' = 1
 *
 * Every derivative above can be written from the output f alone (sign f = sign z for the ReLU family,
 * |f| < 1 ⟺ |z| < 1 for hard tanh), so layers may compute f in place over z and keep only f.
 * The array forms work on flat buffers: `rowLength` is the width of a row (softmax needs it).
 */
import { Tensor, allocate, sameShape, formatShape, type TensorData } from './tensor.js';
import { activationNames, type ActivationName } from './names.js';

export { activationNames } from './names.js';

export const defaultLeakySlope = 0.01;

export interface ActivationArrays {
  /** y = f(z); `y` may be the same array as `z` (in place). */
  forward(z: TensorData, y: TensorData, rowLength: number, alpha: number): void;
  /** dz = f'(z) ⊙ dy, written from y; `dz` may be the same array as `dy`. */
  backward(y: TensorData, dy: TensorData, dz: TensorData, rowLength: number, alpha: number): void;
}

export interface Activation {
  forward(z: Tensor, alpha?: number): Tensor;
  /** dL/dz from z, y = f(z) and dL/dy. */
  backward(z: Tensor, y: Tensor, dy: Tensor, alpha?: number): Tensor;
  readonly arrays: ActivationArrays;
}

const step: ActivationArrays = {
  forward(z, y) {
    for (let i = 0; i < z.length; i++) y[i] = z[i]! > 0 ? 1 : 0;
  },
  backward(_y, _dy, dz) {
    dz.fill(0);
  },
};

const sigmoid: ActivationArrays = {
  forward(z, y) {
    for (let i = 0; i < z.length; i++) y[i] = 1 / (1 + Math.exp(-z[i]!));
  },
  backward(y, dy, dz) {
    for (let i = 0; i < y.length; i++) {
      const f = y[i]!;
      dz[i] = dy[i]! * f * (1 - f);
    }
  },
};

const tanh: ActivationArrays = {
  forward(z, y) {
    for (let i = 0; i < z.length; i++) y[i] = Math.tanh(z[i]!);
  },
  backward(y, dy, dz) {
    for (let i = 0; i < y.length; i++) {
      const f = y[i]!;
      dz[i] = dy[i]! * (1 - f * f);
    }
  },
};

const relu: ActivationArrays = {
  forward(z, y) {
    for (let i = 0; i < z.length; i++) {
      const v = z[i]!;
      y[i] = v > 0 ? v : 0;
    }
  },
  backward(y, dy, dz) {
    for (let i = 0; i < y.length; i++) dz[i] = y[i]! > 0 ? dy[i]! : 0;
  },
};

const leakyRelu: ActivationArrays = {
  forward(z, y, _rowLength, alpha) {
    for (let i = 0; i < z.length; i++) {
      const v = z[i]!;
      y[i] = v > 0 ? v : alpha * v;
    }
  },
  backward(y, dy, dz, _rowLength, alpha) {
    for (let i = 0; i < y.length; i++) dz[i] = y[i]! > 0 ? dy[i]! : alpha * dy[i]!;
  },
};

const hardTanh: ActivationArrays = {
  forward(z, y) {
    for (let i = 0; i < z.length; i++) {
      const v = z[i]!;
      y[i] = v < -1 ? -1 : v > 1 ? 1 : v;
    }
  },
  backward(y, dy, dz) {
    for (let i = 0; i < y.length; i++) {
      const f = y[i]!;
      dz[i] = f > -1 && f < 1 ? dy[i]! : 0;
    }
  },
};

const softsign: ActivationArrays = {
  forward(z, y) {
    for (let i = 0; i < z.length; i++) {
      const v = z[i]!;
      y[i] = v / (1 + Math.abs(v));
    }
  },
  backward(y, dy, dz) {
    for (let i = 0; i < y.length; i++) {
      const inside = 1 - Math.abs(y[i]!);
      dz[i] = dy[i]! * inside * inside;
    }
  },
};

const softmax: ActivationArrays = {
  forward(z, y, rowLength) {
    for (let start = 0; start < z.length; start += rowLength) {
      const end = start + rowLength;
      let max = -Infinity;
      for (let i = start; i < end; i++) if (z[i]! > max) max = z[i]!;
      let sum = 0;
      for (let i = start; i < end; i++) {
        const e = Math.exp(z[i]! - max);
        y[i] = e;
        sum += e;
      }
      const inverse = 1 / sum;
      for (let i = start; i < end; i++) y[i]! *= inverse;
    }
  },
  backward(y, dy, dz, rowLength) {
    for (let start = 0; start < y.length; start += rowLength) {
      const end = start + rowLength;
      let dot = 0;
      for (let i = start; i < end; i++) dot += dy[i]! * y[i]!;
      for (let i = start; i < end; i++) dz[i] = y[i]! * (dy[i]! - dot);
    }
  },
};

const linear: ActivationArrays = {
  forward(z, y) {
    if (y !== z) y.set(z);
  },
  backward(_y, dy, dz) {
    if (dz !== dy) dz.set(dy);
  },
};

function tensorForm(arrays: ActivationArrays): Activation {
  return {
    arrays,
    forward(z, alpha = defaultLeakySlope) {
      const y = allocate(z.dtype, z.size);
      arrays.forward(z.data, y, rowLengthOf(z.shape), alpha);
      return new Tensor(z.shape, y);
    },
    backward(_z, y, dy, alpha = defaultLeakySlope) {
      if (!sameShape(y.shape, dy.shape)) {
        throw new Error(`activation backward: y ${formatShape(y.shape)} and dy ${formatShape(dy.shape)} differ`);
      }
      const dz = allocate(dy.dtype, dy.size);
      arrays.backward(y.data, dy.data, dz, rowLengthOf(y.shape), alpha);
      return new Tensor(dy.shape, dz);
    },
  };
}

/** Softmax runs along the last axis; the elementwise functions ignore the row length. */
export function rowLengthOf(shape: readonly number[]): number {
  return shape.length === 0 ? 1 : shape[shape.length - 1]!;
}

export const activations: Readonly<Record<ActivationName, Activation>> = {
  step: tensorForm(step),
  sigmoid: tensorForm(sigmoid),
  tanh: tensorForm(tanh),
  relu: tensorForm(relu),
  'leaky-relu': tensorForm(leakyRelu),
  'hard-tanh': tensorForm(hardTanh),
  softsign: tensorForm(softsign),
  softmax: tensorForm(softmax),
  linear: tensorForm(linear),
};

export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (activationNames as readonly string[]).includes(name);
}

/** softplus ζ(z) = log(1 + e^z), computed as max(z, 0) + log(1 + e^−|z|) so it never overflows. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}
