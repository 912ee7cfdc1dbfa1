/**
 * The committed WebAssembly module of the `simd` provider is what its sources build to: the test runs
 * the build script's compiler step (asc from node_modules, in memory, ~2 s) and compares bytes, so a
 * source edit without `npm run build:wasm` fails here instead of shipping a stale binary.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildWasm, moduleSource } from '../scripts/build-wasm.mjs';
import { kernelsWasmBytes } from '../core/kernels/simd/index.js';

const committedWasm = new Uint8Array(readFileSync(new URL('../core/kernels/simd/kernels.wasm', import.meta.url)));
const committedModule = readFileSync(new URL('../core/kernels/simd/kernels-wasm.ts', import.meta.url), 'utf8');

describe('the simd provider’s committed module', () => {
  it('is byte for byte what scripts/build-wasm.mjs builds from core/kernels/simd/assembly/', async () => {
    const built = await buildWasm();
    expect(built.length).toBeGreaterThan(1000);
    expect(Buffer.compare(Buffer.from(built), Buffer.from(committedWasm))).toBe(0);
    expect(committedModule).toBe(moduleSource(built));
  });

  it('is what the engine loads (the base64 module decodes to kernels.wasm)', () => {
    expect(Buffer.compare(Buffer.from(kernelsWasmBytes()), Buffer.from(committedWasm))).toBe(0);
    // "\0asm", version 1.
    expect(Array.from(committedWasm.subarray(0, 8))).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  });
});
