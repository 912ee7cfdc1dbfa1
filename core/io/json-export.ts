/**
 * The JSON export of a model: `{ manifest, tensors: { name: { shape, data: number[] } } }`. The manifest
 * is the binary file's (offsets refer to the binary layout); float32 values print as the shortest decimal
 * that reads back to the same float32, so export and import are exact. The tensor checksum is verified.
 */
import { ModelFileError } from '../errors.js';
import { readLimits } from '../limits.js';
import { Tensor } from '../tensor.js';
import { encodeFloats } from './container.js';
import { parseBoundedJson } from './json-bounds.js';
import { checkManifest, type Manifest } from './manifest.js';
import { packModel, unpackModel, type SavedModel } from './model-file.js';

export interface ModelJson {
  manifest: Manifest;
  tensors: Record<string, { shape: number[]; data: number[] }>;
}

export function exportModelJson(saved: SavedModel): ModelJson {
  const model = withoutNegativeZeros(saved);
  const { manifest } = packModel(model);
  const tensors: ModelJson['tensors'] = {};
  for (const [name, tensor] of Object.entries(model.weights)) tensors[name] = { shape: [...tensor.shape], data: Array.from(tensor.data) };
  for (const [key, values] of Object.entries(model.preprocessing?.statistics ?? {})) {
    tensors[`preprocessing.${key}`] = { shape: [values.length], data: [...values] };
  }
  return { manifest, tensors };
}

/** Parses a JSON export (text or already parsed) back to a SavedModel. */
export function importModelJson(input: string | unknown, name = 'model JSON'): SavedModel {
  const value = typeof input === 'string' ? parseExport(input, name) : input;
  if (typeof value !== 'object' || value === null || !('manifest' in value) || !('tensors' in value)) {
    throw ModelFileError.of('model-json.not-export', { file: name });
  }
  const manifest = checkManifest((value as { manifest: unknown }).manifest, name);
  const tensors = (value as { tensors: unknown }).tensors;
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) throw ModelFileError.of('model-json.tensors-not-object', { file: name });
  return unpackModel(manifest, (entry) => {
    // Own keys only: a tensor named "constructor" must not find Object.prototype's.
    const tensor = Object.hasOwn(tensors, entry.name) ? (tensors as Record<string, { data?: unknown } | null>)[entry.name] : undefined;
    if (!tensor || !Array.isArray(tensor.data)) throw ModelFileError.of('model-json.tensor-missing', { file: name, tensor: entry.name });
    const data = tensor.data as unknown[];
    if (!data.every((v) => typeof v === 'number')) throw ModelFileError.of('model-json.tensor-not-number', { file: name, tensor: entry.name });
    return encodeFloats(data as number[], entry.dtype);
  }, name);
}

/**
 * The text parsed once its length and depth are bounded: every check after it walks the value
 * recursively, which a 5000-deep array would overflow. The export holds the model file's tensors as
 * text, so its length is bounded as the binary file's bytes are.
 */
function parseExport(text: string, name: string): unknown {
  return parseBoundedJson(text, (_reason, refusal) => {
    if (refusal.kind === 'too-long') throw ModelFileError.of('model-json.too-long', { file: name, chars: refusal.chars, max: refusal.max });
    if (refusal.kind === 'too-deep') throw ModelFileError.of('model-json.too-deep', { file: name, max: refusal.max });
    throw ModelFileError.of('model-json.not-json', { file: name, reason: refusal.detail });
  }, { maxChars: readLimits.maxModelFileBytes, maxDepth: readLimits.maxJsonDepth });
}

/**
 * JSON has no −0 (JSON.stringify(-0) is "0"), so a weight of −0 would come back as +0 and fail the
 * tensor checksum. The export writes +0 (the same value in every sum and product) and its manifest's
 * checksum is taken over what it writes.
 */
function withoutNegativeZeros(model: SavedModel): SavedModel {
  const hasNegativeZero = (values: ArrayLike<number>) => Array.prototype.some.call(values, (v: number) => Object.is(v, -0));
  const tensors = Object.values(model.weights).some((t) => hasNegativeZero(t.data));
  const statistics = Object.values(model.preprocessing?.statistics ?? {}).some(hasNegativeZero);
  if (!tensors && !statistics) return model;
  const weights = Object.fromEntries(Object.entries(model.weights).map(([name, t]) => [name, new Tensor(t.shape, t.data.map((v) => v + 0))]));
  const preprocessing = model.preprocessing && {
    spec: model.preprocessing.spec,
    statistics: Object.fromEntries(Object.entries(model.preprocessing.statistics).map(([k, v]) => [k, v.map((x) => x + 0)])),
  };
  return { ...model, weights, preprocessing };
}
