/**
 * A buffer a layer hands out again on the next pass instead of allocating a new one. Allocating a large
 * typed array costs far more than filling it (fresh zeroed pages, then garbage collection), so during
 * training, where each pass's tensors are dead by the next step, layers reuse their outputs and
 * gradients. Only passes whose context sets `reuseBuffers` (trainStep, which consumes every tensor at
 * once) get reused memory; every other pass gets fresh tensors its caller may keep.
 */
import { allocate, type DType, type TensorData } from '../tensor.js';

export class ReusableBuffer {
  private buffer: TensorData | null = null;

  /** `size` values of `dtype`; with `reuse`, the previous buffer when it fits (contents stale). */
  take(size: number, dtype: DType, reuse: boolean | undefined): TensorData {
    const previous = this.buffer;
    if (reuse && previous && previous.length === size && (previous instanceof Float64Array) === (dtype === 'float64')) {
      return previous;
    }
    const fresh = allocate(dtype, size);
    if (reuse) this.buffer = fresh;
    return fresh;
  }

  /** As take(), but zero-filled. */
  takeZeroed(size: number, dtype: DType, reuse: boolean | undefined): TensorData {
    const previous = this.buffer;
    const buffer = this.take(size, dtype, reuse);
    if (buffer === previous) buffer.fill(0);
    return buffer;
  }
}
