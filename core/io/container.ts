/**
 * The binary container shared by model files (`BPLABMDL`) and checkpoints (`BPLABCKP`): a JSON manifest
 * that lists named tensors, then the tensors, then a CRC-32 trailer. Little-endian throughout.
 *
 *   0       8 bytes   magic (ASCII)
 *   8       uint32    format version
 *   12      uint32    manifest length L in bytes
 *   16      L bytes   manifest, UTF-8 JSON, with `tensors` (name, dtype, shape, offset, byteLength) and
 *                     `checksum` (CRC-32 of the tensors' bytes concatenated in list order, no padding)
 *           zeros     up to the next multiple of 16: the data section starts at D = 16·⌈(16 + L)/16⌉
 *   D + o   tensors   each at its offset o (a multiple of 16), float32 or float64, row-major
 *   end − 4 uint32    CRC-32 of every byte before it
 */
import { ModelFileError } from '../errors.js';
import { readLimits } from '../limits.js';
import { shapeSize } from '../tensor.js';
import { crc32, crc32Hex } from './crc32.js';
import { parseBoundedJson } from './json-bounds.js';

export const HEADER_BYTES = 16;
const ALIGN = 16;
/** Tensors of this app are at most 4-D (conv2d weights); 8 leaves room and bounds the shape list. */
const MAX_TENSOR_RANK = 8;

export type StoredDType = 'float32' | 'float64';

export interface TensorEntry {
  name: string;
  dtype: StoredDType;
  shape: number[];
  /** Byte offset from the start of the data section. */
  offset: number;
  byteLength: number;
}

export interface TensorInput {
  name: string;
  dtype: StoredDType;
  shape: readonly number[];
  values: ArrayLike<number>;
}

export interface PackedTensors {
  entries: TensorEntry[];
  payloads: Uint8Array[];
  /** CRC-32 of the payloads in order, 8 hex digits. */
  checksum: string;
}

export function packTensors(inputs: TensorInput[]): PackedTensors {
  const entries: TensorEntry[] = [];
  const payloads: Uint8Array[] = [];
  const names = new Set<string>();
  let offset = 0;
  let checksum = 0;
  for (const { name, dtype, shape, values } of inputs) {
    if (names.has(name)) throw new ModelFileError(`tensor name "${name}" appears twice`);
    names.add(name);
    if (values.length !== shapeSize(shape)) {
      throw new ModelFileError(`tensor "${name}" has ${values.length} values but shape [${shape.join(', ')}] needs ${shapeSize(shape)}`);
    }
    const bytes = encodeFloats(values, dtype);
    entries.push({ name, dtype, shape: [...shape], offset, byteLength: bytes.length });
    payloads.push(bytes);
    checksum = crc32(bytes, checksum);
    offset = alignUp(offset + bytes.length);
  }
  return { entries, payloads, checksum: crc32Hex(checksum) };
}

/** Writes magic, version, the manifest (which must already hold the entries) and the payloads. */
export function encodeContainer(magic: string, version: number, manifest: object, packed: PackedTensors): Uint8Array {
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const dataStart = alignUp(HEADER_BYTES + manifestBytes.length);
  const file = new Uint8Array(dataStart + dataSectionLength(packed.entries) + 4);
  const view = new DataView(file.buffer);
  file.set(new TextEncoder().encode(magic), 0);
  view.setUint32(8, version, true);
  view.setUint32(12, manifestBytes.length, true);
  file.set(manifestBytes, HEADER_BYTES);
  packed.entries.forEach((entry, i) => file.set(packed.payloads[i]!, dataStart + entry.offset));
  view.setUint32(file.length - 4, crc32(file.subarray(0, file.length - 4)), true);
  return file;
}

export interface DecodedContainer {
  version: number;
  manifest: Record<string, unknown>;
  entries: TensorEntry[];
  /** The bytes of one tensor. */
  bytesOf(entry: TensorEntry): Uint8Array;
}

