/**
 * §10.6 Gradient check (seed 004 §2.1; TEXTBOOK §9): the backward pass of a network against central
 * differences, relative error per parameter tensor. A switch plants a known bug in one layer's
 * backward pass, and the check shows which tensor it broke:
 *  - "missing-mean": the layer's weight gradient is not divided by the batch size m (× m);
 *  - "wrong-sign": the layer's bias gradient has the wrong sign (dB = −Σ dZ).
 * Only the tampered tensor's relative error jumps (to about (m − 1)/(m + 1), or 1); the others stay
 * near 1e-9, because the check compares each tensor on its own.
 * The network: a preset, one of the small ones below, or the user's own (`network: 'custom'`, the spec
 * in `model`: any network the engine can build, checked like every spec before it runs).
 */
import { gradientCheck, type TensorCheck } from '../../gradcheck.js';
import { presetNames, getPreset } from '../../presets.js';
import type { ModelSpec } from '../../spec.js';
import { defineExperiment } from '../registry/definition.js';

/** Small networks worth checking besides the presets. */
const NETWORKS: Record<string, ModelSpec> = {
  'deep-sigmoid': {
    inputShape: [6], loss: 'softmax-cross-entropy',
    layers: [{ type: 'dense', units: 5, activation: 'sigmoid' }, { type: 'dense', units: 5, activation: 'sigmoid' }, { type: 'dense', units: 3 }],
  },
  'small-cnn': {
    inputShape: [1, 8, 8], loss: 'softmax-cross-entropy',
    layers: [
      { type: 'conv2d', filters: 3, kernelSize: 3, activation: 'relu' }, { type: 'maxpool2d', poolSize: 2 },
      { type: 'batchnorm' }, { type: 'dense', units: 4, activation: 'tanh' }, { type: 'dense', units: 3 },
    ],
  },
};

/** 'custom': the network in the `model` parameter (the user's own, built in the layer editor or taken from the library). */
export const GRADIENT_CHECK_NETWORKS = [...presetNames, ...Object.keys(NETWORKS), 'custom'] as const;

export const gradientCheckExperiment = defineExperiment({
  id: 'gradient-check',
  course: 6,
  trains: false,
  params: {
    network: { kind: 'choice', default: 'seed-mlp', choices: GRADIENT_CHECK_NETWORKS },
    model: { kind: 'model', default: NETWORKS['deep-sigmoid']! },
    bug: { kind: 'choice', default: 'none', choices: ['none', 'missing-mean', 'wrong-sign'] },
    bugLayer: { kind: 'number', default: 1, min: 0, max: 20, integer: true },
    samples: { kind: 'number', default: 3, min: 1, max: 16, integer: true },
    entries: { kind: 'number', default: 40, min: 1, max: 500, integer: true },
  },
  async run(params, context) {
    const spec = params.network === 'custom' ? params.model : NETWORKS[params.network] ?? getPreset(params.network).modelSpec;
    const check = gradientCheck(spec, {
      seed: context.seed, batchSize: params.samples, maxEntriesPerTensor: params.entries,
      afterBackward: (tensors) => {
        if (params.bug === 'none') return;
        const layers = tensors.filter((p) => p.regularised).map((p) => p.name.replace(/\.weight$/, ''));
        const layer = layers[params.bugLayer];
        if (!layer) throw new RangeError(`gradient check: bugLayer ${params.bugLayer} is not a weighted layer of ${params.network} (its weighted layers are 0–${layers.length - 1})`);
        const target = tensors.find((p) => p.name === `${layer}.${params.bug === 'missing-mean' ? 'weight' : 'bias'}`);
        if (!target) throw new RangeError(`gradient check: ${layer} has no ${params.bug === 'missing-mean' ? 'weight' : 'bias'} to plant the bug in`);
        const g = target.grad.data;
        for (let i = 0; i < g.length; i++) g[i] = params.bug === 'missing-mean' ? g[i]! * params.samples : -g[i]!;
      },
    });
    // A parameter tensor is named as the model names it (layers.0.weight); the input is a word of the page's.
    const nameOf = (t: TensorCheck) => (t === check.input ? 'experiments.gradient-check.input' : t.name);
    const rows = [...check.tensors, check.input].map((t) => [nameOf(t), `[${t.shape.join(', ')}]`, t.checked, t.relativeError, t.relativeError <= 1e-5 ? 'experiments.gradient-check.ok' : 'experiments.gradient-check.wrong']);
    return {
      figures: [{
        id: 'errors', x: { label: 'experiments.axes.tensor', categories: [...check.tensors, check.input].map(nameOf) }, y: { label: 'experiments.axes.relativeError', log: true },
        series: [{ name: 'experiments.series.relativeError', style: 'bar', points: [...check.tensors, check.input].map((t, i) => [i, Math.max(t.relativeError, 1e-16)] as [number, number]) }],
      }],
      tables: [{ id: 'tensors', columns: ['experiments.columns.tensor', 'experiments.columns.shape', 'experiments.columns.checked', 'experiments.columns.relativeError', 'experiments.columns.verdict'], rows }],
      values: {
        worst: check.worst,
        wrongTensors: check.tensors.filter((t) => t.relativeError > 1e-5).map((t) => t.name).join(','),
      },
    };
  },
});
