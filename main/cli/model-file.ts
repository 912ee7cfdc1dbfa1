/**
 * Model files for the CLI: read a `.bplab` file (core/io checks its structure and checksums) and
 * rebuild the network from its ModelSpec with the saved weights, ready to evaluate or predict.
 */
import { readFileSync } from 'node:fs';
import { decodeModelFile, type SavedModel } from '@backprop-lab/core';
import type { Kernels } from '@backprop-lab/core';
import { buildSavedModel, type Model } from '@backprop-lab/core';

export interface LoadedModelFile {
  saved: SavedModel;
  model: Model;
}

export function loadModelFile(path: string, kernels: Kernels): LoadedModelFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`${path}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const saved = decodeModelFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  // The file decoded, but its network may still not build or its weights not fit it: a refusal naming the file.
  return { saved, model: buildSavedModel(saved, kernels, path) };
}
