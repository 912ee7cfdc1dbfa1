/**
 * Checks shared by the layers' shape inference. Every failure is a SpecError that starts with the
 * layer's place and type ("layer 3 (conv2d): …") and quotes the numbers that do not fit.
 */
import { SpecError } from '../errors.js';
import { fieldProblem, type FieldProblem } from '../fields.js';
import type { MessageCode, MessageParams } from '../messages.js';
import { formatShape } from '../tensor.js';

/** Where a layer sits in its ModelSpec, for messages. */
export interface LayerPlace {
  index: number;
  type: string;
}

/** The `layer.*` error `code` of the layer at `place` (its index and type join `params`). */
export function layerError(place: LayerPlace, code: MessageCode, params: MessageParams = {}): SpecError {
  return SpecError.of(code, { index: place.index, type: place.type, ...params }, place.index);
}

/** A field of the layer at `place` that breaks its rule (`layer.field`, the problem as data). */
export function layerFieldError(place: LayerPlace, problem: FieldProblem): SpecError {
  return SpecError.field('layer.field', { index: place.index, type: place.type }, problem, place.index);
}

/**
 * A size given as n or [height, width], each whole and ≥ `minimum`, as [height, width]. The field
 * tables have checked it already when the spec came through `layerOutputShape`; this keeps a shape
 * rule honest when called on its own.
 */
export function requirePair(
  place: LayerPlace, field: string, value: unknown, minimum: 0 | 1,
): [number, number] {
  const problem = fieldProblem(field, { kind: 'size', range: minimum === 1 ? 'count' : 'whole', optional: false }, value);
  if (problem !== null) throw layerFieldError(place, problem);
  return Array.isArray(value) ? [value[0] as number, value[1] as number] : [value as number, value as number];
}

/** The per-sample input rank a layer needs, e.g. [C, H, W] for a 2-D convolution. */
export function requireRank(place: LayerPlace, input: readonly number[], rank: number, layout: string): void {
  if (input.length !== rank) {
    throw layerError(place, 'layer.input-rank', { layout, shape: formatShape(input) });
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
    throw layerError(place, 'layer.output-too-small', { axis, size: n, padding: pad, kernel, stride, out: String(out).replace('-', '−') });
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
      throw layerError(place, 'layer.unknown-key', { key, allowed: allowed.join(', ') });
    }
  }
}
