/**
 * The user's own handwriting, collected on the drawing pad: <dataDir>/datasets/handwriting/, a dataset
 * like any imported one (images.idx, labels.idx, dataset.json, so training, `eval --data` and the
 * dataset list read it as they read the others) plus `samples.json`, the set's source of truth: every
 * sample's id, label, 28×28 pixels and the strokes it was drawn with (so it can be re-rasterised if the
 * recipe changes; null for imported images).
 *
 * Every change rewrites samples.json atomically (temporary file, fsync, rename), then the IDX pair and
 * dataset.json, which carry the revision they were made from; on open, a pair older than samples.json
 * (a crash between the writes) is made again. Changes run one at a time, in order.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, encodeIdx, idxByte, makeDataset, PIXELS_PER_IMAGE, type Dataset, type Stroke } from '@backprop-lab/core';
import { writeFileAtomic } from '../store/atomic-write.js';
import { handwritingSample } from '../../contract/index.js';

export const HANDWRITING_SET_NAME = 'handwriting';

export interface HandwritingSample {
  id: string;
  label: number;
  /** 784 bytes, ink 255 on 0, row-major. */
  pixels: Uint8Array;
  /** Pen strokes in pad units, as drawn; null for an imported image. */
  strokes: Stroke[] | null;
  createdAt: string;
}

interface StoredSample {
  id: string;
  label: number;
  /** base64 of the 784 pixel bytes. */
  pixels: string;
  strokes: Stroke[] | null;
  createdAt: string;
}

interface SamplesFile {
  version: 1;
  revision: number;
  samples: StoredSample[];
}

export class HandwritingSet {
  readonly directory: string;
  private samples: HandwritingSample[] | null = null;
  private revision = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  constructor(dataDir: string) {
    this.directory = join(dataDir, 'datasets', HANDWRITING_SET_NAME);
  }

  get samplesPath(): string {
    return join(this.directory, 'samples.json');
  }

  /** Every sample, oldest first. */
  list(): Promise<HandwritingSample[]> {
    return this.serial(async () => [...(await this.open())]);
  }

  /** The samples as a Dataset (pixels in [0, 1]), with their ids in the same order. */
  async dataset(): Promise<{ data: Dataset; ids: string[] }> {
    const samples = await this.list();
    const images = new Float32Array(samples.length * PIXELS_PER_IMAGE);
    samples.forEach((sample, i) => {
      for (let j = 0; j < PIXELS_PER_IMAGE; j++) images[i * PIXELS_PER_IMAGE + j] = sample.pixels[j]! / 255;
    });
    return { data: makeDataset(images, Uint8Array.from(samples.map((s) => s.label)), this.samplesPath), ids: samples.map((s) => s.id) };
  }

  add(entry: { label: number; pixels: ArrayLike<number>; strokes: Stroke[] | null }): Promise<HandwritingSample> {
    return this.addMany([entry]).then((added) => added[0]!);
  }

  /** Adds all or nothing: every entry is checked before anything is written. */
  addMany(entries: { label: number; pixels: ArrayLike<number>; strokes: Stroke[] | null }[]): Promise<HandwritingSample[]> {
    return this.serial(async () => {
      const samples = await this.open();
      const createdAt = new Date().toISOString();
      const added = entries.map((entry, i) => {
        checkLabel(entry.label);
        if (entry.pixels.length !== PIXELS_PER_IMAGE) throw DataError.of('handwriting.pixel-count', { sample: i, pixels: entry.pixels.length, needed: PIXELS_PER_IMAGE });
        return { id: this.newId(), label: entry.label, pixels: toBytes(entry.pixels), strokes: entry.strokes, createdAt };
      });
      await this.save([...samples, ...added]);
      return added;
    });
  }

  relabel(id: string, label: number): Promise<HandwritingSample> {
    return this.serial(async () => {
      checkLabel(label);
      const samples = await this.open();
      const index = indexOf(samples, id);
      const changed = { ...samples[index]!, label };
      await this.save(samples.map((s, i) => (i === index ? changed : s)));
      return changed;
    });
  }

  /** Removes a sample and returns it whole, so it can be restored (undo). */
  delete(id: string): Promise<HandwritingSample> {
    return this.serial(async () => {
      const samples = await this.open();
      const index = indexOf(samples, id);
      const removed = samples[index]!;
      await this.save(samples.filter((_, i) => i !== index));
      return removed;
    });
  }

