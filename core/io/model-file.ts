/**
 * The native model file (`.bplab`): the container of container.ts with magic "BPLABMDL", version 1, and
 * the manifest of manifest.ts. Weights and buffers are float32 under their dotted names
 * (`layers.0.weight`, `layers.1.runningMean`); the fitted preprocessing's statistics are float64 tensors
 * `preprocessing.<name>` (so applying them after loading gives exactly what training measured).
 * Specified byte by byte in docs/model-format.md.
 */
import { ModelFileError } from '../errors.js';
import type { FittedPreprocessing } from '../data/preprocess.js';
import type { ModelSpec, TrainSpec } from '../spec.js';
import { Tensor } from '../tensor.js';
import { decodeContainer, decodeTensors, encodeContainer, packTensors, peekManifest, type TensorEntry, type TensorInput } from './container.js';
import { checkManifest, MODEL_FORMAT, MODEL_FORMAT_VERSION, type Manifest, type ModelMetrics, type Provenance } from './manifest.js';

export const MODEL_FILE_MAGIC = 'BPLABMDL';
export const MODEL_FILE_EXTENSION = '.bplab';
const KIND = 'model';
const PREPROCESSING_PREFIX = 'preprocessing.';

/** A model as saved: specs, fitted preprocessing, quality, origin and the state dict. */
export interface SavedModel {
  modelSpec: ModelSpec;
  trainSpec: TrainSpec | null;
  preprocessing: FittedPreprocessing | null;
  metrics: ModelMetrics | null;
  provenance: Provenance;
  /** Weights and buffers (BatchNorm running statistics) by dotted name: `layers.0.weight`. */
  weights: Record<string, Tensor>;
}

/** The manifest and tensor payloads shared by the binary and the JSON forms. */
export function packModel(model: SavedModel): { manifest: Manifest; packed: ReturnType<typeof packTensors> } {
  const inputs: TensorInput[] = [];
  for (const [name, tensor] of Object.entries(model.weights)) {
    if (name.startsWith(PREPROCESSING_PREFIX)) {
      throw ModelFileError.of('export.reserved-name', { tensor: name, prefix: PREPROCESSING_PREFIX });
    }
    inputs.push({ name, dtype: 'float32', shape: tensor.shape, values: tensor.data });
  }
  const statistics = model.preprocessing ? Object.keys(model.preprocessing.statistics) : [];
  for (const key of statistics) {
    const values = model.preprocessing!.statistics[key]!;
    inputs.push({ name: PREPROCESSING_PREFIX + key, dtype: 'float64', shape: [values.length], values });
  }
  const packed = packTensors(inputs);
  const manifest: Manifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    modelSpec: model.modelSpec,
    trainSpec: model.trainSpec,
    preprocessing: model.preprocessing ? { spec: model.preprocessing.spec, statistics } : null,
    metrics: model.metrics,
    provenance: model.provenance,
    tensors: packed.entries,
    checksum: { algorithm: 'crc32', tensors: packed.checksum },
  };
  return { manifest, packed };
}

/** Rebuilds the SavedModel from a checked manifest and each tensor's bytes (verifying the tensor checksum). */
export function unpackModel(manifest: Manifest, bytesOf: (entry: TensorEntry) => Uint8Array, where: string): SavedModel {
  const tensors = decodeTensors(manifest.tensors, bytesOf, manifest.checksum.tensors, where);
  const weights: Record<string, Tensor> = {};
  const statistics: Record<string, number[]> = {};
  for (const entry of manifest.tensors) {
    const values = tensors.get(entry.name)!;
    if (entry.name.startsWith(PREPROCESSING_PREFIX)) statistics[entry.name.slice(PREPROCESSING_PREFIX.length)] = Array.from(values);
    else weights[entry.name] = new Tensor(entry.shape, values instanceof Float32Array ? values : Float32Array.from(values));
  }
  let preprocessing: FittedPreprocessing | null = null;
  if (manifest.preprocessing) {
    for (const key of manifest.preprocessing.statistics) {
      if (!statistics[key]) throw ModelFileError.of('model-file.statistic-tensor', { file: where, name: key });
    }
    preprocessing = { spec: manifest.preprocessing.spec, statistics };
  }
  return {
    modelSpec: manifest.modelSpec,
    trainSpec: manifest.trainSpec,
    preprocessing,
    metrics: manifest.metrics,
    provenance: manifest.provenance,
    weights,
  };
}

/** SavedModel → `.bplab` bytes. */
export function encodeModelFile(model: SavedModel): Uint8Array {
  const { manifest, packed } = packModel(model);
  return encodeContainer(MODEL_FILE_MAGIC, MODEL_FORMAT_VERSION, manifest, packed);
}

/** `.bplab` bytes → SavedModel; a wrong, corrupt or truncated file throws ModelFileError naming `name`. */
export function decodeModelFile(file: Uint8Array, name = 'model file'): SavedModel {
  const container = decodeContainer(file, MODEL_FILE_MAGIC, MODEL_FORMAT_VERSION, name, KIND);
  const manifest = checkManifest(container.manifest, name);
  return unpackModel(manifest, container.bytesOf, name);
}

/** Only the manifest (for listing models without decoding or verifying their weights). */
export function readManifest(file: Uint8Array, name = 'model file'): Manifest {
  return checkManifest(peekManifest(file, MODEL_FILE_MAGIC, name, KIND), name);
}
