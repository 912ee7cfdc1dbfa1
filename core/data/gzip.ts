/**
 * gzip (RFC 1952) inflated into a buffer sized from the inflated data's own validated header, never
 * from the ISIZE trailer (which anyone can set to 4 GiB). The compressed bytes are fed to fflate's
 * streaming inflater 16 KiB at a time, so at most one slice's output (≈ 16 MiB at deflate's 1032:1
 * ceiling) exists before the header has been checked; once the caller's header check has given the
 * exact length, anything beyond it is refused at once. Then the trailer is checked:
 *
 *   last 8 bytes = CRC-32 of the inflated data (little-endian) ‖ ISIZE = its length mod 2^32
 *
 * One member only: a second member (or bytes after the first that are not one) is refused, as the
 * trailer would then not describe the data.
 */
import { Gunzip } from 'fflate';
import { DataError } from '../errors.js';
import { crc32, crc32Hex } from '../io/crc32.js';
import { readLimits } from '../limits.js';

const SLICE_BYTES = 16 * 1024;
/** Header (10) + an empty deflate block (2) + trailer (8), the shortest gzip file there is. */
const MIN_GZIP_BYTES = 20;
/** The inflated prefix a header check may ask for before it must decide. */
const MAX_HEADER_BYTES = 4096;

/** True for bytes that start with the gzip signature 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates `bytes`. `lengthFromHeader(prefix)` sees the inflated data so far and returns its exact
 * total length once the prefix holds enough of a header to tell (undefined: more is needed); it throws
 * the caller's DataError for a header it refuses.
 */
export function gunzipExact(bytes: Uint8Array, file: string, lengthFromHeader: (prefix: Uint8Array) => number | undefined): Uint8Array {
  if (bytes.length < MIN_GZIP_BYTES) throw DataError.of('gzip.truncated', { file, length: bytes.length, min: MIN_GZIP_BYTES });
  let prefix: Uint8Array = new Uint8Array(0);
  let out: Uint8Array | null = null;
  let produced = 0;
  const take = (chunk: Uint8Array) => {
    if (out) {
      if (produced + chunk.length > out.length) {
        throw DataError.of('gzip.past-header', { file, expected: out.length });
      }
      out.set(chunk, produced);
      produced += chunk.length;
      return;
    }
    prefix = concat(prefix, chunk.subarray(0, MAX_HEADER_BYTES));
    const length = lengthFromHeader(prefix);
    if (length === undefined) {
      if (prefix.length >= MAX_HEADER_BYTES) throw DataError.of('gzip.no-header', { file, max: MAX_HEADER_BYTES });
      return;
    }
    checkInflatedLength(length, bytes.length, file);
    out = new Uint8Array(length);
    const held = prefix.subarray(0, Math.min(prefix.length, length));
    out.set(held);
    produced = held.length;
    if (prefix.length > length) throw DataError.of('gzip.past-header', { file, expected: length });
    const rest = chunk.subarray(Math.min(chunk.length, MAX_HEADER_BYTES));
    if (rest.length > 0) take(rest);
  };
  const gunzip = new Gunzip((chunk) => take(chunk));
  gunzip.onmember = () => {
    throw DataError.of('gzip.two-members', { file });
  };
  try {
    for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
      gunzip.push(bytes.subarray(offset, offset + SLICE_BYTES), offset + SLICE_BYTES >= bytes.length);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw DataError.of('gzip.corrupt', { file, reason: (error as Error).message });
  }
  const data = out as Uint8Array | null;
  if (!data) throw DataError.of('gzip.too-short-for-header', { file, length: prefix.length });
  if (produced < data.length) {
    throw DataError.of('gzip.short', { file, produced, expected: data.length });
  }
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  const storedCrc = trailer.getUint32(0, true);
  const storedSize = trailer.getUint32(4, true);
  const actualCrc = crc32(data);
  if (storedCrc !== actualCrc || storedSize !== data.length % 2 ** 32) {
    throw DataError.of('gzip.trailer', { file, storedCrc: crc32Hex(storedCrc), storedSize, actualCrc: crc32Hex(actualCrc), actualSize: data.length });
  }
  return data;
}

function checkInflatedLength(length: number, compressedBytes: number, file: string): void {
  if (length > readLimits.maxDataFileBytes) {
    throw DataError.of('gzip.too-large', { file, bytes: length, max: readLimits.maxDataFileBytes });
  }
  if (length > readLimits.gzipRatioFreeBytes && length > compressedBytes * readLimits.maxGzipRatio) {
    throw DataError.of('gzip.bomb', { file, bytes: length, compressed: compressedBytes, ratio: readLimits.maxGzipRatio });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
