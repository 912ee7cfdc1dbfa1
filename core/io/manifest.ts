/**
 * The model file's manifest: what the network is (ModelSpec), how it was trained (TrainSpec), the
 * preprocessing to apply before prediction, its measured quality, where it came from, and the list of
 * tensors with their place in the file. Plain JSON; the layout is documented in docs/model-format.md.
 */
import { ModelFileError, SpecError } from '../errors.js';
import type { MessageCode, MessageParams } from '../messages.js';
import { readLimits } from '../limits.js';
import { validateModelSpec } from '../model.js';
import type { ModelSpec, PreprocessSpec, TrainSpec } from '../spec.js';
import type { EngineNameParts } from '../run-name.js';
import { shapeSize } from '../tensor.js';
import { checkTensorEntries, type TensorEntry } from './container.js';
import { checkFineTunedFrom, type FineTunedFrom } from './fine-tuned-from.js';

export type { TensorEntry };

export const MODEL_FORMAT = 'backprop-lab-model';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelMetrics {
  test?: { loss: number; accuracy: number; confusion?: number[][]; count?: number };
  validation?: { loss: number; accuracy: number } | null;
  train?: { loss: number; accuracy: number } | null;
  epochs?: number;
  trainingTimeMs?: number;
}

export interface Provenance {
  appVersion: string;
  /** ISO 8601 date and time the file was written. */
  createdAt: string;
  seed?: number;
  /** Kernel provider that trained the model (reference, wasm, …). */
  provider?: string;
  runId?: string;
  /** The parts of an engine-made model name (core/run-name.ts), for the app to word; read back by the host's contract. */
  nameParts?: EngineNameParts;
  /** Anything else worth keeping (data set name, host, …). */
  notes?: string;
  /** A fine-tune's start model and its training (fine-tuned-from.ts); the fields above are the fine-tune's own. */
  fineTunedFrom?: FineTunedFrom;
}

export interface Manifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec | null;
  /** The spec, and the names of its statistics, each stored as the tensor `preprocessing.<name>`. */
  preprocessing: { spec: PreprocessSpec; statistics: string[] } | null;
  metrics: ModelMetrics | null;
  provenance: Provenance;
  tensors: TensorEntry[];
  /** CRC-32 over the tensor data section (both the binary and the JSON form). */
  checksum: { algorithm: 'crc32'; tensors: string };
}

/**
 * The manifest's schema, checked field by field before anything is built from it (the file comes from
 * outside): every field the app reads has the type it needs, the model spec passes validateModelSpec
 * (its layers, shapes and size limits; unknown layer types, 'constructor' and '__proto__' included,
 * are refused) and has no key outside ModelSpec, the preprocessing names a known kind and the tensors
 * its statistics need. Depth and length were bounded when the JSON was parsed (json-bounds.ts).
 * Throws ModelFileError naming `where` and the field.
 */
export function checkManifest(value: unknown, where: string): Manifest {
  const fail: Fail = (code, params = {}) => {
    throw ModelFileError.of(code, { file: where, ...params });
  };
  if (!isObject(value)) return fail('model-file.manifest-not-object');
  if (value.format !== MODEL_FORMAT) fail('model-file.format', { got: clip(value.format), expected: MODEL_FORMAT });
  if (typeof value.formatVersion !== 'number') return fail('model-file.no-format-version');
  if (value.formatVersion > MODEL_FORMAT_VERSION) fail('model-file.newer-version', { version: value.formatVersion, maxVersion: MODEL_FORMAT_VERSION });
  const tensors = checkTensorEntries(value.tensors, where);
  const modelSpec = checkModelSpecField(value.modelSpec, where, fail);
  if (value.trainSpec !== null && !isObject(value.trainSpec)) fail('model-file.train-spec');
  checkPreprocessing(value.preprocessing, tensors, shapeSize(modelSpec.inputShape), fail);
  checkMetrics(value.metrics, fail);
  checkProvenance(value.provenance, fail);
  const checksum = value.checksum;
  if (!isObject(checksum) || checksum.algorithm !== 'crc32' || typeof checksum.tensors !== 'string') fail('model-file.checksum-missing');
  return value as unknown as Manifest;
}

/** Throws the ModelFileError `code` with `params` and the file. */
type Fail = (code: MessageCode, params?: MessageParams) => never;

const MODEL_SPEC_KEYS = ['name', 'inputShape', 'layers', 'loss'];

function checkModelSpecField(spec: unknown, where: string, fail: Fail): ModelSpec {
  if (!isObject(spec) || !Array.isArray(spec.inputShape) || !Array.isArray(spec.layers) || typeof spec.loss !== 'string') {
    return fail('model-file.spec-missing');
  }
  const unknown = Object.keys(spec).find((key) => !MODEL_SPEC_KEYS.includes(key));
  if (unknown !== undefined) fail('model-file.spec-unknown-field', { key: clip(unknown), allowed: MODEL_SPEC_KEYS.join(', ') });
  try {
    validateModelSpec(spec as unknown as ModelSpec);
  } catch (error) {
    if (error instanceof SpecError) throw ModelFileError.ofSpec(where, error);
    throw error;
  }
  return spec as unknown as ModelSpec;
}

