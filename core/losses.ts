/**
 * Losses (TEXTBOOK §3). A loss takes the network's output [m, k] and a target of the same shape
 * (one-hot rows for classification) and returns the mean the way PyTorch does; gradient() is
 * d(mean loss)/d(output).
 *
 *   softmax-cross-entropy  J = −(1/m) Σ_i Σ_j y_ij log softmax(z_i)_j, from logits with log-sum-exp:
 *                          log softmax(z)_j = z_j − max z − log Σ_l e^{z_l − max z};  dJ/dz = (softmax(z) − y)/m
 *   mse                    J = (1/(m·k)) Σ (p − y)²                 dJ/dp = 2(p − y)/(m·k)
 *   l1                     J = (1/(m·k)) Σ |p − y|                  dJ/dp = sign(p − y)/(m·k)
 *   log-loss               J = −(1/m) Σ_i Σ_j y_ij log p_ij (p: probabilities)   dJ/dp = −y/(m·p)
 *   bce                    J = −(1/(m·k)) Σ [y log p + (1 − y) log(1 − p)]        dJ/dp = (p − y)/(p(1 − p)·m·k)
 *   sigmoid-bce            J = (1/(m·k)) Σ ζ((1 − 2y)z) for y ∈ {0, 1}; in general ζ(z) − y·z with
 *                          ζ = softplus;                              dJ/dz = (σ(z) − y)/(m·k)
 *   hinge (multi-class)    J = (1/m) Σ_i (1/k) Σ_{j≠c_i} max(0, Δ + s_ij − s_ic_i), Δ = 1, c_i the class
 *                          of row i (PyTorch's MultiMarginLoss divides by the number of classes k)
 *
 * Logs of probabilities are clamped at −100, as PyTorch does, so a confident mistake costs 100, not ∞.
 */
import { Tensor, allocate, sameShape, formatShape, type TensorData } from './tensor.js';
import { lossNames, type LossName } from './names.js';
import { activations, softplus } from './activations.js';

export interface Loss {
  readonly name: LossName;
  value(output: Tensor, target: Tensor): number;
  gradient(output: Tensor, target: Tensor): Tensor;
  /** What predict() shows: softmax of logits, sigmoid of a logit, or the output unchanged. */
  probabilities(output: Tensor): Tensor;
  /**
   * value() and gradient() in one pass, where a loss's two share their costly part (softmax
   * cross-entropy: e^{z − max z} once per logit instead of twice); the same numbers as the two calls.
   */
  valueAndGradient?(output: Tensor, target: Tensor): { value: number; gradient: Tensor };
}

/** A loss's value and gradient on one output, in one pass where the loss has one. */
export function lossValueAndGradient(loss: Loss, output: Tensor, target: Tensor): { value: number; gradient: Tensor } {
  return loss.valueAndGradient?.(output, target) ?? { value: loss.value(output, target), gradient: loss.gradient(output, target) };
}

export { lossNames } from './names.js';

export function isLossName(name: unknown): name is LossName {
  return typeof name === 'string' && (lossNames as readonly string[]).includes(name);
}

const logFloor = -100;
const hingeMargin = 1;

function clampedLog(p: number): number {
  return p > 0 ? Math.max(Math.log(p), logFloor) : logFloor;
}

/** Rows m and row width k of an output that must match its target. */
function checkPair(name: LossName, output: Tensor, target: Tensor): { m: number; k: number } {
  if (!sameShape(output.shape, target.shape)) {
    throw new Error(`${name}: output ${formatShape(output.shape)} and target ${formatShape(target.shape)} differ`);
  }
  const m = output.shape[0] ?? 1;
  return { m, k: m === 0 ? 0 : output.size / m };
}

function argmaxOfRow(values: ArrayLike<number>, start: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[start + j]! > values[start + best]!) best = j;
  return best;
}

/** The largest of the row z[start … start + k). */
function rowMax(z: ArrayLike<number>, start: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) if (z[start + j]! > max) max = z[start + j]!;
  return max;
}

