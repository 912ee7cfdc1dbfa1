// Types of scripts/build-wasm.mjs for the test that rebuilds the module (tests/wasm-build.test.ts).
export const ASC_FLAGS: string[];
export function buildWasm(): Promise<Uint8Array>;
export function moduleSource(bytes: Uint8Array): string;
