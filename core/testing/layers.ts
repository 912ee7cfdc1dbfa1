/** Running one layer forward and backward in a test, with a chosen provider and mode. */
import type { Kernels } from '../kernels/kernels.js';
import type { Layer, LayerContext } from '../layers/layer.js';
import { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';

export function layerContext(kernels: Kernels, training = true, rng = new Rng(1)): LayerContext {
  return { kernels, training, rng };
}

export function runLayer(layer: Layer, x: Tensor, dy: Tensor, context: LayerContext): { y: Tensor; dx: Tensor } {
  const y = layer.forward(x, context);
  const dx = layer.backward(dy, context);
  return { y, dx };
}
