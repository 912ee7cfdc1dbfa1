/**
 * A PNG's chunk structure, checked before any pixel is decoded (PNG specification, 3rd edition, §5,
 * §11): the signature; every chunk's length within the file and its CRC-32 over type ‖ data; IHDR
 * first, 13 bytes, with a colour type and bit depth the specification allows together (table 11.1):
 *
 *   colour type 0 grey        1, 2, 4, 8, 16     colour type 3 indexed      1, 2, 4, 8
 *   colour type 2 RGB         8, 16              colour type 4 grey+alpha   8, 16
 *                                                colour type 6 RGBA         8, 16
 *
 * PLTE present for indexed images (1–2^depth entries) and absent for grey ones, before IDAT; tRNS of
 * the size its colour type needs; IDAT chunks consecutive; IEND last, with nothing after it. Width and
 * height are held to readLimits, and the image data must inflate to exactly the bytes the header
 * implies (streamed, so a zlib bomb stops at that size).
 */
import { Unzlib } from 'fflate';
import { DataError } from '../errors.js';
import type { MessageCode, MessageParams } from '../messages.js';
import { crc32 } from '../io/crc32.js';
import { readLimits } from '../limits.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ALLOWED_DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7: for each pass, the first column and row and the step between them. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
const SLICE_BYTES = 16 * 1024;

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
  /** Palette entries (PLTE length / 3), 0 when there is none. */
  paletteEntries: number;
}

/** Checks the structure of `bytes` and returns its header; throws DataError naming `file` and the fault. */
export function checkPngStructure(bytes: Uint8Array, file: string): PngHeader {
  const fail: Fail = (code, params = {}) => {
    throw DataError.of(code, { file, ...params });
  };
  if (bytes.length > readLimits.maxPngBytes) fail('png.too-large', { bytes: bytes.length, max: readLimits.maxPngBytes });
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) fail('png.no-signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: PngHeader | null = null;
  let seenIdat = false;
  let idatEnded = false;
  let seenTrns = false;
  const idat: Uint8Array[] = [];
  let offset = SIGNATURE.length;
  for (;;) {
    if (offset + 12 > bytes.length) fail('png.truncated', { length: bytes.length, offset });
    const length = view.getUint32(offset, false);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (length > bytes.length - offset - 12) fail('png.chunk-past-end', { chunk: printable(type), offset, length });
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const stored = view.getUint32(offset + 8 + length, false);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) fail('png.chunk-crc', { chunk: printable(type), offset });
    offset += 12 + length;
    if (!header && type !== 'IHDR') fail('png.first-not-ihdr', { chunk: printable(type) });
    if (seenIdat && type !== 'IDAT') idatEnded = true;
    switch (type) {
      case 'IHDR':
        if (header) fail('png.two-ihdr');
        header = readHeader(data, fail);
        break;
      case 'PLTE':
        if (seenIdat || seenTrns) fail('png.late-plte');
        if (header!.paletteEntries > 0) fail('png.two-plte');
        if (header!.colourType === 0 || header!.colourType === 4) fail('png.grey-plte', { colourType: header!.colourType });
        if (length === 0 || length % 3 !== 0 || length / 3 > 256) fail('png.plte-length', { length });
        if (header!.colourType === 3 && length / 3 > 2 ** header!.bitDepth) {
          fail('png.plte-entries', { entries: length / 3, bitDepth: header!.bitDepth, max: 2 ** header!.bitDepth });
        }
        header!.paletteEntries = length / 3;
        break;
      case 'tRNS': {
        if (seenIdat) fail('png.late-trns');
        seenTrns = true;
        const { colourType, paletteEntries } = header!;
        if (colourType === 4 || colourType === 6) fail('png.alpha-trns', { colourType });
        if (colourType === 3 && (paletteEntries === 0 || length > paletteEntries)) fail('png.palette-trns', { length, entries: paletteEntries });
        if (colourType === 0 && length !== 2) fail('png.grey-trns', { length });
        if (colourType === 2 && length !== 6) fail('png.rgb-trns', { length });
        break;
      }
      case 'IDAT':
        if (idatEnded) fail('png.idat-apart');
        if (header!.colourType === 3 && header!.paletteEntries === 0) fail('png.no-plte');
        seenIdat = true;
        idat.push(data);
        break;
      case 'IEND':
        if (!seenIdat) fail('png.no-idat');
        if (offset !== bytes.length) fail('png.after-iend', { extra: bytes.length - offset });
        checkImageData(idat, header!, fail);
        return header!;
      default:
        // Ancillary chunks (lower-case first letter) may be skipped; an unknown critical one may not.
        if (!/^[a-z][A-Za-z]{3}$/.test(type)) fail('png.unknown-critical', { chunk: printable(type) });
    }
  }
}

