/**
 * The engine's answers to contract/dataset-import.ts: uploads staged and imported by main/datasets
 * (one DatasetUploads per engine, so an upload lives as long as the engine that opened it), and the
 * deletion of an imported dataset.
 */
import type { MethodName, MethodParams, MethodResult } from '../../contract/index.js';
import { DatasetUploads } from '../datasets/dataset-upload.js';
import { UserDatasets } from '../datasets/user-datasets.js';

type DatasetImportMethod = 'datasets.importBegin' | 'datasets.importChunk' | 'datasets.importFinish' | 'datasets.importCancel' | 'datasets.delete';
type Handlers = { [M in DatasetImportMethod & MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> };

export function datasetImportHandlers({ dataDir }: { dataDir: string }): Handlers {
  const datasets = new UserDatasets(dataDir);
  const uploads = new DatasetUploads(datasets);
  return {
    'datasets.importBegin': async ({ name, kind }) => ({ uploadId: await uploads.begin(name, kind) }),
    'datasets.importChunk': async ({ uploadId, path, base64 }) => ({ bytes: await uploads.append(uploadId, path, Buffer.from(base64, 'base64')) }),
    'datasets.importFinish': ({ uploadId }) => uploads.finish(uploadId),
    'datasets.importCancel': async ({ uploadId }) => {
      await uploads.cancel(uploadId);
      return {};
    },
    'datasets.delete': async ({ name }) => {
      await datasets.delete(name);
      return {};
    },
  };
}