/** Σ_j e^{z_j − max} over the row, summed in order; each term also written to `exps` when given. */
function rowExpSum(z: ArrayLike<number>, start: number, k: number, max: number, exps?: TensorData): number {
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(z[start + j]! - max);
    if (exps) exps[start + j] = e;
    sum += e;
  }
  return sum;
}

/** `total` less the row's −Σ_j y_j·(z_j − log Σ e^z), one term at a time (so every caller rounds alike). */
function lessRowCrossEntropy(total: number, z: ArrayLike<number>, y: ArrayLike<number>, start: number, k: number, logSum: number): number {
  for (let j = 0; j < k; j++) {
    const yj = y[start + j]!;
    if (yj !== 0) total -= yj * (z[start + j]! - logSum);
  }
  return total;
}

const softmaxCrossEntropy: Loss = {
  name: 'softmax-cross-entropy',
  value(output, target) {
    const { m, k } = checkPair(this.name, output, target);
    const z = output.data;
    const y = target.data;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const start = i * k;
      const max = rowMax(z, start, k);
      total = lessRowCrossEntropy(total, z, y, start, k, max + Math.log(rowExpSum(z, start, k, max)));
    }
    return total / m;
  },
  gradient(output, target) {
    const { m } = checkPair(this.name, output, target);
    const grad = this.probabilities(output);
    const g = grad.data;
    const y = target.data;
    const scale = 1 / m;
    for (let i = 0; i < g.length; i++) g[i] = (g[i]! - y[i]!) * scale;
    return grad;
  },
  probabilities(output) {
    return activations.softmax.forward(output);
  },
  valueAndGradient(output, target) {
    // value()'s sum and gradient()'s softmax (activations.ts, rows of the last axis) in the same
    // operations and roundings, sharing each row's e^{z − max z}; rows of k = the last axis only in 2-D.
    if (output.shape.length !== 2) return { value: this.value(output, target), gradient: this.gradient(output, target) };
    const { m, k } = checkPair(this.name, output, target);
    const z = output.data;
    const y = target.data;
    const g = allocate(output.dtype, output.size);
    const scale = 1 / m;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const start = i * k;
      const max = rowMax(z, start, k);
      const sum = rowExpSum(z, start, k, max, g);
      total = lessRowCrossEntropy(total, z, y, start, k, max + Math.log(sum));
      const inverse = 1 / sum;
      for (let j = 0; j < k; j++) {
        g[start + j]! *= inverse;
        g[start + j] = (g[start + j]! - y[start + j]!) * scale;
      }
    }
    return { value: total / m, gradient: new Tensor(output.shape, g) };
  },
};

const mse: Loss = {
  name: 'mse',
  value(output, target) {
    checkPair(this.name, output, target);
    let total = 0;
    for (let i = 0; i < output.size; i++) {
      const d = output.data[i]! - target.data[i]!;
      total += d * d;
    }
    return total / output.size;
  },
  gradient(output, target) {
    checkPair(this.name, output, target);
    const g = allocate(output.dtype, output.size);
    const scale = 2 / output.size;
    for (let i = 0; i < g.length; i++) g[i] = (output.data[i]! - target.data[i]!) * scale;
    return new Tensor(output.shape, g);
  },
  probabilities: (output) => output,
};

const l1: Loss = {
  name: 'l1',
  value(output, target) {
    checkPair(this.name, output, target);
    let total = 0;
    for (let i = 0; i < output.size; i++) total += Math.abs(output.data[i]! - target.data[i]!);
    return total / output.size;
  },
  gradient(output, target) {
    checkPair(this.name, output, target);
    const g = allocate(output.dtype, output.size);
    const scale = 1 / output.size;
    for (let i = 0; i < g.length; i++) g[i] = Math.sign(output.data[i]! - target.data[i]!) * scale;
    return new Tensor(output.shape, g);
  },
  probabilities: (output) => output,
};

