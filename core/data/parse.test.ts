import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { encode } from 'fast-png';
import { DataError } from '../errors.js';
import { asReadFromIdx, encodeIdx, idxByte, parseIdxPair, parseIdxImages, parseIdxLabels } from './idx.js';
import { encodeCsv, parseCsvDataset, parseDigitCsv } from './csv.js';
import { pngToSample } from './png.js';
import { makeDataset } from './dataset.js';

/** Hand-built IDX bytes: magic, sizes, then values. */
function idxBytes(magic: number, dims: number[], values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((size, i) => view.setUint32(4 + 4 * i, size, false));
  bytes.set(Array.from(values), 4 + 4 * dims.length);
  return bytes;
}

function twoImages(): Uint8Array {
  const pixels = new Uint8Array(2 * 784);
  pixels[0] = 255; // image 0, top-left
  pixels[784 + 783] = 51; // image 1, bottom-right: 51/255 = 0.2
  return idxBytes(0x00000803, [2, 28, 28], pixels);
}

describe('IDX', () => {
  it('reads an image/label pair, pixels scaled to [0, 1]', () => {
    const data = parseIdxPair(twoImages(), 'images.idx', idxBytes(0x00000801, [2], [7, 3]), 'labels.idx');
    expect(data.count).toBe(2);
    expect(data.shape).toEqual([1, 28, 28]);
    expect([...data.labels]).toEqual([7, 3]);
    expect(data.images[0]).toBe(1);
    expect(data.images[784 + 783]).toBeCloseTo(0.2, 6);
    expect(data.images[1]).toBe(0);
  });

  it('reads gzip-compressed files', () => {
    const data = parseIdxPair(gzipSync(twoImages()), 'i.gz', gzipSync(idxBytes(0x00000801, [2], [1, 2])), 'l.gz');
    expect([...data.labels]).toEqual([1, 2]);
    expect(data.images[0]).toBe(1);
  });

  it('names a bad magic number in hex', () => {
    const labelsAsImages = idxBytes(0x00000801, [2], [1, 2]);
    expect(() => parseIdxImages(labelsAsImages, 'x.idx')).toThrow(DataError);
    expect(() => parseIdxImages(labelsAsImages, 'x.idx')).toThrow('x.idx: bad magic number 0x00000801 (expected 0x00000803 for IDX images)');
  });

  it('names the byte where a truncated file ends and the length expected', () => {
    const truncated = twoImages().subarray(0, 1000);
    expect(() => parseIdxImages(truncated, 't.idx')).toThrow('t.idx: truncated at byte 1000 (expected 1584 bytes for sizes [2, 28, 28])');
    expect(() => parseIdxLabels(new Uint8Array([0, 0, 8]), 'l.idx')).toThrow(/truncated at byte 3/);
  });

  it('reports a count mismatch between images and labels', () => {
    expect(() => parseIdxPair(twoImages(), 'i.idx', idxBytes(0x00000801, [3], [1, 2, 3]), 'l.idx'))
      .toThrow(/count mismatch: 2 images in i\.idx but 3 labels in l\.idx/);
  });

  it('rejects labels outside 0–9 and images not 28×28', () => {
    expect(() => parseIdxLabels(idxBytes(0x00000801, [3], [1, 12, 3]), 'l.idx')).toThrow('l.idx: label 12 of sample 1 out of range 0–9');
    expect(() => parseIdxImages(idxBytes(0x00000803, [1, 2, 2], [0, 0, 0, 0]), 'i.idx')).toThrow(/images are 2×2, expected 28×28/);
  });

  it('rejects corrupt gzip data', () => {
    const gz = gzipSync(twoImages());
    expect(() => parseIdxImages(gz.subarray(0, 40), 'c.gz')).toThrow(/c\.gz: gzip (data is corrupt|trailer does not match the data)/);
  });

  it('stores a pixel as the nearest byte of its value clamped to [0, 1], and reads it back as that byte / 255', () => {
    // 0.5·255 = 127.5 rounds up; 0.2·255 = 51; 0.3·255 = 76.5 → 77; outside [0, 1] clamps.
    expect([0.5, 0.2, 0.3, -0.2, 1.7, 0, 1].map(idxByte)).toEqual([128, 51, 77, 0, 255, 0, 255]);
    const data = makeDataset(Float32Array.from({ length: 2 * 784 }, (_, i) => [0.5, 0.2, 0.3, -0.2, 1.7][i % 5]!), Uint8Array.from([4, 9]), 'x');
    const read = asReadFromIdx(data);
    expect(Array.from(read.images.subarray(0, 5))).toEqual([128, 51, 77, 0, 255].map((b) => Math.fround(b / 255)));
    const encoded = encodeIdx(data);
    expect(parseIdxPair(encoded.images, 'i', encoded.labels, 'l').images).toEqual(read.images);
    expect(read.labels).toEqual(data.labels);
  });

  it('encodes back to the bytes it read', () => {
    const images = twoImages();
    const labels = idxBytes(0x00000801, [2], [7, 3]);
    const encoded = encodeIdx(parseIdxPair(images, 'i', labels, 'l'));
    expect(encoded.images).toEqual(images);
    expect(encoded.labels).toEqual(labels);
  });
});

