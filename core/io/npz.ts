/**
 * NumPy `.npz`, as the course saves its weights: a zip of `.npy` files, one array per tensor, named by
 * the dotted names (`layers.0.weight.npy` → `np.load(f)["layers.0.weight"]`). Weights are `<f4`,
 * preprocessing statistics `<f8` (`preprocessing.mean`); `backprop-lab.json` beside them holds the
 * metadata of safetensors.ts (model spec, preprocessing, PyTorch names), readable as
 * `json.loads(np.load(f)["backprop-lab.json"])`.
 *
 * .npy version 1.0 (numpy/lib/format.py): the magic "\x93NUMPY", bytes 1 and 0, a little-endian uint16
 * header length, then the header, a Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (784, 64), }` padded with spaces and ended by a
 * newline so that the data starts at a multiple of 64, then the values in C order.
 */
import { zipSync } from 'fflate';
import type { SavedModel } from './model-file.js';
import { exportedTensors, exportMetadata } from './safetensors.js';

export const NPZ_EXTENSION = '.npz';
export const NPZ_METADATA_ENTRY = 'backprop-lab.json';
/** Zip entries get this date, so the same model always gives the same bytes. */
const ZIP_DATE = new Date('2000-01-01T00:00:00Z');

export function encodeNpy(values: ArrayLike<number>, shape: readonly number[], dtype: 'f4' | 'f8'): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const size = dtype === 'f4' ? 4 : 8;
  const bytes = new Uint8Array(10 + header.length + values.length * size);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  const start = 10 + header.length;
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'f4') view.setFloat32(start + i * 4, values[i]!, true);
    else view.setFloat64(start + i * 8, values[i]!, true);
  }
  return bytes;
}

export function encodeNpz(model: SavedModel): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const entry of exportedTensors(model)) {
    files[`${entry.name}.npy`] = encodeNpy(entry.values, entry.shape, entry.dtype === 'F32' ? 'f4' : 'f8');
  }
  files[NPZ_METADATA_ENTRY] = new TextEncoder().encode(JSON.stringify(exportMetadata(model), null, 2));
  return zipSync(files, { level: 6, mtime: ZIP_DATE });
}
