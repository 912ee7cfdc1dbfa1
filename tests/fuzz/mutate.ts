/**
 * Seeded mutation of a file's bytes, the way a fuzzer breaks a well-formed file: flip bits, overwrite
 * bytes with boundary values, write big-endian and little-endian 32-bit extremes (where sizes and
 * counts live in these formats), insert, delete, duplicate or truncate ranges, splice in another
 * seed. The same seed gives the same sequence of inputs on every machine (core's xoshiro128**).
 */
import { Rng } from '@backprop-lab/core';

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x1f, 0x8b, 0x22, 0x5b, 0x7b, 0x2c, 0x0a];
const INTERESTING_WORDS = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 28, 340_000, 2 ** 31 - 1];

export function mutate(seed: Uint8Array, rng: Rng, others: readonly Uint8Array[] = []): Uint8Array {
  let bytes: Uint8Array = seed.slice();
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) bytes = mutateOnce(bytes, rng, others);
  return bytes;
}

function mutateOnce(bytes: Uint8Array, rng: Rng, others: readonly Uint8Array[]): Uint8Array {
  const at = () => (bytes.length === 0 ? 0 : rng.int(bytes.length));
  // Header-heavy: half of the positions fall in the first 64 bytes, where the formats keep their sizes.
  const early = () => (rng.next() < 0.5 ? Math.min(at(), 63) % Math.max(bytes.length, 1) : at());
  switch (rng.int(9)) {
    case 0: {
      const i = early();
      if (bytes.length) bytes[i]! ^= 1 << rng.int(8);
      return bytes;
    }
    case 1: {
      if (bytes.length) bytes[early()] = INTERESTING_BYTES[rng.int(INTERESTING_BYTES.length)]!;
      return bytes;
    }
    case 2: {
      if (bytes.length < 4) return bytes;
      const i = Math.min(early(), bytes.length - 4);
      new DataView(bytes.buffer, bytes.byteOffset).setUint32(i, INTERESTING_WORDS[rng.int(INTERESTING_WORDS.length)]!, rng.next() < 0.5);
      return bytes;
    }
    case 3: {
      const i = at();
      const insert = Uint8Array.from({ length: 1 + rng.int(16) }, () => rng.int(256));
      return concat(bytes.subarray(0, i), insert, bytes.subarray(i));
    }
    case 4: {
      const i = at();
      return concat(bytes.subarray(0, i), bytes.subarray(Math.min(bytes.length, i + 1 + rng.int(32))));
    }
    case 5: {
      const i = at();
      const length = Math.min(bytes.length - i, 1 + rng.int(64));
      return concat(bytes.subarray(0, i + length), bytes.subarray(i, i + length), bytes.subarray(i + length));
    }
    case 6:
      return bytes.subarray(0, at()).slice();
    case 7: {
      const other = others.length ? others[rng.int(others.length)]! : bytes;
      const i = at();
      return concat(bytes.subarray(0, i), other.subarray(other.length ? rng.int(other.length) : 0));
    }
    default: {
      // A run of one byte (zeros inflate well, digits parse as numbers).
      const i = at();
      const fill = INTERESTING_BYTES[rng.int(INTERESTING_BYTES.length)]!;
      return concat(bytes.subarray(0, i), new Uint8Array(1 + rng.int(256)).fill(fill), bytes.subarray(i));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