/**
 * The statistics each preprocessing stores, with their lengths in terms of m, the length of its mean
 * (applyPreprocessing works on rows of m values, so m ≥ 1 must divide the input size d; the app writes
 * m = d). An empty mean would make that loop run forever.
 */
const STATISTICS: Readonly<Record<PreprocessSpec['type'], Readonly<Record<string, (m: number) => number>>>> = {
  none: {},
  minmax: { min: () => 1, max: () => 1 },
  standardise: { mean: (m) => m, std: (m) => m },
  'pca-whiten': { mean: (m) => m, matrix: (m) => m * m, eigenvalues: (m) => m },
  'zca-whiten': { mean: (m) => m, matrix: (m) => m * m, eigenvalues: (m) => m },
};

function checkPreprocessing(value: unknown, tensors: TensorEntry[], d: number, fail: Fail): void {
  if (value === null) return;
  if (!isObject(value) || !isObject(value.spec) || !Array.isArray(value.statistics)) fail('model-file.preprocessing-shape');
  const { spec, statistics } = value as { spec: Record<string, unknown>; statistics: unknown[] };
  const type = spec.type;
  const choices = Object.keys(STATISTICS).join(', ');
  if (typeof type !== 'string') fail('model-file.preprocessing-type-not-text', { choices });
  if (!Object.hasOwn(STATISTICS, type)) fail('model-file.preprocessing-type', { got: clip(type), choices });
  if (type === 'minmax' && !(Array.isArray(spec.range) && spec.range.length === 2 && spec.range[1] === 1 && (spec.range[0] === 0 || spec.range[0] === -1))) {
    fail('model-file.minmax-range');
  }
  if (spec.epsilon !== undefined && !(Number.isFinite(spec.epsilon) && (spec.epsilon as number) >= 0)) fail('model-file.preprocessing-epsilon');
  const needed = STATISTICS[type as PreprocessSpec['type']];
  if (statistics.length !== Object.keys(needed).length || statistics.some((name) => typeof name !== 'string' || !Object.hasOwn(needed, name))) {
    const names = Object.keys(needed).join(', ');
    fail(names ? 'model-file.preprocessing-statistics' : 'model-file.preprocessing-no-statistics', { type: String(type), names });
  }
  const lengthOf = (name: string) => {
    const entry = tensors.find((t) => t.name === `preprocessing.${name}`);
    if (!entry || entry.dtype !== 'float64' || entry.shape.length !== 1) fail('model-file.statistic-tensor', { name });
    return entry!.shape[0]!;
  };
  const m = 'mean' in needed ? lengthOf('mean') : 1;
  if (m < 1 || d % m !== 0) fail('model-file.mean-length', { length: m, inputs: d });
  for (const [name, lengthFor] of Object.entries(needed)) {
    const length = lengthOf(name);
    if (length !== lengthFor(m)) fail('model-file.statistic-length', { name, length, expected: lengthFor(m) });
  }
}

/**
 * Numbers the manifest stores must be finite: JSON writes ±Infinity and NaN as null, so a JSON export
 * holding 1e999 would be accepted and then saved as a .bplab file that no longer reads.
 */
function checkMetrics(value: unknown, fail: Fail): void {
  if (value === null) return;
  if (!isObject(value)) return fail('model-file.metrics-shape');
  for (const part of ['test', 'validation', 'train'] as const) {
    const measured = value[part];
    if (measured === undefined || (measured === null && part !== 'test')) continue;
    if (!isObject(measured) || !Number.isFinite(measured.loss) || !Number.isFinite(measured.accuracy)) {
      fail('model-file.metrics-part', { part });
    }
  }
  for (const field of ['epochs', 'trainingTimeMs'] as const) {
    if (value[field] !== undefined && !Number.isFinite(value[field])) fail('model-file.metrics-number', { field });
  }
}

function checkProvenance(value: unknown, fail: Fail): void {
  if (!isObject(value)) return fail('model-file.provenance-missing');
  for (const field of ['appVersion', 'createdAt'] as const) {
    if (typeof value[field] !== 'string') fail('model-file.provenance-text', { field });
  }
  for (const field of ['provider', 'runId', 'notes'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string') fail('model-file.provenance-text', { field });
  }
  if (value.seed !== undefined && !Number.isFinite(value.seed)) fail('model-file.provenance-seed');
  for (const field of Object.values(value)) {
    if (typeof field === 'string' && field.length > readLimits.maxStringLength) {
      fail('model-file.provenance-too-long', { length: field.length, max: readLimits.maxStringLength });
    }
  }
  checkFineTunedFrom(value.fineTunedFrom, fail);
}

/** A value quoted in a message, cut short: a file may hold megabytes where a name belongs. */
function clip(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
