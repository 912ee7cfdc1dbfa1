/**
 * KernelMemory's views follow the module's memory (module.ts): after a layout that runs past the memory
 * grows it, and after the memory was grown behind the views' back, what write() puts at an offset is what
 * the memory holds there and what view() reads back. The memory's own buffer, read fresh, is the
 * independent witness.
 */
import { describe, expect, it } from 'vitest';
import { KernelMemory, createKernelMemory } from './module.js';

const PAGE = 65536;

/** A memory of one page with no thread regions, so the layout starts at the second page. */
function smallMemory() {
  const wasmMemory = createKernelMemory('single', 1);
  return { wasmMemory, memory: new KernelMemory(wasmMemory, 0, 0) };
}

/** Lays out `floats` values, writes 1, 2, 3, … there and returns where. */
function layOut(memory: KernelMemory, floats: number): { at: number; values: Float32Array } {
  memory.begin();
  const at = memory.take(floats);
  memory.commit();
  const values = Float32Array.from({ length: floats }, (_, i) => i + 1);
  memory.write(at, values);
  return { at, values };
}

describe('KernelMemory growth', () => {
  it('grows the memory when a layout runs past it, and writes land in the grown memory', () => {
    const { wasmMemory, memory } = smallMemory();
    const { at, values } = layOut(memory, 3 * PAGE / 4);
    expect(wasmMemory.buffer.byteLength).toBeGreaterThanOrEqual(at + values.byteLength);
    expect(new Float32Array(wasmMemory.buffer, at, values.length)).toEqual(values);
    expect(memory.view(at, values.length)).toEqual(values);
  });

  it('does not grow the memory for a layout that fits', () => {
    const { wasmMemory, memory } = smallMemory();
    layOut(memory, 4 * PAGE / 4);
    const size = wasmMemory.buffer.byteLength;
    const { at, values } = layOut(memory, 2 * PAGE / 4);
    expect(wasmMemory.buffer.byteLength).toBe(size);
    expect(new Float32Array(wasmMemory.buffer, at, values.length)).toEqual(values);
  });

  it('takes fresh views when the memory was grown elsewhere (the old buffer detached)', () => {
    const { wasmMemory, memory } = smallMemory();
    layOut(memory, 4 * PAGE / 4);
    wasmMemory.grow(1);
    const { at, values } = layOut(memory, 16);
    expect(new Float32Array(wasmMemory.buffer, at, values.length)).toEqual(values);
    expect(memory.view(at, values.length)).toEqual(values);
  });
});
