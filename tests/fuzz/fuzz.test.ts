/**
 * The fuzz runner itself: it must see each kind of failure it exists to find, or every *.fuzz.test.ts
 * passing would mean nothing. Readers with one known fault each, against the same seeded runner.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '@backprop-lab/core';
import { failuresOf, fuzz as fuzzAtLength, type FuzzReader } from './fuzz.testing.js';

/** 60 inputs whatever FUZZ_COUNT says: these readers are known, only the runner is under test. */
const fuzz = (target: FuzzReader) => fuzzAtLength(target, { count: 60 });

const seed = new Uint8Array(64).map((_, i) => i);
const isDataError = (error: unknown) => error instanceof DataError;
const reader = (read: FuzzReader['read'], extra: Partial<FuzzReader> = {}): FuzzReader => ({ name: 'self-test', seeds: [seed], read, isOwnError: isDataError, ...extra });

/** Refuses anything but the seed, in the project's words: the reader every check passes. */
function strict(bytes: Uint8Array): void {
  if (bytes.length !== seed.length || bytes.some((b, i) => b !== seed[i])) throw new DataError('differs from the seed', 'x.bin');
}

describe('the fuzz runner', () => {
  it('passes a reader that refuses in its own words, naming the file', async () => {
    expect(failuresOf(await fuzz(reader(strict, { mentions: /x\.bin/ })))).toEqual([]);
  });

  it('reports a raw TypeError, our error carrying a JavaScript fault, and a refusal that names no file', async () => {
    const raw = await fuzz(reader((bytes) => (bytes.length === 64 ? undefined : (null as unknown as { a: number }).a)));
    expect(raw.failures[0]?.error).toMatch(/^TypeError: Cannot read properties of null/);
    const wrapped = await fuzz(reader((bytes) => {
      if (bytes.length !== 64) throw new DataError(`bad (Invalid typed array length: ${bytes.length * 1e9})`, 'x.bin');
    }));
    expect(wrapped.failures[0]?.error).toMatch(/^a JavaScript fault in our error's words/);
    const nameless = await fuzz(reader((bytes) => strict(bytes), { mentions: /other\.bin/ }));
    expect(nameless.failures[0]?.error).toMatch(/^the refusal does not say which file/);
  });

  it('reports a refused seed, a reader that refuses nothing, and buffers held past the limits', async () => {
    expect(failuresOf(await fuzz(reader(() => { throw new DataError('never', 'x.bin'); })))[0]).toMatch(/^input -1: seed 0 is refused/);
    expect(failuresOf(await fuzz(reader(() => undefined)))).toEqual(['no input was refused: the mutations never reached the reader']);
    const kept: Uint8Array[] = [];
    const hoarder = await fuzz(reader((bytes) => {
      if (bytes.length !== 64) kept.push(new Uint8Array(600 * 2 ** 20));
      strict(bytes);
    }));
    expect(hoarder.failures.some((f) => /MiB of buffers held after reading/.test(f.error))).toBe(true);
    kept.length = 0;
  });

  it('reports a folder changed by a refused input, and not one changed by an accepted one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fuzz-self-'));
    try {
      writeFileSync(join(folder, 'kept.txt'), 'before');
      const report = await fuzz(reader((bytes) => {
        writeFileSync(join(folder, 'kept.txt'), `after ${bytes.length}`);
        strict(bytes);
      }, { unchanged: [folder] }));
      expect(report.failures[0]?.error).toMatch(/changed after a refusal: kept\.txt rewritten/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
