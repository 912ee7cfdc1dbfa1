/**
 * The models the app can use, on top of main/store's ModelStore (bundled `resources/models/*.bplab`,
 * read-only, and the user's `<dataDir>/models/*.bplab`; ids `bundled:NAME` / `user:NAME`). Adds what
 * the engine needs: a model ready to classify drawings, kept in memory (JS kernels, float32) so the
 * pad can classify at every stroke without reading the file again.
 */
import { applyPreprocessing, type Provenance } from '@backprop-lab/core';
import {
  exportModel, importModelFile, importStem, MODEL_FILE_EXTENSION, shapeSize, type ExportedModel, type ExportFormat, type SavedModel,
} from '@backprop-lab/core';
import type { Kernels } from '@backprop-lab/core';
import { buildSavedModel } from '@backprop-lab/core';
import { Tensor } from '@backprop-lab/core';
import { basename } from 'node:path';
import { HostError, INPUT_PIXELS, type ModelInfo, type SkippedModelFile } from '../../contract/index.js';
import type { ModelEntry, ModelStore } from '../store/model-store.js';
import type { LoadedModel, ModelLibraryPort } from './ports.js';
import { namePartsOf } from './name-parts.js';

export class ModelLibrary implements ModelLibraryPort {
  private readonly cache = new Map<string, LoadedModel>();

  constructor(readonly store: ModelStore, private readonly kernels: () => Promise<Kernels>) {}

  /** Readable models, the course's network first; a file that cannot be read is left out (models.get says why). */
  async list(): Promise<ModelInfo[]> {
    const all = await this.store.list();
    // One bad file must not cost the whole list: it is left out and named, with its reason, on stderr.
    for (const entry of all) if (entry.manifest === null) console.warn(`models: skipped ${entry.path}: ${entry.error ?? 'unreadable'}`);
    const entries = all.filter((entry) => entry.manifest !== null);
    const rank = (entry: ModelEntry) => (entry.source === 'bundled' ? (entry.name === 'seed-mlp' ? 0 : 1) : 2);
    return entries.sort((a, b) => rank(a) - rank(b)).map((entry) => {
      const manifest = entry.manifest!;
      return infoOf(entry.id, entry.source, entry.name, manifest.modelSpec, manifest.metrics?.test?.accuracy, manifest.provenance);
    });
  }

  /** The files list() leaves out, each with its failure as error data. */
  async skipped(): Promise<SkippedModelFile[]> {
    return (await this.store.list()).filter((entry) => entry.manifest === null).map((entry) => ({
      id: entry.id, fileName: basename(entry.path), sizeBytes: entry.sizeBytes,
      error: entry.failure ?? { message: entry.error ?? 'unreadable' },
    }));
  }

  async load(id: string): Promise<LoadedModel> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const loaded = toLoadedModel(id, await this.store.load(id), await this.kernels(), this.store.pathOf(id));
    this.cache.set(id, loaded);
    return loaded;
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    this.cache.delete(id);
  }

  /** The model in `format` (core/io/export-formats.ts), its file named by the model's name (a run's model: the run's). */
  async export(id: string, format: ExportFormat): Promise<ExportedModel> {
    const saved = await this.store.load(id);
    const stem = exportStem(saved.modelSpec.name, id);
    if (format === 'native') return { fileName: `${stem}${MODEL_FILE_EXTENSION}`, bytes: await this.store.readBytes(id) };
    return exportModel(saved, format, stem);
  }

  /**
   * Adds a model file of another tool (ONNX) or of this app to the user's library. It is converted and
   * checked in memory first, and must read the pad's 28×28 image; the library then writes it atomically,
   * so a refused file leaves nothing behind.
   */
  async import(fileName: string, bytes: Uint8Array, appVersion: string): Promise<ModelInfo> {
    const saved = importModelFile(fileName, bytes, { appVersion, createdAt: new Date().toISOString() });
    const inputs = shapeSize(saved.modelSpec.inputShape);
    if (inputs !== INPUT_PIXELS) {
      throw new HostError('library.input-size', { file: fileName, inputs, shape: saved.modelSpec.inputShape.join(', '), pixels: INPUT_PIXELS });
    }
    const entry = await this.store.save(importStem(fileName), saved);
    return infoOf(entry.id, 'user', entry.name, saved.modelSpec, saved.metrics?.test?.accuracy, { createdAt: saved.provenance.createdAt });
  }
}

/**
 * A file stem from a model's name: letters and digits of any script kept, every other run of characters
 * one `_` ("seed-mlp · adam lr=0.001" → "seed-mlp_adam_lr_0.001"); the id's stem when nothing is left.
 */
export function exportStem(name: string | undefined, id: string): string {
  const stem = (name ?? '').replace(/[^\p{L}\p{N}.-]+/gu, '_').replace(/^[._-]+|[._-]+$/g, '').slice(0, 120);
  return stem || id.slice(id.indexOf(':') + 1);
}

/**
 * The record of a model; the parts of an engine-made name (a run's model, a fine-tuned one) come with it
 * when the file's provenance holds parts that read as parts, and word its stored name alike.
 */
function infoOf(
  id: string, source: 'bundled' | 'user', name: string, modelSpec: SavedModel['modelSpec'], testAccuracy: number | undefined,
  provenance: Partial<Pick<Provenance, 'createdAt' | 'runId' | 'nameParts' | 'fineTunedFrom'>>,
): ModelInfo {
  const { createdAt, runId, fineTunedFrom } = provenance;
  return {
    id, name, ...namePartsOf(name, provenance.nameParts), source, createdAt, modelSpec, testAccuracy, runId, ...(fineTunedFrom ? { fineTunedFrom } : {}),
  };
}

function toLoadedModel(id: string, saved: SavedModel, kernels: Kernels, file: string): LoadedModel {
  const model = buildSavedModel(saved, kernels, file);
  const summary = model.summary();
  const inputShape = saved.modelSpec.inputShape;
  const source = id.startsWith('bundled:') ? 'bundled' : 'user';
  const name = saved.modelSpec.name ?? id.slice(id.indexOf(':') + 1);
  return {
    info: infoOf(id, source, name, saved.modelSpec, saved.metrics?.test?.accuracy, saved.provenance),
    summary: summary.layers,
    totalParams: summary.total,
    trainSpec: saved.trainSpec ?? undefined,
    testLoss: saved.metrics?.test?.loss,
    network: { model, preprocessing: saved.preprocessing ?? null },
    classify(pixels: Float32Array): Float32Array {
      const input = Float32Array.from(pixels);
      if (saved.preprocessing) applyPreprocessing(saved.preprocessing, input);
      return Float32Array.from(model.predict(new Tensor([1, ...inputShape], input)).data);
    },
  };
}