function readHeader(data: Uint8Array, fail: Fail): PngHeader {
  if (data.length !== 13) fail('png.ihdr-length', { length: data.length });
  const view = new DataView(data.buffer, data.byteOffset, 13);
  const width = view.getUint32(0, false);
  const height = view.getUint32(4, false);
  const [bitDepth, colourType, compression, filter, interlace] = data.subarray(8, 13) as unknown as number[];
  if (width === 0 || height === 0) fail('png.empty', { width, height });
  if (width > readLimits.maxPngSide || height > readLimits.maxPngSide || width * height > readLimits.maxPngPixels) {
    fail('png.too-many-pixels', { width, height, maxSide: readLimits.maxPngSide, maxPixels: readLimits.maxPngPixels });
  }
  const depths = ALLOWED_DEPTHS[colourType!];
  if (!depths) fail('png.colour-type', { colourType: colourType! });
  if (!depths!.includes(bitDepth!)) fail('png.bit-depth', { bitDepth: bitDepth!, colourType: colourType!, allowed: depths!.join(', ') });
  if (compression !== 0 || filter !== 0) fail('png.methods', { compression: compression!, filter: filter! });
  if (interlace !== 0 && interlace !== 1) fail('png.interlace', { interlace: interlace! });
  return { width, height, bitDepth: bitDepth!, colourType: colourType!, interlaced: interlace === 1, paletteEntries: 0 };
}

/** The filtered scanlines' length: per row one filter byte and ⌈width·channels·depth/8⌉ bytes, per Adam7 pass if interlaced. */
export function imageDataLength(header: PngHeader): number {
  const bitsPerPixel = CHANNELS[header.colourType]! * header.bitDepth;
  const passBytes = (width: number, height: number) => (width === 0 || height === 0 ? 0 : height * (1 + Math.ceil((width * bitsPerPixel) / 8)));
  if (!header.interlaced) return passBytes(header.width, header.height);
  return ADAM7.reduce(
    (sum, [x0, y0, dx, dy]) => sum + passBytes(Math.ceil((header.width - x0) / dx), Math.ceil((header.height - y0) / dy)),
    0,
  );
}

function checkImageData(idat: Uint8Array[], header: PngHeader, fail: Fail): void {
  const expected = imageDataLength(header);
  let produced = 0;
  let ended = false;
  const inflater = new Unzlib((chunk, final) => {
    produced += chunk.length;
    if (produced > expected) fail('png.data-too-long', { expected, width: header.width, height: header.height });
    if (final) ended = true;
  });
  try {
    const slices = idat.flatMap((data) => Array.from({ length: Math.ceil(data.length / SLICE_BYTES) }, (_, i) => data.subarray(i * SLICE_BYTES, (i + 1) * SLICE_BYTES)));
    slices.forEach((slice, i) => inflater.push(slice, i === slices.length - 1));
    if (slices.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof DataError) throw error;
    fail('png.data-corrupt', { reason: (error as Error).message });
  }
  if (!ended || produced !== expected) fail('png.data-length', { produced, width: header.width, height: header.height, expected });
}

/** Throws the DataError `code` with `params` and the file. */
type Fail = (code: MessageCode, params?: MessageParams) => never;

function printable(type: string): string {
  return /^[A-Za-z]{4}$/.test(type) ? type : JSON.stringify(type);
}