  /** Puts a deleted sample back, in its place by creation time (undo of delete). */
  restore(sample: HandwritingSample): Promise<HandwritingSample> {
    return this.serial(async () => {
      checkLabel(sample.label);
      const samples = await this.open();
      if (samples.some((s) => s.id === sample.id)) throw DataError.of('handwriting.duplicate-id', { id: sample.id });
      if (sample.pixels.length !== PIXELS_PER_IMAGE) throw DataError.of('handwriting.id-pixel-count', { id: sample.id, pixels: sample.pixels.length, needed: PIXELS_PER_IMAGE });
      const next = [...samples, sample].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      await this.save(next);
      return sample;
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private newId(): string {
    return `${Date.now().toString(36)}-${process.pid.toString(36)}-${(this.nextId++).toString(36)}`;
  }

  private async open(): Promise<HandwritingSample[]> {
    if (this.samples) return this.samples;
    let text: string | null = null;
    try {
      text = await readFile(this.samplesPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw DataError.of('handwriting.file-unreadable', { file: this.samplesPath, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    }
    if (text === null) {
      this.samples = [];
      return this.samples;
    }
    const file = parseSamplesFile(text, this.samplesPath);
    this.samples = file.samples.map((s) => ({ ...s, pixels: Uint8Array.from(Buffer.from(s.pixels, 'base64')) }));
    this.revision = file.revision;
    if ((await this.derivedRevision()) !== this.revision) await this.writeDerived(this.samples);
    return this.samples;
  }

  private async save(samples: HandwritingSample[]): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const revision = this.revision + 1;
    const file: SamplesFile = {
      version: 1,
      revision,
      samples: samples.map((s) => ({ id: s.id, label: s.label, pixels: Buffer.from(s.pixels).toString('base64'), strokes: s.strokes, createdAt: s.createdAt })),
    };
    await writeFileAtomic(this.samplesPath, JSON.stringify(file));
    this.samples = samples;
    this.revision = revision;
    await this.writeDerived(samples);
  }

  /** The IDX pair and dataset.json that make the set readable as any dataset. */
  private async writeDerived(samples: HandwritingSample[]): Promise<void> {
    const images = new Float32Array(samples.length * PIXELS_PER_IMAGE);
    samples.forEach((s, i) => s.pixels.forEach((v, j) => (images[i * PIXELS_PER_IMAGE + j] = v / 255)));
    const idx = encodeIdx({ images, labels: Uint8Array.from(samples.map((s) => s.label)), count: samples.length, shape: [1, 28, 28], classes: 10 });
    await writeFileAtomic(join(this.directory, 'images.idx'), idx.images);
    await writeFileAtomic(join(this.directory, 'labels.idx'), idx.labels);
    const classCounts = new Array<number>(10).fill(0);
    for (const s of samples) classCounts[s.label]!++;
    const info = {
      name: HANDWRITING_SET_NAME, source: 'handwriting', origin: 'drawing pad', count: samples.length, classCounts,
      importedAt: samples[0]?.createdAt ?? new Date().toISOString(), revision: this.revision,
    };
    await writeFileAtomic(join(this.directory, 'dataset.json'), JSON.stringify(info, null, 2));
  }

  private async derivedRevision(): Promise<number | null> {
    try {
      const info = JSON.parse(await readFile(join(this.directory, 'dataset.json'), 'utf8')) as { revision?: unknown };
      return typeof info.revision === 'number' ? info.revision : null;
    } catch {
      return null;
    }
  }
}

function checkLabel(label: number): void {
  if (!Number.isInteger(label) || label < 0 || label > 9) throw DataError.of('handwriting.label', { label: String(label).slice(0, 40) });
}

function indexOf(samples: HandwritingSample[], id: string): number {
  const index = samples.findIndex((s) => s.id === id);
  if (index < 0) throw DataError.of('handwriting.no-sample', { id: id.slice(0, 80) });
  return index;
}

/** A sample's pixels as the bytes its IDX file will hold (core's one rounding, `idxByte`). */
function toBytes(pixels: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(PIXELS_PER_IMAGE);
  for (let j = 0; j < PIXELS_PER_IMAGE; j++) bytes[j] = idxByte(pixels[j]!);
  return bytes;
}

function parseSamplesFile(text: string, path: string): SamplesFile {
  let file: SamplesFile;
  try {
    file = JSON.parse(text) as SamplesFile;
  } catch {
    throw DataError.of('handwriting.file-not-json', { file: path });
  }
  if (file?.version !== 1 || !Array.isArray(file.samples) || typeof file.revision !== 'number') {
    throw DataError.of('handwriting.file-not-set', { file: path });
  }
  file.samples.forEach((s, i) => {
    // The contract's record of a sample is what the file stores: a sample it refuses would reach the
    // Draw view's gallery and be refused there, taking the whole list with it.
    const checked = handwritingSample.safeParse(s);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw DataError.of('handwriting.sample-malformed', { file: path, sample: i, field: issue.path.join('.').slice(0, 80) || '—' });
    }
    if (Buffer.from(s.pixels, 'base64').length !== PIXELS_PER_IMAGE) throw DataError.of('handwriting.sample-pixels', { file: path, sample: i, id: s.id.slice(0, 80) });
  });
  return file;
}
