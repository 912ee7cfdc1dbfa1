// Types of scripts/build-wasm.mjs for the test that rebuilds the modules (tests/wasm-build.test.ts).
export const ASC_FLAGS: string[];
export const VARIANTS: Record<'shared' | 'single', { file: string; flags: string[] }>;
export function buildWasm(variant?: 'shared' | 'single'): Promise<Uint8Array>;
export function moduleSource(shared: Uint8Array, single: Uint8Array): string;
