/**
 * A dense layer's X [m, k] kept in the module from its forward pass to its backward pass, with X's CSR
 * (the gather of its non-zeros that both zero-skipping products start from, assembly/sparse.ts), so that
 * the backward pass does not count and gather again.
 *
 * The memory's kept block holds two X slots, each with room for its CSR. A forward pass writes its X and
 * gathers its CSR into the slot that does not hold the record, so the later layers' forward passes (dense
 * inputs, whose gather gives up and which take the GEMM) leave the first layer's record in place until its
 * backward pass; a zero-skipping forward pass makes its slot the record once its gather is complete. The record is never served stale: it is dropped when the block moves or its slots grow, and
 * a backward pass takes its CSR only when the X it was given has the same bits as the record's X (the same
 * bits give the same count, the same choice of product and the same gather), whatever happened to the
 * host's array or to the Tensor in between. One per memory (keptRowsOf), so every provider on a memory
 * shares the one record of its block.
 */
import type { KernelExports, KernelMemory } from './module.js';

/**
 * The largest X (floats) a forward pass keeps: 2^20, 4 MiB, a batch of 1,337 MNIST images. The block holds
 * two such slots and a CSR and never shrinks, so a larger X (an evaluation's batch) takes scratch instead.
 */
export const KEPT_ROWS_MAX_FLOATS = 1 << 20;

interface KeptRecord {
  slot: number;
  m: number;
  k: number;
  /** memory.keptMoves when the record was written. */
  moves: number;
}

export class KeptRows {
  /** Floats of an X and of a CSR in each slot: the largest seen so far. */
  private slotFloats = 0;
  private csrFloats = 0;
  private record: KeptRecord | null = null;
  /** The slot the current forward pass writes its X into. */
  private writing = 0;

  constructor(private readonly memory: KernelMemory, private readonly wasm: KernelExports) {}

  /** Before memory.begin(): room for X [m, k] and its CSR in each slot. Growing the slots moves them, so it drops the record. */
  reserve(m: number, k: number): void {
    // Whole groups of four floats, so every X and CSR starts 16-byte aligned.
    const slot = Math.ceil((m * k) / 4) * 4;
    const csr = Math.ceil(this.wasm.sparseRowsFloats(m, k) / 4) * 4;
    if (slot > this.slotFloats || csr > this.csrFloats) {
      this.slotFloats = Math.max(this.slotFloats, slot);
      this.csrFloats = Math.max(this.csrFloats, csr);
      this.record = null;
    }
    this.memory.reserveKept(2 * (this.slotFloats + this.csrFloats));
  }

  /** Where the forward pass writes X (after memory.commit()): the slot that is not the record's. */
  forwardX(): number {
    this.writing = this.record && this.record.moves === this.memory.keptMoves ? 1 - this.record.slot : 0;
    return this.slotAt(this.writing);
  }

  /** Where the forward pass gathers the CSR of the X it wrote at forwardX(). */
  forwardCsr(): number {
    return this.csrAt(this.writing);
  }

  /** Makes the X written at forwardX(), whose CSR is now complete at forwardCsr(), the record. */
  keep(m: number, k: number): void {
    this.record = { slot: this.writing, m, k, moves: this.memory.keptMoves };
  }

  /** The record's CSR when X [m, k] at `xAt` has the same bits as the record's X, else null. */
  find(xAt: number, m: number, k: number): number | null {
    const record = this.record;
    if (!record || record.m !== m || record.k !== k || record.moves !== this.memory.keptMoves) return null;
    return this.wasm.sameBits(this.slotAt(record.slot), xAt, m * k) ? this.csrAt(record.slot) : null;
  }

  private slotAt(slot: number): number {
    return this.memory.kept() + slot * this.slotFloats * 4;
  }

  private csrAt(slot: number): number {
    return this.memory.kept() + (2 * this.slotFloats + slot * this.csrFloats) * 4;
  }
}

const keptRows = new WeakMap<KernelMemory, KeptRows>();

/** The one KeptRows of a memory. */
export function keptRowsOf(memory: KernelMemory, wasm: KernelExports): KeptRows {
  let kept = keptRows.get(memory);
  if (!kept) keptRows.set(memory, (kept = new KeptRows(memory, wasm)));
  return kept;
}
