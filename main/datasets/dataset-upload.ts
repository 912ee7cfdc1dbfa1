/**
 * A dataset uploaded from the app, file by file in chunks, into a staging folder beside the imported
 * datasets (<dataDir>/datasets/.upload-<pid>-<n>/, kept under the names the page gave), then imported
 * from there by UserDatasets like a path on the command line. Whatever happens, the staging folder is
 * removed when the upload finishes or is cancelled, and one left by a process that died is removed by
 * UserDatasets' next list.
 */
import { appendFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { DataError, readLimits } from '@backprop-lab/core';
import type { DatasetImportKind, UserDatasetInfo } from '../../contract/index.js';
import { UserDatasets } from './user-datasets.js';
import { idxLabelsPathFor, type DatasetSource } from './read-source.js';

interface Upload {
  name: string;
  kind: DatasetImportKind;
  folder: string;
  bytes: number;
}

let uploadCount = 0;

export class DatasetUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly datasets: UserDatasets) {}

  /** An upload for `name`: refused at once when the name is not usable or is taken. */
  async begin(name: string, kind: DatasetImportKind): Promise<string> {
    await this.datasets.checkAvailable(name);
    const uploadId = `${process.pid}-${++uploadCount}`;
    const folder = join(this.datasets.directory, `.upload-${uploadId}`);
    await mkdir(folder, { recursive: true });
    this.uploads.set(uploadId, { name, kind, folder, bytes: 0 });
    return uploadId;
  }

  /** Appends `bytes` to the upload's file at `path` (a relative path of plain names); the upload's total so far. */
  async append(uploadId: string, path: string, bytes: Uint8Array): Promise<number> {
    const upload = this.open(uploadId);
    if (upload.bytes + bytes.length > readLimits.maxDataFileBytes) {
      await this.cancel(uploadId);
      throw DataError.of('dataset.upload-too-large', { max: readLimits.maxDataFileBytes });
    }
    const file = join(upload.folder, ...path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, bytes);
    upload.bytes += bytes.length;
    return upload.bytes;
  }

  /** Imports what was uploaded; the staging folder is gone afterwards, whether it worked or not. */
  async finish(uploadId: string): Promise<UserDatasetInfo> {
    const upload = this.open(uploadId);
    try {
      const source = await sourceIn(upload);
      const origin = relative(upload.folder, source.kind === 'idx' ? source.imagesPath : source.path).split(sep).join('/') || '.';
      return await this.datasets.import(upload.name, source, origin).catch((error: unknown) => {
        throw withUserPaths(error, upload.folder);
      });
    } finally {
      await this.cancel(uploadId);
    }
  }

  async cancel(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId);
    this.uploads.delete(uploadId);
    if (upload) await rm(upload.folder, { recursive: true, force: true });
  }

  private open(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw DataError.of('dataset.no-upload', { uploadId });
    return upload;
  }
}

/** Every file under `folder`, as paths relative to it with '/' between names. */
async function filesUnder(folder: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(folder, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await filesUnder(folder, path)));
    else found.push(path);
  }
  return found;
}

/** Where the uploaded files are, as UserDatasets reads a path: the one CSV, the IDX images file, or the folder of class folders. */
async function sourceIn(upload: Upload): Promise<DatasetSource> {
  const files = await filesUnder(upload.folder);
  if (files.length === 0) throw DataError.of('dataset.upload-empty', {});
  switch (upload.kind) {
    case 'csv': {
      const csv = files.filter((file) => /\.csv$/i.test(file));
      if (csv.length !== 1) throw DataError.of('dataset.upload-csv-count', { count: csv.length });
      return { kind: 'csv', path: join(upload.folder, csv[0]!) };
    }
    case 'idx': {
      const images = files.filter((file) => idxLabelsPathFor(file) !== null);
      if (images.length !== 1) throw DataError.of('dataset.upload-idx-images', { count: images.length });
      const labels = idxLabelsPathFor(images[0]!)!;
      if (!files.includes(labels)) throw DataError.of('dataset.upload-idx-labels', { images: images[0]!, labels });
      return { kind: 'idx', imagesPath: join(upload.folder, images[0]!), labelsPath: join(upload.folder, labels) };
    }
    case 'png-folder': {
      // A folder chosen in a browser arrives under its own name ("digits/3/a.png"): its classes are one level down.
      const tops = [...new Set(files.map((file) => file.split('/')[0]!))];
      const root = tops.length === 1 && !/^[0-9]$/.test(tops[0]!) && (await stat(join(upload.folder, tops[0]!))).isDirectory()
        ? join(upload.folder, tops[0]!) : upload.folder;
      return { kind: 'png-folder', path: root };
    }
  }
}

/** An error of the import with the staging folder taken out of its paths, so it names the files as the user chose them. */
function withUserPaths(error: unknown, folder: string): unknown {
  if (!(error instanceof DataError)) return error;
  const strip = (text: string) => text.split(`${folder}${sep}`).join('').split(folder).join('.');
  const params = Object.fromEntries(Object.entries(error.params).map(([key, value]) => [key, typeof value === 'string' ? strip(value) : value]));
  return new DataError(strip(error.message), undefined, { code: error.code, params });
}
