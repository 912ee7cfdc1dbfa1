/**
 * Model files on disk: the bundled models (resources/models/*.bplab, read-only) and the user's
 * (<dataDir>/models/*.bplab). Ids say which: `bundled:<stem>`, `user:<stem>`. Every file is checked by
 * decoding it before it is written, and written atomically, so the library never holds a half-written
 * or corrupt model of its own making.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { exportModelJson, ModelFileError, readLimits } from '@backprop-lab/core';
import type { Manifest } from '@backprop-lab/core';
import { decodeModelFile, encodeModelFile, MODEL_FILE_EXTENSION, readManifest, type SavedModel } from '@backprop-lab/core';
import { errorBodyOf, HostError, type ErrorBody } from '../../contract/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { makeDirectory } from './write-failure.js';

export type ModelSource = 'bundled' | 'user';

export interface ModelEntry {
  id: string;
  source: ModelSource;
  /** modelSpec.name, or the file's stem. */
  name: string;
  path: string;
  sizeBytes: number;
  /** Null when the file cannot be read; `error` says why. */
  manifest: Manifest | null;
  error?: string;
  /** The same failure as error data (code + params), for the UI. */
  failure?: ErrorBody;
}

const STEM = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class ModelStore {
  constructor(readonly bundledDir: string, readonly userDir: string) {}

  /** Bundled models first, then the user's, each alphabetically. */
  async list(): Promise<ModelEntry[]> {
    const entries: ModelEntry[] = [];
    for (const source of ['bundled', 'user'] as const) {
      const dir = this.dirOf(source);
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(MODEL_FILE_EXTENSION)).sort();
      for (const name of names) {
        const stem = basename(name, MODEL_FILE_EXTENSION);
        if (!STEM.test(stem)) continue;
        entries.push(await this.describe(source, stem));
      }
    }
    return entries;
  }

  async load(id: string): Promise<SavedModel> {
    const path = this.pathOf(id);
    return decodeModelFile(await this.readExisting(id, path), path);
  }

  /** The model and its manifest as its file holds them (the checksums `load` leaves out), from one read. */
  async loadWithManifest(id: string): Promise<{ model: SavedModel; manifest: Manifest }> {
    const path = this.pathOf(id);
    const bytes = await this.readExisting(id, path);
    return { model: decodeModelFile(bytes, path), manifest: readManifest(bytes, path) };
  }

  async readBytes(id: string): Promise<Uint8Array> {
    return this.readExisting(id, this.pathOf(id));
  }

  /**
   * Saves a model into the user's library under `stem` (made unique with -2, -3… unless `overwrite`).
   * Bytes are decoded first, so a corrupt file is refused before anything is written.
   */
  async save(stem: string, model: SavedModel | Uint8Array, options: { overwrite?: boolean } = {}): Promise<ModelEntry> {
    if (!STEM.test(stem)) throw new HostError('library.bad-name', { name: stem });
    const bytes = model instanceof Uint8Array ? model : encodeModelFile(model);
    decodeModelFile(bytes, stem);
    await makeDirectory(this.userDir);
    let unique = stem;
    if (!options.overwrite) {
      for (let n = 2; await exists(join(this.userDir, unique + MODEL_FILE_EXTENSION)); n++) unique = `${stem}-${n}`;
    }
    await writeFileAtomic(join(this.userDir, unique + MODEL_FILE_EXTENSION), bytes);
    return this.describe('user', unique);
  }

  /** Copies a model file from anywhere into the user's library (checked first). */
  async importFile(path: string): Promise<ModelEntry> {
    const bytes = new Uint8Array(await readFile(path));
    decodeModelFile(bytes, path);
    const stem = basename(path, MODEL_FILE_EXTENSION).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '') || 'model';
    return this.save(stem, bytes);
  }

  async delete(id: string): Promise<void> {
    const path = this.pathOf(id);
    if (id.startsWith('bundled:')) throw new HostError('library.bundled', { id });
    await this.readExisting(id, path);
    await rm(path);
  }

  /** Writes the model to `targetPath` as a native file or as the JSON export. */
  async exportTo(id: string, targetPath: string, format: 'native' | 'json' = 'native'): Promise<void> {
    const path = this.pathOf(id);
    const bytes = await this.readExisting(id, path);
    const model = decodeModelFile(bytes, path);
    await writeFileAtomic(targetPath, format === 'native' ? bytes : JSON.stringify(exportModelJson(model)));
  }

  pathOf(id: string): string {
    const match = /^(bundled|user):(.+)$/.exec(id);
    if (!match || !STEM.test(match[2]!)) throw new HostError('library.bad-id', { id });
    return join(this.dirOf(match[1] as ModelSource), match[2]! + MODEL_FILE_EXTENSION);
  }

  private dirOf(source: ModelSource): string {
    return source === 'bundled' ? this.bundledDir : this.userDir;
  }

  private async describe(source: ModelSource, stem: string): Promise<ModelEntry> {
    const path = join(this.dirOf(source), stem + MODEL_FILE_EXTENSION);
    const id = `${source}:${stem}`;
    try {
      const { size } = await stat(path);
      if (size > readLimits.maxModelFileBytes) throw ModelFileError.of('model-file.too-large', { file: path, bytes: size, max: readLimits.maxModelFileBytes });
      const bytes = new Uint8Array(await readFile(path));
      const manifest = readManifest(bytes, path);
      return { id, source, name: manifest.modelSpec.name ?? stem, path, sizeBytes: bytes.length, manifest };
    } catch (error) {
      const sizeBytes = await stat(path).then((s) => s.size).catch(() => 0);
      return { id, source, name: stem, path, sizeBytes, manifest: null, error: (error as Error).message, failure: errorBodyOf(error) };
    }
  }

  private async readExisting(id: string, path: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      throw new HostError('library.not-found', { id }, { cause: error });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
