/**
 * safetensors (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON, then
 * the tensors' bytes. The JSON maps each tensor name to { dtype, shape, data_offsets: [begin, end) }
 * relative to the end of the header, plus "__metadata__" (string → string). Tensors are packed in order,
 * with no gaps; the header is padded with spaces to a multiple of 8 so the data is aligned.
 *
 * Here: weights and buffers F32 under their dotted names; the fitted preprocessing's statistics F64 as
 * `preprocessing.<name>`; __metadata__ holds the model spec, the preprocessing spec, the train spec,
 * the provenance and `pytorch.names` (torch-names.ts: our name → nn.Sequential state-dict name).
 */
import type { SavedModel } from './model-file.js';
import { torchStateDictNames } from './torch-names.js';

export const SAFETENSORS_EXTENSION = '.safetensors';

interface Entry {
  name: string;
  dtype: 'F32' | 'F64';
  shape: number[];
  values: ArrayLike<number>;
}

/** Every tensor a file of another format carries: weights (float32), then preprocessing statistics (float64). */
export function exportedTensors(model: SavedModel): Entry[] {
  const entries: Entry[] = Object.entries(model.weights).map(([name, t]) => ({ name, dtype: 'F32', shape: [...t.shape], values: t.data }));
  for (const [name, values] of Object.entries(model.preprocessing?.statistics ?? {})) {
    const shape = name === 'matrix' ? [Math.round(Math.sqrt(values.length)), Math.round(Math.sqrt(values.length))] : [values.length];
    entries.push({ name: `preprocessing.${name}`, dtype: 'F64', shape, values });
  }
  return entries;
}

/** The descriptive metadata shared by safetensors and npz, each value a JSON string. */
export function exportMetadata(model: SavedModel): Record<string, string> {
  return {
    format: 'backprop-lab',
    modelSpec: JSON.stringify(model.modelSpec),
    preprocessing: JSON.stringify(model.preprocessing ? { spec: model.preprocessing.spec, statistics: Object.keys(model.preprocessing.statistics) } : null),
    trainSpec: JSON.stringify(model.trainSpec),
    provenance: JSON.stringify(model.provenance),
    'pytorch.names': JSON.stringify(torchStateDictNames(model.modelSpec)),
  };
}

export function encodeSafetensors(model: SavedModel): Uint8Array {
  const entries = exportedTensors(model);
  const header: Record<string, unknown> = { __metadata__: exportMetadata(model) };
  let offset = 0;
  for (const entry of entries) {
    const size = entry.values.length * (entry.dtype === 'F32' ? 4 : 8);
    header[entry.name] = { dtype: entry.dtype, shape: entry.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const file = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(file.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  file.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const entry of entries) {
    for (let i = 0; i < entry.values.length; i++) {
      if (entry.dtype === 'F32') view.setFloat32(position + i * 4, entry.values[i]!, true);
      else view.setFloat64(position + i * 8, entry.values[i]!, true);
    }
    position += entry.values.length * (entry.dtype === 'F32' ? 4 : 8);
  }
  return file;
}