const logLoss: Loss = {
  name: 'log-loss',
  value(output, target) {
    const { m } = checkPair(this.name, output, target);
    let total = 0;
    for (let i = 0; i < output.size; i++) {
      const y = target.data[i]!;
      if (y !== 0) total -= y * clampedLog(output.data[i]!);
    }
    return total / m;
  },
  gradient(output, target) {
    const { m } = checkPair(this.name, output, target);
    const g = allocate(output.dtype, output.size);
    for (let i = 0; i < g.length; i++) {
      const y = target.data[i]!;
      g[i] = y === 0 ? 0 : -y / (Math.max(output.data[i]!, Math.exp(logFloor)) * m);
    }
    return new Tensor(output.shape, g);
  },
  probabilities: (output) => output,
};

/** PyTorch clamps each log at −100 and keeps the gradient finite with an ε on p(1 − p). */
const bceEpsilon = 1e-12;

const bce: Loss = {
  name: 'bce',
  value(output, target) {
    checkPair(this.name, output, target);
    let total = 0;
    for (let i = 0; i < output.size; i++) {
      const p = output.data[i]!;
      const y = target.data[i]!;
      total -= y * clampedLog(p) + (1 - y) * clampedLog(1 - p);
    }
    return total / output.size;
  },
  gradient(output, target) {
    checkPair(this.name, output, target);
    const g = allocate(output.dtype, output.size);
    const n = output.size;
    for (let i = 0; i < n; i++) {
      const p = output.data[i]!;
      const y = target.data[i]!;
      g[i] = (p - y) / (Math.max(p * (1 - p), bceEpsilon) * n);
    }
    return new Tensor(output.shape, g);
  },
  probabilities: (output) => output,
};

const sigmoidBce: Loss = {
  name: 'sigmoid-bce',
  value(output, target) {
    checkPair(this.name, output, target);
    let total = 0;
    for (let i = 0; i < output.size; i++) {
      const z = output.data[i]!;
      total += softplus(z) - target.data[i]! * z;
    }
    return total / output.size;
  },
  gradient(output, target) {
    checkPair(this.name, output, target);
    const g = this.probabilities(output).data;
    const scale = 1 / output.size;
    for (let i = 0; i < g.length; i++) g[i] = (g[i]! - target.data[i]!) * scale;
    return new Tensor(output.shape, g);
  },
  probabilities(output) {
    return activations.sigmoid.forward(output);
  },
};

const hinge: Loss = {
  name: 'hinge',
  value(output, target) {
    const { m, k } = checkPair(this.name, output, target);
    const s = output.data;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const start = i * k;
      const c = argmaxOfRow(target.data, start, k);
      const correct = s[start + c]!;
      for (let j = 0; j < k; j++) {
        if (j !== c) total += Math.max(0, hingeMargin + s[start + j]! - correct);
      }
    }
    return total / (m * k);
  },
  gradient(output, target) {
    const { m, k } = checkPair(this.name, output, target);
    const s = output.data;
    const g = allocate(output.dtype, output.size);
    const unit = 1 / (m * k);
    for (let i = 0; i < m; i++) {
      const start = i * k;
      const c = argmaxOfRow(target.data, start, k);
      const correct = s[start + c]!;
      for (let j = 0; j < k; j++) {
        if (j !== c && hingeMargin + s[start + j]! - correct > 0) {
          g[start + j]! += unit;
          g[start + c]! -= unit;
        }
      }
    }
    return new Tensor(output.shape, g);
  },
  probabilities: (output) => output,
};

const losses: Readonly<Record<LossName, Loss>> = {
  'softmax-cross-entropy': softmaxCrossEntropy,
  mse,
  l1,
  'log-loss': logLoss,
  bce,
  'sigmoid-bce': sigmoidBce,
  hinge,
};

export function createLoss(name: LossName): Loss {
  const loss = losses[name];
  if (!loss) throw new Error(`Unknown loss "${String(name)}"; the losses are ${lossNames.join(', ')}`);
  return loss;
}

/** Rows of a one-hot matrix [m, classes] from class labels, in the given precision. */
export function oneHot(labels: ArrayLike<number>, classes: number, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const data = allocate(dtype, labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`label ${label} at row ${i} is outside 0…${classes - 1}`);
    }
    data[i * classes + label] = 1;
  }
  return new Tensor([labels.length, classes], data);
}
