/**
 * What the layer editor offers for each layer type: its editable fields and the spec a new layer of
 * that type starts with. Field kinds decide the input: whole numbers, decimals, or a fixed list.
 */
import type { ActivationName, LayerSpec, LayerType } from '@backprop-lab/core';

export type FieldKind = 'int' | 'number' | 'choice' | 'optional-choice';

export interface LayerField {
  key: string;
  label: string;
  kind: FieldKind;
  choices?: readonly string[];
}

export const activationNames: readonly ActivationName[] = [
  'relu', 'leaky-relu', 'sigmoid', 'tanh', 'hard-tanh', 'softsign', 'softmax', 'linear', 'step',
];

const activation: LayerField = { key: 'activation', label: 'activation', kind: 'optional-choice', choices: activationNames };

export const layerFields: Record<LayerType, LayerField[]> = {
  dense: [{ key: 'units', label: 'units', kind: 'int' }, activation],
  flatten: [],
  conv1d: [
    { key: 'filters', label: 'filters', kind: 'int' }, { key: 'kernelSize', label: 'kernel', kind: 'int' },
    { key: 'stride', label: 'stride', kind: 'int' }, { key: 'padding', label: 'padding', kind: 'int' }, activation,
  ],
  conv2d: [
    { key: 'filters', label: 'filters', kind: 'int' }, { key: 'kernelSize', label: 'kernel', kind: 'int' },
    { key: 'stride', label: 'stride', kind: 'int' }, { key: 'padding', label: 'padding', kind: 'int' }, activation,
  ],
  maxpool2d: [{ key: 'poolSize', label: 'pool', kind: 'int' }, { key: 'stride', label: 'stride', kind: 'int' }],
  avgpool2d: [{ key: 'poolSize', label: 'pool', kind: 'int' }, { key: 'stride', label: 'stride', kind: 'int' }],
  globalavgpool: [],
  dropout: [{ key: 'keep', label: 'keep p', kind: 'number' }, { key: 'mode', label: 'mode', kind: 'choice', choices: ['inverted', 'classic'] }],
  batchnorm: [{ key: 'momentum', label: 'momentum', kind: 'number' }, { key: 'epsilon', label: 'ε', kind: 'number' }],
  activation: [{ key: 'fn', label: 'function', kind: 'choice', choices: activationNames }, { key: 'alpha', label: 'α', kind: 'number' }],
};

export const layerTypes = Object.keys(layerFields) as LayerType[];

export function newLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'dense': return { type, units: 32, activation: 'relu' };
    case 'flatten': return { type };
    case 'conv1d': return { type, filters: 8, kernelSize: 3, activation: 'relu' };
    case 'conv2d': return { type, filters: 8, kernelSize: 3, padding: 1, activation: 'relu' };
    case 'maxpool2d': return { type, poolSize: 2 };
    case 'avgpool2d': return { type, poolSize: 2 };
    case 'globalavgpool': return { type };
    case 'dropout': return { type, keep: 0.8 };
    case 'batchnorm': return { type };
    case 'activation': return { type, fn: 'relu' };
  }
}

/** The layer index an engine error names ("layer 3 (conv2d): …", "layers.3"), if any. */
export function layerIndexInError(message: string | null): number | null {
  const match = message?.match(/\blayers?[\s.#[]*(\d+)/i);
  return match ? Number(match[1]) : null;
}
