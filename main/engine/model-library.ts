/**
 * The models the app can use, on top of main/store's ModelStore (bundled `resources/models/*.bplab`,
 * read-only, and the user's `<dataDir>/models/*.bplab`; ids `bundled:NAME` / `user:NAME`). Adds what
 * the engine needs: a model ready to classify drawings, kept in memory (JS kernels, float32) so the
 * pad can classify at every stroke without reading the file again.
 */
import { applyPreprocessing } from '@backprop-lab/core';
import { exportModelJson, MODEL_FILE_EXTENSION, decodeModelFile, type SavedModel } from '@backprop-lab/core';
import type { Kernels } from '@backprop-lab/core';
import { Model } from '@backprop-lab/core';
import { Tensor } from '@backprop-lab/core';
import type { ModelInfo } from '../../contract/index.js';
import type { ModelEntry, ModelStore } from '../store/model-store.js';
import type { LoadedModel, ModelLibraryPort } from './ports.js';

export class ModelLibrary implements ModelLibraryPort {
  private readonly cache = new Map<string, LoadedModel>();

  constructor(readonly store: ModelStore, private readonly kernels: () => Promise<Kernels>) {}

  /** Readable models, the course's network first; a file that cannot be read is left out (models.get says why). */
  async list(): Promise<ModelInfo[]> {
    const entries = (await this.store.list()).filter((entry) => entry.manifest !== null);
    const rank = (entry: ModelEntry) => (entry.source === 'bundled' ? (entry.name === 'seed-mlp' ? 0 : 1) : 2);
    return entries.sort((a, b) => rank(a) - rank(b)).map((entry) => {
      const manifest = entry.manifest!;
      return infoOf(entry.id, entry.source, entry.name, manifest.modelSpec, manifest.metrics?.test?.accuracy, manifest.provenance.createdAt, manifest.provenance.runId);
    });
  }

  async load(id: string): Promise<LoadedModel> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const loaded = toLoadedModel(id, await this.store.load(id), await this.kernels());
    this.cache.set(id, loaded);
    return loaded;
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    this.cache.delete(id);
  }

  async export(id: string, format: 'native' | 'json'): Promise<{ fileName: string; bytes: Uint8Array }> {
    const bytes = await this.store.readBytes(id);
    const stem = id.slice(id.indexOf(':') + 1);
    if (format === 'native') return { fileName: `${stem}${MODEL_FILE_EXTENSION}`, bytes };
    const json = JSON.stringify(exportModelJson(decodeModelFile(bytes, this.store.pathOf(id))));
    return { fileName: `${stem}.json`, bytes: new TextEncoder().encode(json) };
  }

  /** Adds a finished run's model to the user's library; resolves with its id. */
  async save(stem: string, bytes: Uint8Array): Promise<string> {
    return (await this.store.save(stem, bytes)).id;
  }
}

function infoOf(id: string, source: 'bundled' | 'user', name: string, modelSpec: SavedModel['modelSpec'], testAccuracy?: number, createdAt?: string, runId?: string): ModelInfo {
  return { id, name, source, createdAt, modelSpec, testAccuracy, runId };
}

function toLoadedModel(id: string, saved: SavedModel, kernels: Kernels): LoadedModel {
  const model = Model.build(saved.modelSpec, { kernels, dtype: 'float32' });
  model.loadStateDict(saved.weights);
  const summary = model.summary();
  const inputShape = saved.modelSpec.inputShape;
  const source = id.startsWith('bundled:') ? 'bundled' : 'user';
  const name = saved.modelSpec.name ?? id.slice(id.indexOf(':') + 1);
  return {
    info: infoOf(id, source, name, saved.modelSpec, saved.metrics?.test?.accuracy, saved.provenance.createdAt, saved.provenance.runId),
    summary: summary.layers,
    totalParams: summary.total,
    trainSpec: saved.trainSpec ?? undefined,
    testLoss: saved.metrics?.test?.loss,
    classify(pixels: Float32Array): Float32Array {
      const input = Float32Array.from(pixels);
      if (saved.preprocessing) applyPreprocessing(saved.preprocessing, input);
      return Float32Array.from(model.predict(new Tensor([1, ...inputShape], input)).data);
    },
  };
}
