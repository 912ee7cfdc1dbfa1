/**
 * The user's imported datasets under <dataDir>/datasets/<name>/: `images.idx` and `labels.idx` (IDX,
 * pixels 0–255) and `dataset.json` (name, source, count, samples per class, date). An import reads and
 * validates everything first, writes into a hidden temporary folder beside the target, fsyncs, then
 * renames the folder into place: on any error nothing half-imported is left.
 */
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '@backprop-lab/core';
import { encodeIdx, parseIdxPair } from '@backprop-lab/core';
import { DataError } from '@backprop-lab/core';
import { syncDirectory, writeFileAtomic } from '../store/atomic-write.js';
import { isProcessAlive } from '../store/process-alive.js';
import { readDatasetSource, type DatasetSource } from './read-source.js';
import { userDatasetInfo, type UserDatasetInfo } from '../../contract/index.js';

/** An imported dataset's dataset.json: the contract's record, so the Train form reads it as written. */
export type DatasetInfo = UserDatasetInfo;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TEMPORARY = /^\.import-(\d+)-/;

export class UserDatasets {
  readonly directory: string;

  constructor(dataDir: string) {
    this.directory = join(dataDir, 'datasets');
  }

  /** Refuses a name that is not usable or is already taken, before anything is read. */
  async checkAvailable(name: string): Promise<void> {
    checkName(name);
    if (await exists(join(this.directory, name))) throw DataError.of('dataset.exists', { name });
  }

  /** Imports `source` as `name`; `origin` says where it came from (default: the path read). */
  async import(name: string, source: DatasetSource, origin = source.kind === 'idx' ? source.imagesPath : source.path): Promise<DatasetInfo> {
    await this.checkAvailable(name);
    const target = join(this.directory, name);
    const data = await readDatasetSource(source);
    const info: DatasetInfo = {
      name,
      source: source.kind,
      origin,
      count: data.count,
      classCounts: classCounts(data),
      importedAt: new Date().toISOString(),
    };
    await mkdir(this.directory, { recursive: true });
    const temporary = join(this.directory, `.import-${process.pid}-${Date.now()}-${name}`);
    try {
      await mkdir(temporary);
      const idx = encodeIdx(data);
      await writeFileAtomic(join(temporary, 'images.idx'), idx.images);
      await writeFileAtomic(join(temporary, 'labels.idx'), idx.labels);
      await writeFileAtomic(join(temporary, 'dataset.json'), JSON.stringify(info, null, 2));
      await rename(temporary, target);
      await syncDirectory(this.directory);
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
    return info;
  }

  async list(): Promise<DatasetInfo[]> {
    await this.removeAbandonedImports();
    const names = await readdir(this.directory).catch(() => [] as string[]);
    const infos: DatasetInfo[] = [];
    for (const name of names.filter((n) => NAME.test(n)).sort()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(join(this.directory, name, 'dataset.json'), 'utf8'));
      } catch {
        continue; // Not a dataset folder of ours.
      }
      // A dataset.json edited into something else is left out: the Train form's client checks the list
      // against the contract, and one record it refuses would take the whole list down.
      const checked = userDatasetInfo.safeParse(parsed);
      if (checked.success) infos.push(checked.data);
    }
    return infos;
  }

  async load(name: string): Promise<Dataset> {
    checkName(name);
    const folder = join(this.directory, name);
    const imagesPath = join(folder, 'images.idx');
    const labelsPath = join(folder, 'labels.idx');
    let images: Uint8Array;
    let labels: Uint8Array;
    try {
      [images, labels] = await Promise.all([readFile(imagesPath), readFile(labelsPath)]);
    } catch {
      throw DataError.of('dataset.not-found', { name });
    }
    return parseIdxPair(images, imagesPath, labels, labelsPath);
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    const folder = join(this.directory, name);
    if (!(await exists(join(folder, 'dataset.json')))) throw DataError.of('dataset.not-found', { name });
    // Rename first so a crash mid-delete leaves no half dataset under its name.
    const doomed = join(this.directory, `.delete-${process.pid}-${Date.now()}-${name}`);
    await rename(folder, doomed);
    await rm(doomed, { recursive: true, force: true });
  }

  /** Temporary folders of imports, uploads (dataset-upload.ts) or deletes whose process died. */
  private async removeAbandonedImports(): Promise<void> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    for (const name of names) {
      const match = TEMPORARY.exec(name) ?? /^\.(?:delete|upload)-(\d+)-/.exec(name);
      if (match && !isProcessAlive(Number(match[1]))) await rm(join(this.directory, name), { recursive: true, force: true });
    }
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw DataError.of('dataset.bad-name', { name });
}

function classCounts(data: Dataset): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of data.labels) counts[label]!++;
  return counts;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
