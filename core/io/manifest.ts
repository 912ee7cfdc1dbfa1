/**
 * The model file's manifest: what the network is (ModelSpec), how it was trained (TrainSpec), the
 * preprocessing to apply before prediction, its measured quality, where it came from, and the list of
 * tensors with their place in the file. Plain JSON; the layout is documented in docs/model-format.md.
 */
import { ModelFileError } from '../errors.js';
import type { ModelSpec, PreprocessSpec, TrainSpec } from '../spec.js';
import { checkTensorEntries, type TensorEntry } from './container.js';

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
  /** Anything else worth keeping (data set name, host, …). */
  notes?: string;
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

/** Structural checks of a parsed manifest; names the field that is wrong. */
export function checkManifest(value: unknown, where: string): Manifest {
  const fail = (what: string): never => {
    throw new ModelFileError(`${where}: ${what}`);
  };
  if (!isObject(value)) return fail('the manifest is not a JSON object');
  if (value.format !== MODEL_FORMAT) fail(`format is ${JSON.stringify(value.format)}, expected "${MODEL_FORMAT}"`);
  if (typeof value.formatVersion !== 'number') return fail('formatVersion is missing');
  if (value.formatVersion > MODEL_FORMAT_VERSION) {
    fail(`format version ${value.formatVersion} is newer than this app reads (${MODEL_FORMAT_VERSION}); update Backprop Lab`);
  }
  const spec = value.modelSpec;
  if (!isObject(spec) || !Array.isArray(spec.inputShape) || !Array.isArray(spec.layers) || typeof spec.loss !== 'string') {
    fail('modelSpec is missing or lacks inputShape, layers or loss');
  }
  if (!isObject(value.provenance)) fail('provenance is missing');
  checkTensorEntries(value.tensors, where);
  const checksum = value.checksum;
  if (!isObject(checksum) || checksum.algorithm !== 'crc32' || typeof checksum.tensors !== 'string') fail('checksum is missing');
  return value as unknown as Manifest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
