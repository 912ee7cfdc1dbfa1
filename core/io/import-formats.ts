/**
 * The files a model can be imported from, told apart by their name: ONNX (`.onnx`, converted by
 * onnx/import.ts), the native `.bplab` and its JSON export. Bytes in, a checked SavedModel out: its
 * network builds and its weights fit its layers (model-build.ts), so a library never keeps a file it
 * could not open.
 */
import { ModelFileError } from '../errors.js';
import { importModelJson } from './json-export.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { buildSavedModel } from './model-build.js';
import { decodeModelFile, MODEL_FILE_EXTENSION, type SavedModel } from './model-file.js';
import { decodeOnnx, type OnnxImportOptions } from './onnx/import.js';

export const importExtensions = ['.onnx', MODEL_FILE_EXTENSION, '.json'] as const;

/** The stem an imported file gives its model: `My Net (2).onnx` → `My_Net_2`. */
export function importStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '');
  return stem || 'imported';
}

export function importModelFile(fileName: string, bytes: Uint8Array, options: Omit<OnnxImportOptions, 'name'>): SavedModel {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.onnx')) return decodeOnnx(bytes, fileName, { ...options, name: importStem(fileName) });
  if (lower.endsWith(MODEL_FILE_EXTENSION)) return builds(decodeModelFile(bytes, fileName), fileName);
  if (lower.endsWith('.json')) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw ModelFileError.of('model-json.not-utf8', { file: fileName });
    }
    return builds(importModelJson(text, fileName), fileName);
  }
  throw ModelFileError.of('model-import.unknown-format', { file: fileName, extensions: importExtensions.join(', ') });
}

/** `saved` once its network has been built and loaded with its weights (the ONNX import checks its own). */
function builds(saved: SavedModel, fileName: string): SavedModel {
  buildSavedModel(saved, createReferenceKernels(), fileName);
  return saved;
}
