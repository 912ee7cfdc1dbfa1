/**
 * The step's sums over the slices (executor.ts): every gradient and buffer value is Σ_k w_k · slot_k with
 * w_k = m_k/m (slices.ts), added in float64 in slice order k = 0…N−1 from 0 and rounded once to float32
 * as it is stored, so the result depends only on the slots, never on which worker finished first. Slices
 * with no rows (w_k = 0) are left out. The values are written straight into the model's gradient and
 * buffer tensors, in the order the slots hold them (model-state.ts: gradients, then buffers).
 */
import type { Tensor } from '@backprop-lab/core';
import type { Exchange } from './shared-state.js';

/** targets ← Σ_k w_k · slot_k; returns the batch loss and accuracy weighted the same way. */
export function combineSlices(exchange: Exchange, weights: readonly number[], targets: readonly Tensor[]): { loss: number; accuracy: number } {
  const n = exchange.slotValues;
  const used = weights.flatMap((w, k) => (w === 0 ? [] : [k]));
  const w = used.map((k) => weights[k]!);
  const slots = used.map((k) => exchange.slots.subarray(k * n, (k + 1) * n));
  let offset = 0;
  for (const tensor of targets) {
    const out = tensor.data;
    const size = tensor.size;
    if (slots.length === 2) {
      // The common case (2 workers), unrolled; `0 +` keeps the sign of a zero sum as the loop below has it.
      const [a, b] = [slots[0]!.subarray(offset, offset + size), slots[1]!.subarray(offset, offset + size)];
      const [wa, wb] = [w[0]!, w[1]!];
      for (let i = 0; i < size; i++) out[i] = 0 + wa * a[i]! + wb * b[i]!;
    } else {
      for (let i = 0; i < size; i++) {
        let sum = 0;
        for (let s = 0; s < slots.length; s++) sum += w[s]! * slots[s]![offset + i]!;
        out[i] = sum;
      }
    }
    offset += size;
  }
  let loss = 0;
  let accuracy = 0;
  for (const k of used) {
    loss += weights[k]! * exchange.stats[2 * k]!;
    accuracy += weights[k]! * exchange.stats[2 * k + 1]!;
  }
  return { loss, accuracy };
}
