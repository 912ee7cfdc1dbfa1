/**
 * The PyTorch `nn.Sequential` a saved network corresponds to, and where each of our tensors goes in its
 * state dict. The Sequential has one module per inference step (inference-plan.ts), plus an
 * `nn.Flatten` before a Linear that reads an image and after a global average pool:
 *
 *   dense      [Flatten] Linear(in, units)   weight = oursᵀ ([units, in]), bias
 *   conv2d     Conv2d(C, F, k, stride, padding)  conv1d  Conv1d(…)   weight, bias as they are
 *   maxpool2d  MaxPool2d(k, stride)   avgpool2d  AvgPool2d(k, stride)
 *   globalavgpool  AdaptiveAvgPool2d(1) (1d for [C, L]), Flatten
 *   batchnorm  BatchNorm1d / BatchNorm2d(C, eps, momentum)  weight = gamma, bias = beta, running_mean, running_var
 *   dropout    Dropout(1 − keep)        flatten  Flatten
 *   activation Sigmoid, Tanh, ReLU, LeakyReLU(α), Hardtanh, Softsign, Softmax(dim=-1); step and classic
 *              dropout (·keep at test time) are one small custom module each (docs/interop.md)
 *
 * The same expansion is written in Python in docs/interop.md; the names computed here travel in the
 * safetensors metadata and the npz's `backprop-lab.json`.
 */
import type { ModelSpec } from '../spec.js';
import { inferencePlan } from './inference-plan.js';

export interface TorchName {
  /** Name in the PyTorch state dict, e.g. `3.weight`. */
  name: string;
  /** True for dense weights: ours are [in, units], nn.Linear's are [units, in]. */
  transpose: boolean;
}

const batchNormNames: Record<string, string> = { gamma: 'weight', beta: 'bias', runningMean: 'running_mean', runningVar: 'running_var' };

/** Our dotted name → the PyTorch state-dict name, for every tensor of the spec's state dict. */
export function torchStateDictNames(spec: ModelSpec): Record<string, TorchName> {
  const names: Record<string, TorchName> = {};
  let module = 0;
  for (const step of inferencePlan(spec).steps) {
    const ours = `layers.${step.index}`;
    switch (step.kind) {
      case 'dense':
        if (step.inputShape.length > 1) module++;
        names[`${ours}.weight`] = { name: `${module}.weight`, transpose: true };
        names[`${ours}.bias`] = { name: `${module}.bias`, transpose: false };
        break;
      case 'conv1d':
      case 'conv2d':
        names[`${ours}.weight`] = { name: `${module}.weight`, transpose: false };
        names[`${ours}.bias`] = { name: `${module}.bias`, transpose: false };
        break;
      case 'batchnorm':
        for (const [key, torch] of Object.entries(batchNormNames)) names[`${ours}.${key}`] = { name: `${module}.${torch}`, transpose: false };
        break;
      case 'globalavgpool':
        module++;
        break;
      default:
        break;
    }
    module++;
  }
  return names;
}
