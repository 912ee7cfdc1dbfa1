/**
 * The handwriting set in and out, in the formats the app already reads: an IDX pair
 * (`handwriting-images-idx3-ubyte` + `handwriting-labels-idx1-ubyte`) or a PNG folder with one subfolder
 * per class (`3/<id>.png`, 28×28, white ink on black as MNIST). On disk an export goes into a new folder
 * that appears whole (written beside it, then renamed); for a download the same files come as one zip.
 * An import reads a path (an IDX images file with its labels beside it, or a PNG folder) or such a zip,
 * and validates every sample before the set changes.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { encode } from 'fast-png';
import { DataError, encodeIdx, parseIdxPair, pngToSample, makeDataset, PIXELS_PER_IMAGE, readLimits, type Dataset } from '@backprop-lab/core';
import { syncDirectory, writeFileAtomic } from '../store/atomic-write.js';
import { datasetSourceAt, readDatasetSource } from './read-source.js';
import type { HandwritingSample } from './handwriting-set.js';

export type HandwritingExportFormat = 'idx' | 'png';

export const IDX_IMAGES_NAME = 'handwriting-images-idx3-ubyte';
export const IDX_LABELS_NAME = 'handwriting-labels-idx1-ubyte';

export interface NamedFile {
  /** Relative path inside the export, '/'-separated. */
  name: string;
  bytes: Uint8Array;
}

export function exportFiles(samples: readonly HandwritingSample[], format: HandwritingExportFormat): NamedFile[] {
  if (format === 'idx') {
    const images = new Float32Array(samples.length * PIXELS_PER_IMAGE);
    samples.forEach((s, i) => s.pixels.forEach((v, j) => (images[i * PIXELS_PER_IMAGE + j] = v / 255)));
    const idx = encodeIdx({ images, labels: Uint8Array.from(samples.map((s) => s.label)), count: samples.length, shape: [1, 28, 28], classes: 10 });
    return [{ name: IDX_IMAGES_NAME, bytes: idx.images }, { name: IDX_LABELS_NAME, bytes: idx.labels }];
  }
  return samples.map((s) => ({ name: `${s.label}/${s.id}.png`, bytes: encode({ width: 28, height: 28, data: s.pixels, channels: 1, depth: 8 }) }));
}

export function zipOf(files: readonly NamedFile[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [f.name, f.bytes])), { level: 6 });
}

/** Writes the files into `folder`, which must not exist yet; it appears complete or not at all. */
export async function writeExportFolder(folder: string, files: readonly NamedFile[]): Promise<void> {
  if (await stat(folder).then(() => true, () => false)) throw DataError.of('source.export-exists', { file: folder });
  const temporary = join(dirname(folder), `.export-${process.pid}-${Date.now()}`);
  try {
    for (const file of files) {
      const path = join(temporary, ...file.name.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, file.bytes);
    }
    await mkdir(temporary, { recursive: true });
    await rename(temporary, folder);
    await syncDirectory(dirname(folder));
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** A path the user gave: an IDX images file (labels beside it) or a PNG folder. */
export async function readImportPath(path: string): Promise<Dataset> {
  const info = await stat(path).catch(() => null);
  if (!info) throw DataError.of('source.no-such-path', { file: path });
  return readDatasetSource(datasetSourceAt(path, info.isDirectory()));
}

/** A zip as `exportFiles` makes it: the IDX pair, or class folders of PNGs. */
export function readImportZip(bytes: Uint8Array, name = 'upload.zip'): Dataset {
  let entries: Record<string, Uint8Array>;
  let entryCount = 0;
  let inflated = 0;
  try {
    // Each entry's inflated size is declared in its header and fflate inflates into a buffer of exactly
    // that size, so the declared sizes are checked before anything is inflated: a zip bomb is refused
    // by the limits gzip files are held to (core/limits.ts).
    entries = unzipSync(bytes, {
      filter: (entry) => {
        entryCount++;
        inflated += entry.originalSize;
        if (entryCount > readLimits.maxImages + 2) throw DataError.of('source.zip-too-many-files', { file: name, max: readLimits.maxImages });
        const over = inflated > readLimits.maxDataFileBytes
          || (inflated > readLimits.gzipRatioFreeBytes && inflated > readLimits.maxGzipRatio * bytes.length);
        if (over) throw DataError.of('source.zip-bomb', { file: name, bytes: inflated, entry: entry.name, entryBytes: entry.originalSize, compressed: bytes.length });
        return true;
      },
    });
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw DataError.of('source.not-zip', { file: name, reason: (error as Error).message });
  }
  const files = Object.entries(entries).filter(([path]) => !path.endsWith('/') && !path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX'));
  const imagesEntry = files.find(([path]) => /images[-.]idx3/.test(path));
  if (imagesEntry) {
    const labelsPath = imagesEntry[0].replace('images', 'labels').replace('idx3', 'idx1');
    const labels = files.find(([path]) => path === labelsPath);
    if (!labels) throw DataError.of('source.zip-no-labels', { file: name, images: imagesEntry[0], labels: labelsPath });
    return parseIdxPair(imagesEntry[1], `${name}/${imagesEntry[0]}`, labels[1], `${name}/${labelsPath}`);
  }
  if (files.length === 0) throw DataError.of('source.zip-empty', { file: name });
  const images = new Float32Array(files.length * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(files.length);
  files.sort((a, b) => a[0].localeCompare(b[0])).forEach(([path, data], i) => {
    const parts = path.split('/');
    const folder = parts[parts.length - 2];
    if (folder === undefined || !/^[0-9]$/.test(folder)) throw DataError.of('source.zip-not-class-folder', { file: name, entry: path });
    if (!/\.png$/i.test(path)) throw DataError.of('source.zip-not-png', { file: name, entry: path });
    images.set(pngToSample(data, `${name}/${path}`), i * PIXELS_PER_IMAGE);
    labels[i] = Number(folder);
  });
  return makeDataset(images, labels, name);
}
