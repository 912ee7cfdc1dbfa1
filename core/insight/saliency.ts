/**
 * Why did the model say that? The saliency map of a class c for one input x (Simonyan et al. 2014,
 * "Deep inside convolutional networks"): the gradient of the class's score with respect to the 28×28
 * input, ∂s_c/∂x, computed by the engine's own backward pass (TEXTBOOK §9: backpropagation to the input).
 *
 * The score s_c is the network's output before the softmax (the logit; for a model whose loss does not
 * take logits, its output as is), so the map is not flattened where the softmax saturates. The model
 * sees the preprocessed input x' = A(x − m) (every preprocessing of core/data/preprocess.ts is affine),
 * so by the chain rule ∂s/∂x = Aᵀ ∂s/∂x'. Evaluated in inference mode (dropout off, BatchNorm on its
 * running statistics), which is the function the pad's answer comes from.
 */
import type { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import { applyPreprocessing, type FittedPreprocessing } from '../data/preprocess.js';
import { SpecError } from '../errors.js';

/** ∂s_c/∂x for the raw input x (784 pixels, ink 1 on 0, before the model's preprocessing). */
export function inputSaliency(model: Model, preprocessing: FittedPreprocessing | null, pixels: ArrayLike<number>, classIndex: number): Float64Array {
  const classes = model.outputShape[0] ?? 0;
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes) {
    throw SpecError.of('model.saliency-class', { classIndex, classes, last: classes - 1 });
  }
  const x = model.dtype === 'float64' ? Float64Array.from(pixels) : Float32Array.from(pixels);
  if (preprocessing) applyPreprocessing(preprocessing, x as Float32Array);
  model.forward(new Tensor([1, ...model.inputShape], x), { training: false });
  const seed = new Tensor([1, classes], model.dtype === 'float64' ? new Float64Array(classes) : new Float32Array(classes));
  seed.data[classIndex] = 1;
  const gradient = model.backward(seed, { inputGradient: true });
  return preprocessingTransposeProduct(preprocessing, Float64Array.from(gradient.data));
}

/** Aᵀ g for the affine preprocessing x' = A(x − m). */
export function preprocessingTransposeProduct(preprocessing: FittedPreprocessing | null, g: Float64Array): Float64Array {
  if (!preprocessing) return g;
  const { spec, statistics } = preprocessing;
  switch (spec.type) {
    case 'none':
      return g;
    case 'minmax': {
      // x' = lo + (hi − lo)(x − min)/(max − min): A = (hi − lo)/(max − min) · I.
      const [lo, hi] = spec.range;
      const span = statistics.max![0]! - statistics.min![0]! || 1;
      const factor = (hi - lo) / span;
      return g.map((v) => v * factor);
    }
    case 'standardise':
      return g.map((v, j) => v / statistics.std![j]!);
    case 'pca-whiten':
    case 'zca-whiten': {
      // x' = W(x − μ): Aᵀ g = Wᵀ g, W is k×d row-major.
      const matrix = statistics.matrix!;
      const d = statistics.mean!.length;
      const k = matrix.length / d;
      const out = new Float64Array(d);
      for (let row = 0; row < k; row++) {
        const gr = g[row]!;
        if (gr === 0) continue;
        for (let j = 0; j < d; j++) out[j]! += matrix[row * d + j]! * gr;
      }
      return out;
    }
  }
}
