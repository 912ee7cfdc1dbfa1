/**
 * f and f' of an activation over flat arrays (core/activations.ts has the formulas), with ReLU on
 * float32 taking the branch-free path of relu32.ts. Shared by the activation layer, the activations
 * fused into weighted layers, and the providers' dense passes (dense.ts).
 */
import type { TensorData } from '../tensor.js';
import { activations, rowLengthOf } from '../activations.js';
import type { ActivationName } from '../spec.js';
import { reluBackward32, reluForward32 } from './relu32.js';

/** y = f(z) for z of `shape` (softmax works along its last axis); y may be z's own data. */
export function activationForward(fn: ActivationName, alpha: number, z: TensorData, y: TensorData, shape: readonly number[]): void {
  if (fn === 'relu' && z instanceof Float32Array && y instanceof Float32Array) reluForward32(z, y);
  else activations[fn].arrays.forward(z, y, rowLengthOf(shape), alpha);
}

/** dz = f'(z) ⊙ dy from y = f(z); dz may be dy's own data. */
export function activationBackward(
  fn: ActivationName, alpha: number, y: TensorData, dy: TensorData, dz: TensorData, shape: readonly number[],
): void {
  if (fn === 'relu' && y instanceof Float32Array && dy instanceof Float32Array && dz instanceof Float32Array) {
    reluBackward32(y, dy, dz);
  } else {
    activations[fn].arrays.backward(y, dy, dz, rowLengthOf(shape), alpha);
  }
}
