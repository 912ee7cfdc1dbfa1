/**
 * A dataset of the user's own, imported from the app (the CLI's `dataset import` does the same from a
 * path): the page uploads the chosen files in chunks that fit one WebSocket message, the engine stages
 * them under <dataDir>/datasets/ and, on finish, reads and checks all of it (main/datasets/user-datasets.ts)
 * before anything joins the list; a refused upload leaves nothing. And an imported dataset can be deleted.
 */
import { z } from 'zod';
import { userDatasetInfo } from './start-choices.js';
import { MAX_UPLOAD_BASE64_LENGTH } from './interop.js';

/** What the files are: one Kaggle-layout CSV, an IDX pair (images and labels), or a folder of class folders 0–9 of PNGs. */
export const datasetImportKind = z.enum(['csv', 'idx', 'png-folder']);

/** A file's path inside the upload, as the page names it ("train.csv", "digits/3/a.png"): plain segments only. */
export const uploadPath = z.string().min(1).max(512).refine(
  (path) => path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !segment.includes('\\')),
  'a relative path of plain names',
);

/** Bytes of one upload chunk, base64: at most what one WebSocket message carries beside its envelope. */
export const UPLOAD_CHUNK_BYTES = 2 * 1024 * 1024;

export const datasetImportMethods = {
  /** Opens an upload for a dataset called `name` (checked now: a usable name not yet taken). */
  'datasets.importBegin': {
    params: z.object({ name: z.string().min(1).max(64), kind: datasetImportKind }).strict(),
    result: z.object({ uploadId: z.string() }),
  },
  /** Appends one chunk to one file of the upload. */
  'datasets.importChunk': {
    params: z.object({ uploadId: z.string().min(1), path: uploadPath, base64: z.string().max(MAX_UPLOAD_BASE64_LENGTH) }).strict(),
    result: z.object({ bytes: z.number().int().nonnegative() }),
  },
  /** Reads and checks the uploaded files and adds the dataset; on any error nothing is added and the upload is gone. */
  'datasets.importFinish': {
    params: z.object({ uploadId: z.string().min(1) }).strict(),
    result: userDatasetInfo,
  },
  /** Drops an upload the page gave up on. */
  'datasets.importCancel': {
    params: z.object({ uploadId: z.string().min(1) }).strict(),
    result: z.object({}),
  },
  'datasets.delete': {
    params: z.object({ name: z.string().min(1) }).strict(),
    result: z.object({}),
  },
} as const;

export type DatasetImportKind = z.infer<typeof datasetImportKind>;