/**
 * Checks magic, version, lengths and the trailer CRC, parses the manifest and its tensor list.
 * `name` (a file path) and `kind` ("Backprop Lab model file") go into every error message.
 */
export function decodeContainer(file: Uint8Array, magic: string, maxVersion: number, name: string, kind: ContainerKind): DecodedContainer {
  const found = new TextDecoder().decode(file.subarray(0, Math.min(8, file.length)));
  if (found !== magic) {
    const start = Array.from(file.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw ModelFileError.of(`model-file.${kind}-wrong-start`, { file: name, start: start || '—', magic });
  }
  if (file.length < HEADER_BYTES + 4) throw ModelFileError.of('model-file.truncated-header', { file: name, length: file.length, needed: HEADER_BYTES + 4 });
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = view.getUint32(8, true);
  if (version > maxVersion) {
    throw ModelFileError.of('model-file.newer-version', { file: name, version, maxVersion });
  }
  const manifestLength = view.getUint32(12, true);
  checkSizes(file.length, manifestLength, name);
  if (HEADER_BYTES + manifestLength + 4 > file.length) {
    throw ModelFileError.of('model-file.truncated-manifest', { file: name, length: file.length, end: HEADER_BYTES + manifestLength });
  }
  const manifest = parseManifestBytes(file.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength), name);
  const entries = checkTensorEntries(manifest.tensors, name);
  const dataStart = alignUp(HEADER_BYTES + manifestLength);
  const expectedLength = dataStart + dataSectionLength(entries) + 4;
  if (file.length < expectedLength) throw ModelFileError.of('model-file.truncated', { file: name, length: file.length, expected: expectedLength });
  if (file.length > expectedLength) {
    throw ModelFileError.of('model-file.trailing-bytes', { file: name, extra: file.length - expectedLength, expected: expectedLength });
  }
  const stored = view.getUint32(file.length - 4, true);
  const actual = crc32(file.subarray(0, file.length - 4));
  if (stored !== actual) {
    throw ModelFileError.of('model-file.checksum', { file: name, stored: crc32Hex(stored), actual: crc32Hex(actual) });
  }
  return {
    version,
    manifest,
    entries,
    bytesOf: (entry) => file.subarray(dataStart + entry.offset, dataStart + entry.offset + entry.byteLength),
  };
}

/** Only the manifest, without reading or checking the tensors (for listings). */
export function peekManifest(file: Uint8Array, magic: string, name: string, kind: ContainerKind): Record<string, unknown> {
  const found = new TextDecoder().decode(file.subarray(0, Math.min(8, file.length)));
  if (found !== magic || file.length < HEADER_BYTES) throw ModelFileError.of(`model-file.${kind}-not-one`, { file: name });
  const manifestLength = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(12, true);
  checkSizes(file.length, manifestLength, name);
  if (HEADER_BYTES + manifestLength > file.length) throw ModelFileError.of('model-file.truncated-manifest', { file: name, length: file.length, end: HEADER_BYTES + manifestLength });
  return parseManifestBytes(file.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength), name);
}

/** Decodes every tensor, checking sizes against shapes and the CRC-32 against `expectedChecksum` (8 hex digits, refused when not text). */
export function decodeTensors(
  entries: TensorEntry[], bytesOf: (entry: TensorEntry) => Uint8Array, expectedChecksum: unknown, where: string,
): Map<string, Float32Array | Float64Array> {
  // Checked before any tensor is decoded: an object here would be quoted as "[object Object]".
  if (typeof expectedChecksum !== 'string') throw ModelFileError.of('model-file.checksum-missing', { file: where });
  const tensors = new Map<string, Float32Array | Float64Array>();
  let checksum = 0;
  for (const entry of entries) {
    if (tensors.has(entry.name)) throw ModelFileError.of('model-file.tensor-twice', { file: where, name: clip(entry.name) });
    const bytes = bytesOf(entry);
    const expected = shapeSize(entry.shape) * (entry.dtype === 'float64' ? 8 : 4);
    if (bytes.length !== expected) {
      throw ModelFileError.of('model-file.tensor-bytes', { file: where, name: clip(entry.name), bytes: bytes.length, shape: entry.shape.join(', '), expected });
    }
    checksum = crc32(bytes, checksum);
    tensors.set(entry.name, decodeFloats(bytes, entry.dtype));
  }
  if (crc32Hex(checksum) !== expectedChecksum) {
    throw ModelFileError.of('model-file.tensor-checksum', { file: where, stored: clip(expectedChecksum), actual: crc32Hex(checksum) });
  }
  return tensors;
}

