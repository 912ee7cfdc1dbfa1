/**
 * Reads a dataset from the user's files into memory, validating all of it: an IDX pair (plain or
 * gzip), a CSV in the Kaggle digit-recognizer layout, or a folder of PNG images with one subfolder per
 * class (`0` … `9`), each image brought to 28×28 by the MNIST recipe. Errors name the file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseCsvDataset } from '@backprop-lab/core';
import { makeDataset, PIXELS_PER_IMAGE, type Dataset } from '@backprop-lab/core';
import { parseIdxPair } from '@backprop-lab/core';
import { pngToSample } from '@backprop-lab/core';
import { DataError } from '@backprop-lab/core';

export type DatasetSource =
  | { kind: 'idx'; imagesPath: string; labelsPath: string }
  | { kind: 'csv'; path: string }
  | { kind: 'png-folder'; path: string };

/** What a user's path holds: a folder is a PNG folder, a .csv a Kaggle CSV, else an IDX images file. */
export function datasetSourceAt(path: string, isFolder: boolean): DatasetSource {
  if (isFolder) return { kind: 'png-folder', path };
  if (/\.csv$/i.test(path)) return { kind: 'csv', path };
  const labelsPath = idxLabelsPathFor(path);
  if (!labelsPath) throw DataError.of('source.unknown-kind', { file: path });
  return { kind: 'idx', imagesPath: path, labelsPath };
}

/** "t10k-images-idx3-ubyte(.gz)" → "t10k-labels-idx1-ubyte(.gz)" in the same folder. */
export function idxLabelsPathFor(imagesPath: string): string | null {
  const name = basename(imagesPath);
  if (!/images[-.]idx3/.test(name)) return null;
  return join(dirname(imagesPath), name.replace('images', 'labels').replace('idx3', 'idx1'));
}

export async function readDatasetSource(source: DatasetSource): Promise<Dataset> {
  switch (source.kind) {
    case 'idx': {
      const [images, labels] = await Promise.all([readBytes(source.imagesPath), readBytes(source.labelsPath)]);
      return parseIdxPair(images, source.imagesPath, labels, source.labelsPath);
    }
    case 'csv':
      return parseCsvDataset(await readBytes(source.path), source.path);
    case 'png-folder':
      return readPngFolder(source.path);
  }
}

async function readPngFolder(root: string): Promise<Dataset> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw DataError.of('source.no-such-folder', { file: root });
  });
  const samples: { pixels: Float32Array; label: number }[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(root, entry.name);
    if (!entry.isDirectory()) throw DataError.of('source.stray-file', { file: root, name: entry.name });
    if (!/^[0-9]$/.test(entry.name)) throw DataError.of('source.not-class-folder', { file: path, name: entry.name });
    const label = Number(entry.name);
    for (const name of (await readdir(path)).sort()) {
      if (name.startsWith('.')) continue;
      const file = join(path, name);
      if (!(await stat(file)).isFile()) throw DataError.of('source.nested-folder', { file });
      if (!/\.png$/i.test(name)) throw DataError.of('source.not-png-file', { file });
      samples.push({ pixels: pngToSample(await readBytes(file), file), label });
    }
  }
  if (samples.length === 0) throw DataError.of('source.no-images', { file: root });
  const images = new Float32Array(samples.length * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(samples.length);
  samples.forEach((sample, i) => {
    images.set(sample.pixels, i * PIXELS_PER_IMAGE);
    labels[i] = sample.label;
  });
  return makeDataset(images, labels, root);
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' ? DataError.of('source.no-such-file', { file: path }) : DataError.of('source.unreadable', { file: path, reason: code ?? (error as Error).message });
  }
}