function csvRow(label: number | null, pixels: number[] = []): string {
  const values = new Array<number>(784).fill(0);
  pixels.forEach((v, i) => (values[i] = v));
  return (label === null ? '' : `${label},`) + values.join(',');
}

describe('CSV (Kaggle digit-recognizer layout)', () => {
  const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');

  it('reads labelled rows with a header, pixels /255', () => {
    const data = parseCsvDataset(`${header}\n${csvRow(5, [255, 51])}\r\n${csvRow(0)}\n`, 'train.csv');
    expect(data.count).toBe(2);
    expect([...data.labels]).toEqual([5, 0]);
    expect(data.images[0]).toBe(1);
    expect(data.images[1]).toBeCloseTo(0.2, 6);
  });

  it('reads labelled rows without a header', () => {
    expect([...parseCsvDataset(`${csvRow(9, [10])}\n${csvRow(4)}`, 'a.csv').labels]).toEqual([9, 4]);
  });

  it('reads the unlabelled test layout', () => {
    const testHeader = header.slice('label,'.length);
    const parsed = parseDigitCsv(`${testHeader}\n${csvRow(null, [255])}\n`, 'test.csv');
    expect(parsed.labels).toBeNull();
    expect(parsed.count).toBe(1);
    expect(parsed.images[0]).toBe(1);
    expect(() => parseCsvDataset(`${testHeader}\n${csvRow(null)}`, 'test.csv')).toThrow(/has no label column/);
  });

  it('names the row with the wrong number of values', () => {
    const short = csvRow(3).split(',').slice(0, 784).join(',');
    expect(() => parseCsvDataset(`${header}\n${csvRow(1)}\n${short}\n`, 'bad.csv')).toThrow('bad.csv: row 3 has 784 values (expected 785: label + 784 pixels)');
    const shorter = csvRow(3).split(',').slice(0, 783).join(',');
    expect(() => parseCsvDataset(`${shorter}\n`, 'b.csv')).toThrow(/row 1 has 783 values/);
  });

  it('rejects labels out of range, non-numbers and pixels over 255', () => {
    expect(() => parseCsvDataset(`${header}\n${csvRow(12)}`, 'l.csv')).toThrow('l.csv: row 2: label 12 out of range 0–9');
    expect(() => parseCsvDataset(csvRow(1).replace(/,0$/, ',x'), 'n.csv')).toThrow(/row 1, column 785: "x" is not a number/);
    expect(() => parseCsvDataset(csvRow(1, [300]), 'p.csv')).toThrow(/pixel 0: value 300 out of range 0–255/);
  });

  it('round-trips through encodeCsv', () => {
    const images = new Float32Array(2 * 784);
    images[5] = 1;
    images[784 + 100] = 128 / 255;
    const data = makeDataset(images, new Uint8Array([2, 8]));
    const back = parseCsvDataset(encodeCsv(data), 'r.csv');
    expect([...back.labels]).toEqual([2, 8]);
    expect(back.images[5]).toBe(1);
    expect(back.images[784 + 100]).toBeCloseTo(128 / 255, 6);
  });

  it('encodeCsv clamps pixels outside [0, 1] to 0 and 255, so what it writes reads back', () => {
    const images = new Float32Array(784);
    images[0] = 1.7;
    images[1] = -0.2;
    images[2] = 0.3; // 76.5 → 77
    const row = encodeCsv(makeDataset(images, new Uint8Array([3]))).split('\n')[1]!.split(',');
    expect(row.slice(0, 4)).toEqual(['3', '255', '0', '77']);
    expect(parseCsvDataset(encodeCsv(makeDataset(images, new Uint8Array([3]))), 'c.csv').images[0]).toBe(1);
  });
});

