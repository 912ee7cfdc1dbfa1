/**
 * What a saved network computes at inference, as a flat list of steps for the exporters (ONNX, TF.js):
 * every layer of the spec with its fused activation made a step of its own, BatchNorm in test mode,
 * dropout at test time (identity, or ·keep for classic dropout), and the loss's output function
 * appended when the spec does not end in it. That last rule is `Model.predict`'s: a logit loss's
 * `probabilities` is softmax (sigmoid) of the logits, and a spec whose last layer is that same
 * activation has it fused into the loss, so in both cases the plan ends in the probabilities.
 */
import { defaultLeakySlope } from '../activations.js';
import { batchNormDefaults } from '../layers/batchnorm.js';
import { logitLosses, validateModelSpec } from '../model.js';
import type { ActivationName, LayerSpec, ModelSpec } from '../spec.js';

type Pair = [number, number];

type LayerBody =
  | { kind: 'dense'; units: number }
  | { kind: 'conv2d'; filters: number; kernel: Pair; stride: Pair; padding: Pair }
  | { kind: 'conv1d'; filters: number; kernel: number; stride: number; padding: number }
  | { kind: 'maxpool2d' | 'avgpool2d'; pool: Pair; stride: Pair }
  | { kind: 'globalavgpool' }
  | { kind: 'flatten' }
  | { kind: 'dropout'; keep: number; mode: 'inverted' | 'classic' }
  | { kind: 'batchnorm'; epsilon: number; momentum: number };

type ActivationBody = { kind: 'activation'; fn: Exclude<ActivationName, 'linear'>; alpha: number; fused: boolean };

/** One step: what it computes, the spec layer it comes from, and the per-sample shapes around it. */
export type PlanStep = { index: number; inputShape: number[]; outputShape: number[] } & (LayerBody | ActivationBody);

export interface InferencePlan {
  inputShape: number[];
  steps: PlanStep[];
  /** Per-sample shape of the plan's output. */
  outputShape: number[];
}

function pair(value: number | [number, number] | undefined, fallback: number): Pair {
  if (value === undefined) return [fallback, fallback];
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** The plan of `spec`; throws SpecError (from validateModelSpec) for a spec that cannot be built. */
export function inferencePlan(spec: ModelSpec): InferencePlan {
  const shapes = validateModelSpec(spec);
  const steps: PlanStep[] = [];
  spec.layers.forEach((layer, index) => {
    const inputShape = index === 0 ? [...spec.inputShape] : shapes[index - 1]!;
    const outputShape = shapes[index]!;
    const at = { index, inputShape, outputShape };
    const step = layerStep(layer);
    if (step) steps.push({ ...at, ...step } as PlanStep);
    const activation = activationOf(layer);
    if (activation && activation.fn !== 'linear') {
      steps.push({
        index, inputShape: outputShape, outputShape, kind: 'activation', fn: activation.fn,
        alpha: activation.alpha ?? defaultLeakySlope, fused: layer.type !== 'activation',
      });
    }
  });
  const output = logitLosses[spec.loss];
  const last = steps[steps.length - 1];
  const outputShape = shapes[shapes.length - 1]!;
  if (output && output !== 'linear' && !(last?.kind === 'activation' && last.fn === output)) {
    steps.push({
      index: spec.layers.length - 1, inputShape: outputShape, outputShape, kind: 'activation', fn: output,
      alpha: defaultLeakySlope, fused: true,
    });
  }
  return { inputShape: [...spec.inputShape], steps, outputShape };
}

function layerStep(layer: LayerSpec): LayerBody | null {
  switch (layer.type) {
    case 'dense':
      return { kind: 'dense', units: layer.units };
    case 'conv2d':
      return {
        kind: 'conv2d', filters: layer.filters, kernel: pair(layer.kernelSize, 1), stride: pair(layer.stride, 1),
        padding: pair(layer.padding, 0),
      };
    case 'conv1d':
      return { kind: 'conv1d', filters: layer.filters, kernel: layer.kernelSize, stride: layer.stride ?? 1, padding: layer.padding ?? 0 };
    case 'maxpool2d':
    case 'avgpool2d': {
      const pool = pair(layer.poolSize, 1);
      return { kind: layer.type, pool, stride: layer.stride === undefined ? pool : pair(layer.stride, 1) };
    }
    case 'globalavgpool':
      return { kind: 'globalavgpool' };
    case 'flatten':
      return { kind: 'flatten' };
    case 'dropout':
      return { kind: 'dropout', keep: layer.keep, mode: layer.mode ?? 'inverted' };
    case 'batchnorm':
      return { kind: 'batchnorm', epsilon: layer.epsilon ?? batchNormDefaults.epsilon, momentum: layer.momentum ?? batchNormDefaults.momentum };
    case 'activation':
      return null;
  }
}

function activationOf(layer: LayerSpec): { fn: ActivationName; alpha?: number } | null {
  if (layer.type === 'activation') return { fn: layer.fn, alpha: layer.alpha };
  if ((layer.type === 'dense' || layer.type === 'conv1d' || layer.type === 'conv2d') && layer.activation) {
    return { fn: layer.activation, alpha: layer.alpha };
  }
  return null;
}
