/**
 * A scratch buffer reused between calls, in the precision of the data it stands beside (float64 for the
 * reference kernels, float32 otherwise): one per kernel that needs one, grown when a call needs more. What
 * it returns is valid only until the same kernel's next call.
 */
import type { TensorData } from '../tensor.js';

export function scratchBuffer(): (like: TensorData, size: number) => TensorData {
  let f32 = new Float32Array(0);
  let f64 = new Float64Array(0);
  return (like, size) => {
    if (like instanceof Float64Array) {
      if (f64.length < size) f64 = new Float64Array(size);
      return f64.subarray(0, size);
    }
    if (f32.length < size) f32 = new Float32Array(size);
    return f32.subarray(0, size);
  };
}
