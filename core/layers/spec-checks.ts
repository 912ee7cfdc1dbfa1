/**
 * Checks shared by the layers' shape inference. Every failure is a SpecError that starts with the
 * layer's place and type ("layer 3 (conv2d): …") and quotes the numbers that do not fit.
 */
import { SpecError } from '../errors.js';
import { formatShape } from '../tensor.js';

/** Where a layer sits in its ModelSpec, for messages. */
export interface LayerPlace {
  index: number;
  type: string;
}

export function specError(place: LayerPlace, message: string): SpecError {
  return new SpecError(`layer ${place.index} (${place.type}): ${message}`, place.index);
}

export function requirePositiveInteger(place: LayerPlace, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw specError(place, `${field} must be a whole number ≥ 1, got ${String(value)}`);
  }
  return value;
}

export function requireNonNegativeInteger(place: LayerPlace, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw specError(place, `${field} must be a whole number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** A size given as n or [height, width]. */
export function requirePair(
  place: LayerPlace, field: string, value: unknown, minimum: 0 | 1,
): [number, number] {
  const check = minimum === 1 ? requirePositiveInteger : requireNonNegativeInteger;
  if (Array.isArray(value)) {
    if (value.length !== 2) throw specError(place, `${field} must be a number or [height, width], got [${value.join(', ')}]`);
    return [check(place, `${field}[0]`, value[0]), check(place, `${field}[1]`, value[1])];
  }
  const n = check(place, field, value);
  return [n, n];
}

/** The per-sample input rank a layer needs, e.g. [C, H, W] for a 2-D convolution. */
export function requireRank(place: LayerPlace, input: readonly number[], rank: number, layout: string): void {
  if (input.length !== rank) {
    throw specError(place, `needs input ${layout}, got ${formatShape(input)}`);
  }
}

/**
 * out = floor((n + 2p − k)/s) + 1 along one axis (TEXTBOOK §1, seed 000 §1.2.1 (4)); < 1 is an error
 * that shows the arithmetic.
 */
export function outputSize(
  place: LayerPlace, axis: string, n: number, kernel: number, stride: number, pad: number,
): number {
  const out = Math.floor((n + 2 * pad - kernel) / stride) + 1;
  if (out < 1) {
    const quotient = `(${n} + 2·${pad} − ${kernel})/${stride}`;
    throw specError(place, `output ${axis} floor(${quotient}) + 1 = ${String(out).replace('-', '−')} < 1`);
  }
  return out;
}

/**
 * A misspelt option ("strides", "activaton") would otherwise be dropped without a word and the layer
 * built with its default, so any key outside `allowed` is an error. A key set to undefined counts as
 * absent (editors clear a field that way).
 */
export function rejectUnknownKeys(place: LayerPlace, spec: object, allowed: readonly string[]): void {
  for (const [key, value] of Object.entries(spec)) {
    if (value !== undefined && !allowed.includes(key)) {
      throw specError(place, `unknown key '${key}' (allowed: ${allowed.join(', ')})`);
    }
  }
}
