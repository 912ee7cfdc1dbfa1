/**
 * The kernel providers a float32 comparison runs on: the reference provider in float32 plus every other
 * provider detection finds available here (js, simd, wasm, and tfjs-node(-gpu) where installed).
 */
import type { Kernels } from '../kernels/kernels.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { detectProviders, selectKernels } from '../kernels/select.js';

export async function float32Providers(): Promise<Kernels[]> {
  const statuses = await detectProviders();
  const others = statuses.filter((s) => s.available && s.name !== 'reference');
  return [createReferenceKernels(), ...(await Promise.all(others.map((s) => selectKernels(s.name))))];
}
