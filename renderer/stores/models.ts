/** Bundled and user models: the list, deleting, exporting in every format as a download, importing an upload. */
import { engineNameText } from '../i18n/engineName';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ExportResult, ModelDetail, ModelInfo, SkippedModelFile } from '../../contract/index.js';
import type { ExportFormat } from '@backprop-lab/core';
import { useLab } from '../api';
import { toBase64 } from '../api/base64';
import { messageOf } from './errors';
import { saveDownload } from '../composables/download';

export const useModelsStore = defineStore('models', () => {
  const lab = useLab();

  /** Every model the engine knows, bundled first. */
  const models = ref<ModelInfo[]>([]);
  /** Files in the library folders that could not be read, with why (shown, never silently dropped). */
  const skipped = ref<SkippedModelFile[]>([]);
  /** True while the list loads. */
  const loading = ref(false);
  /** Why the last request failed, if it did. */
  const error = ref<string | null>(null);
  /** Summaries (layers, output shapes, parameter counts) of models opened in the list, by id. */
  const details = ref<Record<string, ModelDetail>>({});
  /** The last export done, to confirm it to the user. */
  const lastExport = ref<ExportResult | null>(null);
  /** The model the last import added, to confirm it to the user. */
  const lastImport = ref<ModelInfo | null>(null);
  /** True while an upload is converted and checked by the engine. */
  const importing = ref(false);

  /** The model a first launch should use: the most accurate bundled one. */
  const defaultModel = computed(() => {
    const bundled = models.value.filter((m) => m.source === 'bundled');
    const pool = bundled.length > 0 ? bundled : models.value;
    return [...pool].sort((a, b) => (b.testAccuracy ?? 0) - (a.testAccuracy ?? 0))[0] ?? null;
  });

  async function refresh() {
    loading.value = true;
    try {
      const [list, unreadable] = await Promise.all([lab.models.list(), lab.models.skipped()]);
      skipped.value = unreadable;
      models.value = [...list].sort((a, b) => Number(a.source === 'user') - Number(b.source === 'user') || a.name.localeCompare(b.name));
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    } finally {
      loading.value = false;
    }
  }

  async function remove(id: string) {
    try {
      await lab.models.delete(id);
      models.value = models.value.filter((m) => m.id !== id);
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  async function loadDetail(id: string) {
    if (details.value[id]) return;
    try {
      details.value = { ...details.value, [id]: await lab.models.get(id) };
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  async function exportModel(id: string, format: ExportFormat) {
    try {
      const result = await lab.models.export({ id, format });
      if (result.base64 !== undefined) saveDownload(result.fileName, result.base64);
      lastExport.value = result;
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  /** Sends a chosen file to the engine, which converts and checks it before adding it to the library. */
  async function importModel(file: File) {
    importing.value = true;
    try {
      const info = await lab.models.import({ fileName: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) });
      lastImport.value = info;
      error.value = null;
      await refresh();
    } catch (failure) {
      error.value = messageOf(failure);
    } finally {
      importing.value = false;
    }
  }

  lab.on('training.done', () => void refresh());
  lab.on('engine.status', (status) => {
    if (status.state === 'ready' && error.value) void refresh();
  });

  /** A model's name in the language shown (i18n/engineName.ts); `stored`, as a record kept it, for one no longer listed. */
  function nameOf(id: string | null | undefined, stored: string): string {
    const model = models.value.find((found) => found.id === id);
    return model ? engineNameText(model) : stored;
  }

  return {
    models, skipped, details, loading, error, lastExport, lastImport, importing, defaultModel, refresh, loadDetail, remove, exportModel, importModel, nameOf,
  };
});
