/**
 * What the layer editor offers for each layer type: the fields core declares for it (core/layers/
 * fields.ts, so every key the engine accepts is editable) and the spec a new layer of that type starts
 * with. Field kinds decide the input: whole numbers, decimals, or a fixed list.
 */
import { layerFields as coreLayerFields, layerTypes as coreLayerTypes } from '@backprop-lab/core';
import type { FieldRule, LayerSpec, LayerType } from '@backprop-lab/core';

export type FieldKind = 'int' | 'number' | 'choice' | 'optional-choice';

export interface LayerField {
  key: string;
  label: string;
  kind: FieldKind;
  choices?: readonly string[];
}

const labels: Record<string, string> = {
  kernelSize: 'kernel', poolSize: 'pool', keep: 'keep p', epsilon: 'ε', fn: 'function', alpha: 'α', init: 'init',
};

function editorField(key: string, rule: FieldRule): LayerField {
  const label = labels[key] ?? key;
  if (rule.kind === 'choice') {
    return { key, label, kind: rule.optional && rule.default === undefined ? 'optional-choice' : 'choice', choices: rule.choices };
  }
  const whole = (rule.kind === 'number' || rule.kind === 'size') && (rule.range === 'count' || rule.range === 'whole');
  return { key, label, kind: whole ? 'int' : 'number' };
}

export const layerFields = Object.fromEntries(
  coreLayerTypes.map((type) => [type, Object.entries(coreLayerFields[type] as Record<string, FieldRule>).map(([key, rule]) => editorField(key, rule))]),
) as Record<LayerType, LayerField[]>;

export const layerTypes: readonly LayerType[] = coreLayerTypes;

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
