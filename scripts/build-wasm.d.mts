// Types of scripts/build-wasm.mjs for the test that rebuilds the modules (tests/wasm-build.test.ts).
// The builds are core's own list of them (KernelBuild), which the engine loads by the same names.
import type { KernelBuild } from '../core/kernels/simd/module.js';

export const ASC_FLAGS: string[];
export const VARIANTS: Record<KernelBuild, { file: string; flags: string[] }>;
export const BASE64_NAMES: Record<KernelBuild, string>;
export function buildWasm(variant?: KernelBuild): Promise<Uint8Array>;
export function buildAll(): Promise<Record<KernelBuild, Uint8Array>>;
export function moduleSource(built: Record<KernelBuild, Uint8Array>): string;
