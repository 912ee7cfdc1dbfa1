/**
 * A model between two models: weight-space interpolation of two networks of one architecture, as in
 * WiSE-FT (Wortsman et al., "Robust fine-tuning of zero-shot models", 2022). When θ₁ is a fine-tune of
 * θ₀ both lie in one basin of the loss, and the line between them trades θ₀'s accuracy on its own data
 * against θ₁'s on the new data, often keeping most of both:
 *
 *   θ(α) = (1 − α)·θ₀ + α·θ₁,   α ∈ [0, 1]
 *
 * BatchNorm's running statistics are not parameters of that line: the mean and variance of a layer's
 * input change with every weight before it, so they are measured again for θ(α) (recalibrateBatchNorm).
 * Unlike PyTorch's update_bn, which averages per-batch statistics in training mode, each BatchNorm layer
 * here gets the population statistics of the inputs it will see at inference, in inference mode, the
 * layers before it already recalibrated:
 *
 *   running μ_c = (1/N) Σ x_c,   running σ²_c = Σ (x_c − μ_c)² / (N − 1)   (unbiased, as the layer keeps it)
 *
 * over the N values of channel c (samples × spatial positions).
 */
import { SpecError } from '../errors.js';
import { BatchNormLayer } from '../layers/batchnorm.js';
import type { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import type { Weights } from './weights.js';

export function interpolateWeights(from: Weights, to: Weights, alpha: number): Weights {
  if (!Number.isFinite(alpha)) throw new SpecError(`The interpolation weight α must be a finite number, not ${alpha}`);
  const names = Object.keys(from);
  const missing = names.filter((name) => !(name in to)).concat(Object.keys(to).filter((name) => !(name in from)));
  if (missing.length > 0) throw new SpecError(`The two models do not have the same tensors: ${missing.join(', ')} is in only one`);
  const mixed: Weights = {};
  for (const name of names) {
    const a = from[name]!;
    const b = to[name]!;
    if (a.length !== b.length) throw new SpecError(`"${name}" has ${a.length} values in one model and ${b.length} in the other`);
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = (1 - alpha) * a[i]! + alpha * b[i]!;
    mixed[name] = out;
  }
  return mixed;
}

/**
 * Sets every BatchNorm layer's running statistics to those of its inputs over `images` (already
 * preprocessed, `count` samples in the model's input shape), layer after layer.
 */
export function recalibrateBatchNorm(model: Model, images: Float32Array, count: number, batchSize = 250): void {
  const perSample = model.inputShape.reduce((a, b) => a * b, 1);
  if (count < 2 || images.length !== count * perSample) {
    throw new SpecError(`Recalibrating BatchNorm needs at least 2 samples of ${perSample} values; got ${images.length} values for ${count}`);
  }
  const hook = model.onLayerOutput;
  try {
    model.layers.forEach((layer, index) => {
      if (!(layer instanceof BatchNormLayer)) return;
      const statistics = new ChannelStatistics(layer);
      if (index === 0) {
        statistics.add(new Tensor([count, ...model.inputShape], images));
      } else {
        model.onLayerOutput = (at, _type, output) => { if (at === index - 1) statistics.add(output); };
        for (let start = 0; start < count; start += batchSize) {
          const n = Math.min(batchSize, count - start);
          model.forward(new Tensor([n, ...model.inputShape], images.subarray(start * perSample, (start + n) * perSample)));
        }
      }
      statistics.store();
    });
  } finally {
    model.onLayerOutput = hook;
  }
}

/** Per-channel sums of a BatchNorm layer's inputs, shifted by the old running mean for accuracy. */
class ChannelStatistics {
  private readonly channels: number;
  private readonly spatial: number;
  private readonly shift: Float64Array;
  private readonly sum: Float64Array;
  private readonly squares: Float64Array;
  private values = 0;

  constructor(private readonly layer: BatchNormLayer) {
    this.channels = layer.channels;
    this.spatial = layer.spatial;
    this.shift = Float64Array.from(layer.runningMean.value.data);
    this.sum = new Float64Array(this.channels);
    this.squares = new Float64Array(this.channels);
  }

  /** x [m, C, …spatial] or [m, C]: channel c of sample n is the run [(n·C + c)·S, (n·C + c + 1)·S). */
  add(x: Tensor): void {
    const { channels, spatial } = this;
    const batch = x.shape[0]!;
    const data = x.data;
    for (let n = 0; n < batch; n++) {
      for (let c = 0; c < channels; c++) {
        const shift = this.shift[c]!;
        const start = (n * channels + c) * spatial;
        for (let k = start; k < start + spatial; k++) {
          const d = data[k]! - shift;
          this.sum[c]! += d;
          this.squares[c]! += d * d;
        }
      }
    }
    this.values += batch * spatial;
  }

  store(): void {
    const n = this.values;
    const mean = this.layer.runningMean.value.data;
    const variance = this.layer.runningVar.value.data;
    for (let c = 0; c < this.channels; c++) {
      const shifted = this.sum[c]! / n;
      mean[c] = this.shift[c]! + shifted;
      variance[c] = (this.squares[c]! - n * shifted * shifted) / (n - 1);
    }
  }
}
