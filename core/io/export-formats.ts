/**
 * Every format a model can be exported to, by name, and the one function that writes each: the list
 * the contract's schema, the CLI's `--format` and the Models view's export menu are built from.
 * TF.js is several files (model.json + shards); as one download it is a zip of them.
 */
import { zipSync } from 'fflate';
import { exportModelJson } from './json-export.js';
import { encodeModelFile, MODEL_FILE_EXTENSION, type SavedModel } from './model-file.js';
import { encodeNpz, NPZ_EXTENSION } from './npz.js';
import { encodeOnnx } from './onnx/export.js';
import { encodeSafetensors, SAFETENSORS_EXTENSION } from './safetensors.js';
import { encodeTfjsLayers } from './tfjs-layers.js';

export const exportFormats = ['native', 'json', 'onnx', 'tfjs', 'safetensors', 'npz'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (exportFormats as readonly string[]).includes(value);
}

export interface ExportedModel {
  /** The single file to save or download (TF.js: a zip of its files). */
  fileName: string;
  bytes: Uint8Array;
  /** For formats made of several files (TF.js): each file, by name, to write into a folder. */
  files?: Record<string, Uint8Array>;
}

/** `stem` names the file: `lenet5` → lenet5.onnx, lenet5-tfjs.zip. */
export function exportModel(model: SavedModel, format: ExportFormat, stem: string): ExportedModel {
  switch (format) {
    case 'native':
      return { fileName: `${stem}${MODEL_FILE_EXTENSION}`, bytes: encodeModelFile(model) };
    case 'json':
      return { fileName: `${stem}.json`, bytes: new TextEncoder().encode(JSON.stringify(exportModelJson(model))) };
    case 'onnx':
      return { fileName: `${stem}.onnx`, bytes: encodeOnnx(model) };
    case 'safetensors':
      return { fileName: `${stem}${SAFETENSORS_EXTENSION}`, bytes: encodeSafetensors(model) };
    case 'npz':
      return { fileName: `${stem}${NPZ_EXTENSION}`, bytes: encodeNpz(model) };
    case 'tfjs': {
      const files = encodeTfjsLayers(model);
      return { fileName: `${stem}-tfjs.zip`, bytes: zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') }), files };
    }
  }
}
