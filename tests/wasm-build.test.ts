/**
 * The committed WebAssembly modules of the `simd` provider (the shared-memory build for threads, the
 * one-thread build, and both again with relaxed SIMD) are what their sources build to: the test runs the build script's compiler step
 * (asc from node_modules, in memory, ~2 s each) and compares bytes, so a source edit without
 * `npm run build:wasm` fails here instead of shipping a stale binary.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VARIANTS, buildAll, moduleSource } from '../scripts/build-wasm.mjs';
import { kernelsWasmBytes } from '../core/kernels/simd/index.js';

const committed = (file: string) => new Uint8Array(readFileSync(new URL(`../core/kernels/simd/${file}`, import.meta.url)));
const committedModule = readFileSync(new URL('../core/kernels/simd/kernels-wasm.ts', import.meta.url), 'utf8');
const builds = ['shared', 'single', 'shared-fma', 'single-fma'] as const;

describe('the simd provider’s committed modules', () => {
  it('are byte for byte what scripts/build-wasm.mjs builds from core/kernels/simd/assembly/', async () => {
    const built = await buildAll();
    for (const build of builds) {
      expect(built[build].length, build).toBeGreaterThan(1000);
      expect(Buffer.compare(Buffer.from(built[build]), Buffer.from(committed(VARIANTS[build].file))), build).toBe(0);
    }
    expect(committedModule).toBe(moduleSource(built));
    // The relaxed-SIMD builds differ from the plain ones only where the micro-kernel fuses its multiply-adds.
    expect(Buffer.compare(Buffer.from(built['single-fma']), Buffer.from(built.single))).not.toBe(0);
  });

  it('are what the engine loads (the base64 modules decode to the .wasm files)', () => {
    for (const build of builds) {
      const wasm = committed(VARIANTS[build].file);
      expect(Buffer.compare(Buffer.from(kernelsWasmBytes(build)), Buffer.from(wasm)), build).toBe(0);
      // "\0asm", version 1.
      expect(Array.from(wasm.subarray(0, 8))).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    }
  });
});
