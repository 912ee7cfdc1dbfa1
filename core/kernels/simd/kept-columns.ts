/**
 * A convolution's column matrices kept from its forward pass for the filter gradient of the same x, so
 * the dense path builds them once a step instead of twice (assembly/conv.ts, COLUMNS).
 *
 * The module's kept column matrices' region holds [x | col_0 … col_{N−1}], written only by a forward pass
 * that keeps (its x operand is laid out there). Every forward pass through the provider either keeps (and records its
 * geometry) or forgets. A gradient uses the kept matrices only when its geometry is the recorded one
 * and its x equals the kept copy bit for bit (compared in the module): the columns are a function of
 * x's bits and the geometry alone, so equal inputs give the same matrices, and nothing can be served for
 * another x — another batch, a batch of another size, x changed in place, an evaluation pass in between
 * (it keeps its own or forgets), another provider on the same memory (they share this one record). Batches whose copy and matrices need more than KEPT_MAX_FLOATS build
 * the matrices in the gradient again.
 */
import type { Conv2dGeometry } from '../kernels.js';
import { geometryInts } from './conv-geometry.js';
import type { KernelExports, KernelMemory } from './module.js';

/** 16 MiB: LeNet-5's conv2 at batch 64 takes 4.1 MB (1,176 input and 15,000 column values a sample). */
export const KEPT_MAX_FLOATS = 1 << 22;

export interface KeptColumns {
  /**
   * Before a forward pass's layout: forgets what was kept and returns the byte offset its columns go to,
   * x going to inputAt (0: this pass does not keep; x goes to its own operand).
   */
  reserve(g: Conv2dGeometry): number;
  /** Where a keeping forward pass writes x. */
  readonly inputAt: number;
  /** After a forward pass that built its columns at reserve's offset: they are x's until the next forward. */
  record(g: Conv2dGeometry): void;
  /** For a filter gradient with x at xAt: the kept columns' offset when they are x's, else 0. */
  find(g: Conv2dGeometry, xAt: number): number;
}

const keptColumns = new WeakMap<KernelMemory, KeptColumns>();

/** The one KeptColumns of a memory: every provider on a memory shares its one region and record. */
export function keptColumnsOf(memory: KernelMemory, wasm: KernelExports): KeptColumns {
  let kept = keptColumns.get(memory);
  if (!kept) keptColumns.set(memory, (kept = createKeptColumns(memory, wasm)));
  return kept;
}

function createKeptColumns(memory: KernelMemory, wasm: KernelExports): KeptColumns {
  /** The geometry the kept region holds the columns of, as the module's block; null: none. */
  let kept: string | null = null;
  const inputFloats = (g: Conv2dGeometry): number => g.batch * g.inChannels * g.inHeight * g.inWidth;
  const columnsAt = (g: Conv2dGeometry): number => memory.keptColumns() + inputFloats(g) * 4;
  const key = (g: Conv2dGeometry): string => geometryInts(g).join(',');

  return {
    reserve(g) {
      kept = null;
      const floats = inputFloats(g) + g.batch * g.inChannels * g.kernelHeight * g.kernelWidth * g.outHeight * g.outWidth;
      if (floats > KEPT_MAX_FLOATS) return 0;
      memory.reserveKeptColumns(floats);
      return columnsAt(g);
    },
    inputAt: memory.keptColumns(),
    record(g) {
      kept = key(g);
    },
    find(g, xAt) {
      if (kept !== key(g)) return 0;
      return wasm.sameBits(memory.keptColumns(), xAt, inputFloats(g)) ? columnsAt(g) : 0;
    },
  };
}
