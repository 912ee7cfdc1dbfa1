/**
 * The JSON export of a model: `{ manifest, tensors: { name: { shape, data: number[] } } }`. The manifest
 * is the binary file's (offsets refer to the binary layout); float32 values print as the shortest decimal
 * that reads back to the same float32, so export and import are exact. The tensor checksum is verified.
 */
import { ModelFileError } from '../errors.js';
import { encodeFloats } from './container.js';
import { checkManifest, type Manifest } from './manifest.js';
import { packModel, unpackModel, type SavedModel } from './model-file.js';

export interface ModelJson {
  manifest: Manifest;
  tensors: Record<string, { shape: number[]; data: number[] }>;
}

export function exportModelJson(model: SavedModel): ModelJson {
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
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ModelFileError(`${name}: not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== 'object' || value === null || !('manifest' in value) || !('tensors' in value)) {
    throw new ModelFileError(`${name}: expected an object with "manifest" and "tensors"`);
  }
  const manifest = checkManifest((value as { manifest: unknown }).manifest, name);
  const tensors = (value as { tensors: Record<string, { shape?: unknown; data?: unknown }> }).tensors;
  return unpackModel(manifest, (entry) => {
    const tensor = tensors[entry.name];
    if (!tensor || !Array.isArray(tensor.data)) throw new ModelFileError(`${name}: tensor "${entry.name}" is missing`);
    const data = tensor.data as unknown[];
    if (!data.every((v) => typeof v === 'number')) throw new ModelFileError(`${name}: tensor "${entry.name}" holds a non-number`);
    return encodeFloats(data as number[], entry.dtype);
  }, name);
}
