/**
 * What each layer made of one input: every layer's output for it (conv feature maps [C, H, W], dense
 * and pooled vectors), in inference mode, through the model's `onLayerOutput` hook; and the first
 * convolution's filters, the only weights that can be looked at as pictures of the input.
 */
import type { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import { applyPreprocessing, type FittedPreprocessing } from '../data/preprocess.js';

export interface LayerActivation {
  index: number;
  type: string;
  /** Per sample, without the batch axis: [C, H, W] for conv and pooling layers, [n] for vectors. */
  shape: number[];
  values: Float32Array;
}

/** Every layer's output for one raw input (784 pixels, ink 1 on 0), and the probabilities. */
export function layerActivations(model: Model, preprocessing: FittedPreprocessing | null, pixels: ArrayLike<number>): { layers: LayerActivation[]; probabilities: Float32Array } {
  const x = Float32Array.from(pixels);
  if (preprocessing) applyPreprocessing(preprocessing, x);
  const layers: LayerActivation[] = [];
  const previous = model.onLayerOutput;
  model.onLayerOutput = (index, type, output) => {
    layers.push({ index, type, shape: output.shape.slice(1), values: Float32Array.from(output.data) });
  };
  try {
    const probabilities = Float32Array.from(model.predict(new Tensor([1, ...model.inputShape], x)).data);
    return { layers, probabilities };
  } finally {
    model.onLayerOutput = previous;
  }
}

export interface ConvFilters {
  /** Index of the layer in the spec. */
  layerIndex: number;
  /** [outChannels, inChannels, kernel, kernel]. */
  shape: number[];
  values: Float32Array;
}

/** The first conv2d layer's weights; null for a model without one (an MLP). */
export function firstConvFilters(model: Model): ConvFilters | null {
  const index = model.layers.findIndex((layer) => layer.type === 'conv2d');
  if (index < 0) return null;
  const weight = model.parameters().find((p) => p.name === `layers.${index}.weight`);
  if (!weight) return null;
  return { layerIndex: index, shape: [...weight.value.shape], values: Float32Array.from(weight.value.data) };
}
