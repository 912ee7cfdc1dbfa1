/**
 * Data files built to break the readers (issue: "every file we read is bounded and validated"): each
 * case is a well-formed file with one thing broken, and each must end in a DataError that names the
 * file and the fault, before anything large is allocated.
 */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { DataError } from '../errors.js';
import { readLimits } from '../limits.js';
import { idat, idxBytes, ihdr, pngChunk, pngFile } from '../testing/file-builders.js';
import { codeFault } from '../../tests/fuzz/fuzz.testing.js';
import { parseIdxImages, parseIdxLabels, parseIdxPair } from './idx.js';
import { parseDigitCsv } from './csv.js';
import { pngToSample, decodePngToRgba } from './png.js';

const IMAGES = 0x00000803;
const LABELS = 0x00000801;

function expectDataError(read: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DataError);
  expect((thrown as Error).message).toMatch(message);
  // Worded by the app from its code and params, not from the English text.
  expect(codeFault(thrown), (thrown as Error).message).toBeNull();
}

describe('gzip IDX', () => {
  const labels = idxBytes(LABELS, [3], [1, 2, 3]);

  it('refuses a trailer whose ISIZE claims 4 GiB instead of sizing a buffer from it', () => {
    const gz = gzipSync(labels);
    new DataView(gz.buffer).setUint32(gz.length - 4, 0xffffffff, true);
    expectDataError(() => parseIdxLabels(gz, 'l.gz'), /^l\.gz: gzip trailer does not match the data \(CRC-32 [0-9a-f]{8} and size 4294967295 stored/);
  });

  it('checks the CRC-32 in the trailer', () => {
    const gz = gzipSync(labels);
    gz[gz.length - 8]! ^= 0x01;
    expectDataError(() => parseIdxLabels(gz, 'l.gz'), /l\.gz: gzip trailer does not match the data/);
  });

  it('refuses bytes after the end: a few, many, or a second member', () => {
    const gz = gzipSync(labels);
    const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
    expectDataError(() => parseIdxLabels(join(gz, Uint8Array.of(0, 0)), 'a.gz'), /a\.gz: gzip trailer does not match/);
    expectDataError(() => parseIdxLabels(join(gz, new TextEncoder().encode('trailing garbage')), 'b.gz'), /b\.gz: gzip data is corrupt/);
    expectDataError(() => parseIdxLabels(join(gz, gzipSync(labels)), 'c.gz'), /c\.gz: holds more than one gzip member/);
  });

  it('sizes its buffer from the validated IDX header and refuses data beyond it', () => {
    const tooMuch = gzipSync(Uint8Array.from([...idxBytes(LABELS, [3], [1, 2, 3]), 4, 5]));
    expectDataError(() => parseIdxLabels(tooMuch, 'l.gz'), /l\.gz: gzip data inflates to more than the 11 bytes its header announces/);
    const tooLittle = gzipSync(idxBytes(LABELS, [3], [1, 2]));
    expectDataError(() => parseIdxLabels(tooLittle, 'l.gz'), /l\.gz: gzip data inflates to 10 bytes but its header announces 11/);
  });

  it('refuses 340,000 images from the header alone, before inflating them', () => {
    // Only the 16-byte header and one image are in the file: the count is refused as soon as it is read.
    const gz = gzipSync(idxBytes(IMAGES, [340_000, 28, 28], new Uint8Array(784)));
    expectDataError(() => parseIdxImages(gz, 'bomb.gz'), /bomb\.gz: holds 340000 images, more than the 240000 this app reads/);
  });

  it('refuses a header that would inflate a tiny file more than 64-fold past 8 MiB (a decompression bomb)', () => {
    const gz = gzipSync(idxBytes(IMAGES, [200_000, 28, 28], new Uint8Array(784)));
    expect(200_000 * 784 + 16).toBeGreaterThan(readLimits.gzipRatioFreeBytes);
    expectDataError(() => parseIdxImages(gz, 'bomb.gz'), /bomb\.gz: header announces 156800016 bytes from \d+ compressed, more than 64× \(a decompression bomb\)/);
  });

  it('still reads a real gzip pair', () => {
    const pixels = new Uint8Array(2 * 784).fill(51);
    const data = parseIdxPair(gzipSync(idxBytes(IMAGES, [2, 28, 28], pixels)), 'i.gz', gzipSync(idxBytes(LABELS, [2], [7, 3])), 'l.gz');
    expect([...data.labels]).toEqual([7, 3]);
    expect(data.images[1567]).toBeCloseTo(0.2, 6);
  });
});

describe('plain IDX', () => {
  it('refuses a count above the limit before allocating the images', () => {
    expectDataError(() => parseIdxImages(idxBytes(IMAGES, [4_000_000_000, 28, 28]), 'i.idx'), /i\.idx: holds 4000000000 images, more than the 240000/);
  });
});

describe('CSV', () => {
  const row = (label: number, pixel: string) => [String(label), pixel, ...Array<string>(783).fill('0')].join(',');

  it('reads decimal numbers only: 0x1f is not 31', () => {
    expectDataError(() => parseDigitCsv(row(1, '0x1f'), 'hex.csv'), /hex\.csv: row 1, column 2: "0x1f" is not a number/);
    expectDataError(() => parseDigitCsv(row(1, '0b11'), 'bin.csv'), /bin\.csv: row 1, column 2: "0b11" is not a number/);
    expect(parseDigitCsv(row(1, '1.5e1'), 'ok.csv').images[0]).toBeCloseTo(15 / 255, 6);
  });

  it('checks every row before allocating count × 784 values (11 MB of one-value rows)', () => {
    const text = `${row(1, '0')}\n${'1\n'.repeat(200_000)}`;
    expect(text.length).toBeGreaterThan(400_000);
    expectDataError(() => parseDigitCsv(text, 'short.csv'), /short\.csv: row 2 has 1 values \(expected 785/);
    const many = '1\n'.repeat(5_500_000);
    expectDataError(() => parseDigitCsv(many, 'many.csv'), /many\.csv: holds more than 240001 lines: a header and the 240000 images this app reads/);
  });

  it('quotes a huge bad field cut short', () => {
    const error = (() => {
      try {
        parseDigitCsv(row(1, 'x'.repeat(100_000)), 'long.csv');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect(error!.message.length).toBeLessThan(200);
  });
});

describe('PNG', () => {
  const grey28 = () => [ihdr(28, 28, 8, 0), idat(28, 28)];

  it('reads a hand-built grey PNG (the builder is right)', () => {
    expect(pngToSample(pngFile(...grey28()), 'ok.png')).toHaveLength(784);
  });

  it('checks chunk CRCs: a changed IHDR height is refused', () => {
    const file = pngFile(...grey28());
    new DataView(file.buffer).setUint32(8 + 8 + 4, 29, false); // IHDR height, CRC left as it was
    expectDataError(() => pngToSample(file, 'h.png'), /h\.png: not a readable PNG \(chunk IHDR at byte 8 fails its CRC\)/);
  });

  it('refuses colour type / bit depth pairs the specification forbids', () => {
    for (const [depth, type] of [[4, 2], [16, 3], [1, 6], [2, 4], [3, 0], [8, 5]] as const) {
      expectDataError(() => pngToSample(pngFile(ihdr(28, 28, depth, type), idat(28, 28)), 'p.png'), /p\.png: not a readable PNG \((bit depth \d+ is not allowed with colour type \d|colour type 5 does not exist)/);
    }
  });

  it('refuses an indexed image without PLTE instead of reading it as grey', () => {
    expectDataError(() => pngToSample(pngFile(ihdr(28, 28, 8, 3), idat(28, 28)), 'i.png'), /i\.png: not a readable PNG \(an indexed image \(colour type 3\) without a PLTE chunk\)/);
  });

  it('reports palette errors as DataError: an index past the palette, tRNS before PLTE, a PLTE too long', () => {
    const palette = pngChunk('PLTE', [0, 0, 0, 255, 255, 255]);
    const file = pngFile(ihdr(28, 28, 8, 3), palette, idat(28, 28, () => 5));
    expectDataError(() => decodePngToRgba(file, 'idx.png'), /idx\.png: pixel \(0, 0\) uses palette entry 5, but the palette has 2/);
    const early = pngFile(ihdr(28, 28, 8, 3), pngChunk('tRNS', [0]), palette, idat(28, 28));
    expectDataError(() => decodePngToRgba(early, 't.png'), /t\.png: not a readable PNG \(tRNS of 1 entries for a palette of 0\)/);
    const long = pngFile(ihdr(28, 28, 1, 3), pngChunk('PLTE', new Uint8Array(9)), idat(28, 4));
    expectDataError(() => decodePngToRgba(long, 'l.png'), /l\.png: not a readable PNG \(3 palette entries for bit depth 1 \(at most 2\)\)/);
  });

  it('refuses a 30000×30000 header in an 8 KB file before allocating its pixels', () => {
    const file = pngFile(ihdr(30_000, 30_000, 8, 0), pngChunk('IDAT', new Uint8Array(8000)));
    expectDataError(() => pngToSample(file, 'big.png'), /big\.png: not a readable PNG \(image is 30000×30000, more than the 8192 px a side/);
  });

  it('refuses image data that inflates past what the header implies, and data after IEND', () => {
    const bomb = pngFile(ihdr(28, 28, 8, 0), idat(2000, 28));
    expectDataError(() => pngToSample(bomb, 'z.png'), /z\.png: not a readable PNG \(image data inflates to more than the 812 bytes a 28×28 image needs\)/);
    const trailing = Uint8Array.from([...pngFile(...grey28()), 1, 2, 3]);
    expectDataError(() => pngToSample(trailing, 'e.png'), /e\.png: not a readable PNG \(3 bytes after IEND\)/);
  });
});