export function checkTensorEntries(value: unknown, where: string): TensorEntry[] {
  if (!Array.isArray(value)) throw ModelFileError.of('model-file.no-tensor-list', { file: where });
  if (value.length > readLimits.maxTensors) {
    throw ModelFileError.of('model-file.too-many-tensors', { file: where, count: value.length, max: readLimits.maxTensors });
  }
  value.forEach((entry: unknown, i) => {
    const e = entry as Partial<TensorEntry> | null;
    const valid =
      typeof e === 'object' && e !== null && typeof e.name === 'string' && e.name.length <= readLimits.maxStringLength &&
      (e.dtype === 'float32' || e.dtype === 'float64') &&
      Array.isArray(e.shape) && e.shape.length <= MAX_TENSOR_RANK && e.shape.every((d) => Number.isInteger(d) && d >= 0) &&
      Number.isInteger(e.offset) && e.offset! >= 0 && e.offset! % ALIGN === 0 && Number.isInteger(e.byteLength) && e.byteLength! >= 0;
    if (!valid) throw ModelFileError.of('model-file.tensor-malformed', { file: where, index: i });
  });
  return value as TensorEntry[];
}

/** Little-endian bytes of a tensor written as JSON numbers (used by the JSON import). */
export function encodeFloats(values: ArrayLike<number>, dtype: StoredDType): Uint8Array {
  const size = dtype === 'float64' ? 8 : 4;
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'float64') view.setFloat64(i * 8, values[i]!, true);
    else view.setFloat32(i * 4, values[i]!, true);
  }
  return bytes;
}

function decodeFloats(bytes: Uint8Array, dtype: StoredDType): Float32Array | Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'float64') {
    const values = new Float64Array(bytes.length / 8);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
    return values;
  }
  const values = new Float32Array(bytes.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

/** What a container holds: a model file or a checkpoint (its wrong-start message names which). */
export type ContainerKind = 'model' | 'checkpoint';

/** Refuses a file or manifest larger than readLimits before the manifest is decoded. */
function checkSizes(fileLength: number, manifestLength: number, name: string): void {
  if (fileLength > readLimits.maxModelFileBytes) {
    throw ModelFileError.of('model-file.too-large', { file: name, bytes: fileLength, max: readLimits.maxModelFileBytes });
  }
  if (manifestLength > readLimits.maxManifestBytes) {
    throw ModelFileError.of('model-file.manifest-too-large', { file: name, bytes: manifestLength, max: readLimits.maxManifestBytes });
  }
}

function parseManifestBytes(bytes: Uint8Array, name: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ModelFileError.of('model-file.manifest-not-utf8', { file: name });
  }
  const parsed = parseBoundedJson(text, (_reason, refusal) => {
    if (refusal.kind === 'too-long') throw ModelFileError.of('model-file.manifest-too-long', { file: name, chars: refusal.chars, max: refusal.max });
    if (refusal.kind === 'too-deep') throw ModelFileError.of('model-file.manifest-too-deep', { file: name, max: refusal.max });
    throw ModelFileError.of('model-file.manifest-not-json', { file: name });
  });
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw ModelFileError.of('model-file.manifest-not-object', { file: name });
  }
  return parsed as Record<string, unknown>;
}

function dataSectionLength(entries: TensorEntry[]): number {
  return entries.reduce((end, entry) => Math.max(end, alignUp(entry.offset + entry.byteLength)), 0);
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** A name quoted in a message, cut short: a file may hold megabytes where a name belongs. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
