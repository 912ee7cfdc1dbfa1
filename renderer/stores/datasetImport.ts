/**
 * Importing a dataset of the user's own from the page (contract/dataset-import.ts): the chosen files go
 * to the engine in chunks of UPLOAD_CHUNK_BYTES, the engine reads and checks them and adds the dataset,
 * and the Train form's dataset list is read again. An import that fails is cancelled, so the engine
 * keeps nothing of it; deleting an imported dataset reads the list again too.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { UPLOAD_CHUNK_BYTES, type DatasetImportKind, type UserDatasetInfo } from '../../contract/index.js';
import { useLab } from '../api';
import { toBase64 } from '../api/base64';
import { messageOf } from './errors';
import { useStartChoicesStore } from './startChoices';

/** One chosen file and its path inside what was chosen ("train.csv", "digits/3/a.png"). */
export interface ChosenFile {
  path: string;
  file: Blob;
}

export const useDatasetImportStore = defineStore('datasetImport', () => {
  const lab = useLab();
  const startChoices = useStartChoicesStore();
  /** True while files are uploading or the engine reads them. */
  const importing = ref(false);
  /** Bytes sent of the import in progress, and of how many. */
  const sent = ref({ bytes: 0, of: 0 });
  /** The dataset the last import added (its counts per class are shown). */
  const imported = ref<UserDatasetInfo | null>(null);
  /** Why the last import or delete failed, in the language shown. */
  const error = ref<string | null>(null);

  async function importFiles(name: string, kind: DatasetImportKind, files: readonly ChosenFile[]): Promise<UserDatasetInfo | null> {
    importing.value = true;
    error.value = null;
    imported.value = null;
    sent.value = { bytes: 0, of: files.reduce((sum, chosen) => sum + chosen.file.size, 0) };
    let uploadId: string | null = null;
    try {
      uploadId = (await lab.datasets.importBegin({ name, kind })).uploadId;
      for (const { path, file } of files) {
        for (let at = 0; at < Math.max(file.size, 1); at += UPLOAD_CHUNK_BYTES) {
          const chunk = new Uint8Array(await file.slice(at, at + UPLOAD_CHUNK_BYTES).arrayBuffer());
          await lab.datasets.importChunk({ uploadId, path, base64: toBase64(chunk) });
          sent.value = { ...sent.value, bytes: sent.value.bytes + chunk.length };
        }
      }
      const info = await lab.datasets.importFinish(uploadId);
      uploadId = null;
      imported.value = info;
      await startChoices.loadDatasets();
      return info;
    } catch (failure) {
      error.value = messageOf(failure);
      // The engine removes the staged files; an upload it no longer knows is already gone.
      if (uploadId !== null) await lab.datasets.importCancel(uploadId).catch(() => undefined);
      return null;
    } finally {
      importing.value = false;
    }
  }

  async function remove(name: string): Promise<void> {
    error.value = null;
    try {
      await lab.datasets.delete(name);
      if (imported.value?.name === name) imported.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
    await startChoices.loadDatasets();
  }

  return { importing, sent, imported, error, importFiles, remove };
});