describe('PNG', () => {
  it('keeps a 28×28 grey image as is, only made ink-high (dark ink on white)', () => {
    const grey = new Uint8Array(784).fill(255);
    grey[3 * 28 + 4] = 0;
    grey[10 * 28 + 10] = 127;
    const sample = pngToSample(encode({ width: 28, height: 28, data: grey, channels: 1, depth: 8 }), 'd.png');
    expect(sample[3 * 28 + 4]).toBe(1);
    expect(sample[10 * 28 + 10]).toBeCloseTo(128 / 255, 6);
    expect(sample[0]).toBe(0);
  });

  it('digitizes a larger RGBA image with a transparent background (16-bit too)', () => {
    for (const depth of [8, 16] as const) {
      const max = depth === 8 ? 255 : 65535;
      const data = depth === 8 ? new Uint8Array(56 * 56 * 4) : new Uint16Array(56 * 56 * 4);
      // A 16×40 black opaque bar; the rest transparent.
      for (let y = 8; y < 48; y++) for (let x = 20; x < 36; x++) data[(y * 56 + x) * 4 + 3] = max;
      const sample = pngToSample(encode({ width: 56, height: 56, data, channels: 4, depth }), 'bar.png');
      let mass = 0;
      let cols = 0;
      for (let x = 0; x < 28; x++) if (sample[14 * 28 + x]! > 0) cols++;
      for (const v of sample) mass += v;
      // 40 → 20 rows, 16 → 8 columns, full ink.
      expect(cols).toBe(8);
      expect(mass).toBeCloseTo(160, 3);
    }
  });

  it('unpacks 1-bit grey images', () => {
    // 1-bit, 8 px wide: one byte per row; white page with a black pixel at (2, 1).
    const rows = new Uint8Array(28 * 4).fill(0xff);
    rows[1 * 4 + 0] = 0b11011111;
    const sample = pngToSample(encode({ width: 28, height: 28, data: rows, channels: 1, depth: 1 }), 'bit.png');
    expect(sample[1 * 28 + 2]).toBe(1);
    expect(sample.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('reads indexed (palette) and grey+alpha images', () => {
    // Palette: index 0 = white, 1 = dark blue; one dark pixel at (5, 6) on a 28×28 page.
    const indices = new Uint8Array(784);
    indices[6 * 28 + 5] = 1;
    const palette = [[255, 255, 255], [0, 0, 80]];
    const fromPalette = pngToSample(encode({ width: 28, height: 28, data: indices, channels: 1, depth: 8, palette }), 'p.png');
    expect(fromPalette[6 * 28 + 5]).toBe(1);
    expect(fromPalette.reduce((a, b) => a + b, 0)).toBe(1);
    // Grey + alpha: white ink (opaque) on a transparent page.
    const greyAlpha = new Uint8Array(784 * 2).fill(255);
    for (let i = 0; i < 784; i++) greyAlpha[2 * i + 1] = 0;
    greyAlpha[2 * (2 * 28 + 3) + 1] = 255;
    const fromGreyAlpha = pngToSample(encode({ width: 28, height: 28, data: greyAlpha, channels: 2, depth: 8 }), 'ga.png');
    expect(fromGreyAlpha[2 * 28 + 3]).toBe(1);
    expect(fromGreyAlpha.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('names the file when the bytes are not a PNG', () => {
    expect(() => pngToSample(new Uint8Array([1, 2, 3, 4]), 'nope.png')).toThrow(/nope\.png: not a readable PNG/);
  });
});
