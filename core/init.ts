/**
 * Weight initialisation (TEXTBOOK §4). The second argument of N is the standard deviation; every draw
 * comes from the seeded Rng, so the same seed gives the same weights.
 *
 *   zero             W = 0   (two zero layers with sigmoid stay symmetric: every hidden unit is the same)
 *   normal           N(0, 1)
 *   fan-in-normal    N(0, 1/√n_in)                 fan-in-uniform   U(−1/√n_in, 1/√n_in)
 *   xavier-normal    N(0, √(2/(n_in + n_out)))     xavier-uniform   U(±√(6/(n_in + n_out)))
 *   he-normal        N(0, √(2/n_in))               he-uniform       U(±√(6/n_in))
 *   leaky-he-normal  N(0, √(2/((1 + α²)·n_in)))
 *
 * Fans: a dense weight [in, out] has n_in = in, n_out = out; a convolution filter [O, C, kh, kw]
 * (or [O, C, k]) has n_in = C·kh·kw and n_out = O·kh·kw. Biases start at 0 (not drawn here).
 */
import { Tensor, allocate, shapeSize, formatShape, type DType } from './tensor.js';
import type { Rng } from './random.js';
import { initNames, type InitName } from './names.js';

export { initNames } from './names.js';

export function isInitName(name: unknown): name is InitName {
  return typeof name === 'string' && (initNames as readonly string[]).includes(name);
}

export interface Fans {
  fanIn: number;
  fanOut: number;
  /** Negative slope of the leaky ReLU that follows (leaky-he-normal); 0.01 unless told. */
  alpha?: number;
}

type Draw = { kind: 'zero' } | { kind: 'normal'; std: number } | { kind: 'uniform'; limit: number };

function distributionOf(name: InitName, { fanIn, fanOut, alpha = 0.01 }: Fans): Draw {
  switch (name) {
    case 'zero': return { kind: 'zero' };
    case 'normal': return { kind: 'normal', std: 1 };
    case 'fan-in-normal': return { kind: 'normal', std: 1 / Math.sqrt(fanIn) };
    case 'fan-in-uniform': return { kind: 'uniform', limit: 1 / Math.sqrt(fanIn) };
    case 'xavier-normal': return { kind: 'normal', std: Math.sqrt(2 / (fanIn + fanOut)) };
    case 'xavier-uniform': return { kind: 'uniform', limit: Math.sqrt(6 / (fanIn + fanOut)) };
    case 'he-normal': return { kind: 'normal', std: Math.sqrt(2 / fanIn) };
    case 'he-uniform': return { kind: 'uniform', limit: Math.sqrt(6 / fanIn) };
    case 'leaky-he-normal': return { kind: 'normal', std: Math.sqrt(2 / ((1 + alpha * alpha) * fanIn)) };
    default: throw new Error(`Unknown initialisation "${String(name)}"; the initialisations are ${initNames.join(', ')}`);
  }
}

/** A new tensor of `shape` drawn from the named initialisation. */
export function initialise(name: InitName, shape: readonly number[], fans: Fans, rng: Rng, dtype: DType = 'float32'): Tensor {
  const draw = distributionOf(name, fans);
  const data = allocate(dtype, shapeSize(shape));
  if (draw.kind === 'normal') {
    for (let i = 0; i < data.length; i++) data[i] = draw.std * rng.normal();
  } else if (draw.kind === 'uniform') {
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-draw.limit, draw.limit);
  }
  return new Tensor(shape, data);
}

/** n_in and n_out of a weight tensor: dense [in, out], convolution [O, C, ...kernel]. */
export function fansOf(shape: readonly number[], layerType: string): Fans {
  if (layerType === 'dense') {
    if (shape.length !== 2) throw new Error(`dense weight must be [in, out], got ${formatShape(shape)}`);
    return { fanIn: shape[0]!, fanOut: shape[1]! };
  }
  if (layerType === 'conv1d' || layerType === 'conv2d') {
    if (shape.length < 3) throw new Error(`${layerType} filter must be [out, in, ...kernel], got ${formatShape(shape)}`);
    const receptiveField = shapeSize(shape.slice(2));
    return { fanIn: shape[1]! * receptiveField, fanOut: shape[0]! * receptiveField };
  }
  throw new Error(`fansOf: layer type "${layerType}" has no weight tensor`);
}
