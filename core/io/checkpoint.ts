/**
 * Checkpoint files: the training loop's checkpoint (weights, optimizer state, RNG state, epoch and
 * iteration, best-so-far) in the container of container.ts with magic "BPLABCKP". The checkpoint is
 * stored structurally, so it survives additions to its type: the manifest's `state` is the checkpoint
 * as JSON in which every Float32Array / Float64Array, and every plain number array of 16 or more
 * entries (optimizer buffers), is replaced by {"$tensor": name, "kind": …} pointing at a tensor in the
 * data section, and non-finite numbers by {"$number": "NaN" | "Infinity" | "-Infinity"}. Decoding
 * restores the same types, so float32 weights and optimizer buffers come back bit for bit.
 */
import { ModelFileError } from '../errors.js';
import type { TrainingCheckpoint } from '../train/events.js';
import { checkTrainingCheckpoint } from './checkpoint-schema.js';
import { decodeContainer, decodeTensors, encodeContainer, packTensors, type TensorInput } from './container.js';

export const CHECKPOINT_MAGIC = 'BPLABCKP';
export const CHECKPOINT_FORMAT_VERSION = 1;
const KIND = 'checkpoint';
const MIN_ARRAY_AS_TENSOR = 16;

type ArrayKind = 'Float32Array' | 'Float64Array' | 'Array';
const NON_FINITE = ['NaN', 'Infinity', '-Infinity'];

export function encodeCheckpoint(checkpoint: TrainingCheckpoint | Record<string, unknown>): Uint8Array {
  const inputs: TensorInput[] = [];
  const state = toJsonWithTensors(checkpoint, 'state', inputs);
  const packed = packTensors(inputs);
  const manifest = {
    format: 'backprop-lab-checkpoint',
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    state,
    tensors: packed.entries,
    checksum: { algorithm: 'crc32', tensors: packed.checksum },
  };
  return encodeContainer(CHECKPOINT_MAGIC, CHECKPOINT_FORMAT_VERSION, manifest, packed);
}

export function decodeCheckpoint<T = TrainingCheckpoint>(file: Uint8Array, name = 'checkpoint'): T {
  const container = decodeContainer(file, CHECKPOINT_MAGIC, CHECKPOINT_FORMAT_VERSION, name, KIND);
  const checksum = (container.manifest.checksum as { tensors?: unknown } | undefined)?.tensors;
  const tensors = decodeTensors(container.entries, container.bytesOf, checksum, name);
  return fromJsonWithTensors(container.manifest.state, tensors, name) as T;
}

/** A training checkpoint file, its state checked against TrainingCheckpoint's schema (checkpoint-schema.ts). */
export function decodeTrainingCheckpoint(file: Uint8Array, name = 'checkpoint'): TrainingCheckpoint {
  return checkTrainingCheckpoint(decodeCheckpoint<unknown>(file, name), name);
}

function toJsonWithTensors(value: unknown, path: string, inputs: TensorInput[]): unknown {
  if (value instanceof Float32Array || value instanceof Float64Array) {
    const dtype = value instanceof Float32Array ? 'float32' : 'float64';
    inputs.push({ name: path, dtype, shape: [value.length], values: value });
    return { $tensor: path, kind: value instanceof Float32Array ? 'Float32Array' : 'Float64Array' };
  }
  if (ArrayBuffer.isView(value)) throw ModelFileError.of('checkpoint.unstorable', { field: path, type: value.constructor.name });
  if (Array.isArray(value)) {
    if (value.length >= MIN_ARRAY_AS_TENSOR && value.every((v) => typeof v === 'number')) {
      inputs.push({ name: path, dtype: 'float64', shape: [value.length], values: value as number[] });
      return { $tensor: path, kind: 'Array' };
    }
    return value.map((item, i) => toJsonWithTensors(item, `${path}.${i}`, inputs));
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonWithTensors(item, `${path}.${key}`, inputs)]));
  }
  return value;
}

function fromJsonWithTensors(value: unknown, tensors: Map<string, Float32Array | Float64Array>, where: string): unknown {
  if (Array.isArray(value)) return value.map((item) => fromJsonWithTensors(item, tensors, where));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$number === 'string') {
    if (!NON_FINITE.includes(record.$number)) throw ModelFileError.of('checkpoint.not-non-finite', { file: where, got: JSON.stringify(record.$number.slice(0, 40)) });
    return Number(record.$number);
  }
  if (typeof record.$tensor === 'string') {
    const data = tensors.get(record.$tensor);
    if (!data) throw ModelFileError.of('checkpoint.tensor-missing', { file: where, tensor: record.$tensor.slice(0, 60) });
    const kind = record.kind as ArrayKind;
    if (kind !== 'Array' && kind !== 'Float32Array' && kind !== 'Float64Array') {
      throw ModelFileError.of('checkpoint.tensor-kind', { file: where, tensor: record.$tensor.slice(0, 60), got: String(JSON.stringify(kind)?.slice(0, 40)) });
    }
    if (kind === 'Array') return Array.from(data);
    if (kind === 'Float32Array') return data instanceof Float32Array ? data : Float32Array.from(data);
    return data instanceof Float64Array ? data : Float64Array.from(data);
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, fromJsonWithTensors(item, tensors, where)]));
}
