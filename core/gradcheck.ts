/**
 * Gradient checking (TEXTBOOK §9, seed 004 §2.1): compare every gradient the backward pass computes with
 * central differences of the loss,
 *
 *   ∂J/∂θ_i ≈ (J(θ + h·e_i) − J(θ − h·e_i)) / 2h,   h = 1e-5,
 *
 * in float64 on the reference kernels, and report per parameter tensor (and for the input) the relative
 * error ‖g_backprop − g_numeric‖₂ / (‖g_backprop‖₂ + ‖g_numeric‖₂). Below ~1e-7 the backward pass is
 * right; around 1e-2 or above it is wrong. A gradient that is zero on both sides up to rounding (both
 * norms below 1e-8, e.g. a bias just before BatchNorm, which the normalisation cancels) has no relative
 * error to speak of: it is reported as 0 with `vanishing: true`. Large tensors are checked on a seeded
 * sample of their entries. Dropout draws the same mask for every evaluation, so J is a fixed function of θ.
 */
import { Model, type NamedParam } from './model.js';
import { Rng } from './random.js';
import { Tensor, allocate, formatShape } from './tensor.js';
import { createReferenceKernels } from './kernels/reference.js';
import { oneHot } from './losses.js';
import type { InitName, ModelSpec } from './spec.js';

export interface GradientCheckOptions {
  /** Samples in the random batch; 3 unless told. */
  batchSize?: number;
  /** Seeds the weights, the batch, the targets and the sampled entries; 1 unless told. */
  seed?: number;
  /** Step h of the central difference; 1e-5 unless told. */
  epsilon?: number;
  init?: InitName;
  /** Entries of each tensor perturbed at most (a seeded sample beyond this); 60 unless told. */
  maxEntriesPerTensor?: number;
  /** Training mode (dropout on, BatchNorm on batch statistics); true unless told. */
  training?: boolean;
  /** A batch to use instead of a random one, [m, ...inputShape]. */
  input?: Tensor;
  /** Its target, shaped like the output. */
  target?: Tensor;
  /** Changes the backward pass's gradients before they are compared (the gradient-check experiment plants a bug with it). */
  afterBackward?: (params: NamedParam[]) => void;
}

export interface TensorCheck {
  /** 'layers.0.weight', …, or 'input'. */
  name: string;
  shape: number[];
  relativeError: number;
  /** ‖g_backprop − g_numeric‖₂ over the entries compared. */
  absoluteError: number;
  /** Both gradients are zero up to rounding (norms < 1e-8); relativeError is then 0. */
  vanishing: boolean;
  /** Entries compared (all, or the sample). */
  checked: number;
}

export interface GradientCheckResult {
  tensors: TensorCheck[];
  input: TensorCheck;
  /** The largest relative error over the parameter tensors and the input. */
  worst: number;
}

export function gradientCheck(spec: ModelSpec, options: GradientCheckOptions = {}): GradientCheckResult {
  const seed = options.seed ?? 1;
  const h = options.epsilon ?? 1e-5;
  const maxEntries = options.maxEntriesPerTensor ?? 60;
  const training = options.training ?? true;
  const model = Model.build(spec, { kernels: createReferenceKernels(), init: options.init ?? 'xavier-normal', seed, dtype: 'float64' });
  const data = new Rng(seed + 101);
  const batch = options.input?.shape[0] ?? options.batchSize ?? 3;
  const x = options.input ? options.input.as('float64') : randomNormal([batch, ...spec.inputShape], data);
  const target = options.target ? options.target.as('float64') : randomTarget(spec, model.outputShape, batch, data);
  const dropoutSeed = seed + 202;

  const lossAt = (): number => {
    const output = model.forward(x, { training, rng: new Rng(dropoutSeed) });
    return model.loss.value(output, target);
  };

  const output = model.forward(x, { training, rng: new Rng(dropoutSeed) });
  const inputGradient = model.backward(model.loss.gradient(output, target));
  options.afterBackward?.(model.parameters());
  const analytic = model.parameters().map((p) => ({ name: p.name, value: p.value, grad: p.grad.data.slice() }));

  const sampler = new Rng(seed + 303);
  const tensors = analytic.map((p) => compare(p.name, p.value, p.grad, lossAt, h, maxEntries, sampler));
  const input = compare('input', x, inputGradient.data.slice(), lossAt, h, maxEntries, sampler);
  const worst = Math.max(input.relativeError, ...tensors.map((t) => t.relativeError));
  return { tensors, input, worst };
}

/** Below this norm a gradient is zero up to the rounding of central differences (~1e-11 per entry). */
const vanishingNorm = 1e-8;

/** Perturbs entries of `value` in place (restoring each) and compares with the backward gradient. */
function compare(
  name: string, value: Tensor, analytic: ArrayLike<number>, lossAt: () => number, h: number, maxEntries: number, sampler: Rng,
): TensorCheck {
  if (analytic.length !== value.size) {
    throw new Error(`gradient check: ${name} has ${value.size} values but its gradient ${analytic.length}`);
  }
  const entries = entriesToCheck(value.size, maxEntries, sampler);
  const v = value.data;
  let difference = 0;
  let analyticNorm = 0;
  let numericNorm = 0;
  for (const i of entries) {
    const original = v[i]!;
    v[i] = original + h;
    const plus = lossAt();
    v[i] = original - h;
    const minus = lossAt();
    v[i] = original;
    const numeric = (plus - minus) / (2 * h);
    const a = analytic[i]!;
    difference += (a - numeric) ** 2;
    analyticNorm += a * a;
    numericNorm += numeric * numeric;
  }
  const absoluteError = Math.sqrt(difference);
  const vanishing = Math.sqrt(analyticNorm) < vanishingNorm && Math.sqrt(numericNorm) < vanishingNorm;
  const relativeError = vanishing ? 0 : absoluteError / (Math.sqrt(analyticNorm) + Math.sqrt(numericNorm));
  return { name, shape: [...value.shape], relativeError, absoluteError, vanishing, checked: entries.length };
}

function entriesToCheck(size: number, maxEntries: number, sampler: Rng): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (size <= maxEntries) return all;
  return sampler.shuffle(all).slice(0, maxEntries).sort((a, b) => a - b);
}

function randomNormal(shape: number[], rng: Rng): Tensor {
  const data = allocate('float64', shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return new Tensor(shape, data);
}

/** A target the spec's loss accepts: one-hot classes, 0/1 labels, or real values. */
function randomTarget(spec: ModelSpec, outputShape: readonly number[], batch: number, rng: Rng): Tensor {
  if (outputShape.length !== 1) throw new Error(`gradient check: output ${formatShape(outputShape)} is not a vector`);
  const width = outputShape[0]!;
  switch (spec.loss) {
    case 'softmax-cross-entropy':
    case 'hinge':
    case 'log-loss':
      return oneHot(Array.from({ length: batch }, () => rng.int(width)), width, 'float64');
    case 'bce':
    case 'sigmoid-bce':
      return Tensor.from([batch, width], Array.from({ length: batch * width }, () => (rng.next() < 0.5 ? 0 : 1)), 'float64');
    default:
      return randomNormal([batch, width], rng);
  }
}
