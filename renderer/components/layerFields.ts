/**
 * What the layer editor offers for each layer type: the fields core declares for it (core/layers/
 * fields.ts, so every key the engine accepts is editable, with the engine's own ranges and defaults)
 * and the spec a new layer of that type starts with. A field shows the engine's default when the spec
 * leaves it out (dropout's mode is inverted unless said otherwise), and α, which only leaky ReLU and
 * leaky-He initialisation read, is shown only where one of them is used. Labels are i18n keys
 * (`train.layer.field.<key>`).
 */
import { layerFields as coreLayerFields, layerTypes as coreLayerTypes } from '@backprop-lab/core';
import type { FieldRule, LayerSpec, LayerType, NumberRange } from '@backprop-lab/core';

export type FieldKind = 'int' | 'number' | 'choice' | 'optional-choice';

export interface LayerField {
  key: string;
  kind: FieldKind;
  choices?: readonly string[];
  /** The engine's range for a number (core's FieldRule). */
  range?: NumberRange;
  /** What the engine uses when the spec has no value (shown, not written). */
  fallback?: string | number;
  /** Whether the field means anything for this layer as it is now. */
  appliesTo?: (layer: LayerSpec) => boolean;
}

const record = (layer: LayerSpec) => layer as unknown as Record<string, unknown>;

/** α is the slope of leaky ReLU and the gain of leaky-He initialisation; nothing else reads it. */
const usesAlpha = (layer: LayerSpec) => {
  const fields = record(layer);
  return fields.activation === 'leaky-relu' || fields.fn === 'leaky-relu' || fields.init === 'leaky-he-normal';
};

function editorField(key: string, rule: FieldRule): LayerField {
  const appliesTo = key === 'alpha' ? usesAlpha : undefined;
  if (rule.kind === 'choice') {
    // A choice with a default shows it; one without (activation, init) can be left blank.
    const kind = rule.optional && rule.default === undefined ? 'optional-choice' : 'choice';
    return { key, kind, choices: rule.choices, fallback: rule.default, appliesTo };
  }
  const range = rule.kind === 'number' || rule.kind === 'size' ? rule.range : undefined;
  const whole = range === 'count' || range === 'whole';
  const fallback = rule.kind === 'number' || rule.kind === 'size' ? rule.default : undefined;
  return { key, kind: whole ? 'int' : 'number', range, fallback, appliesTo };
}

export const layerFields = Object.fromEntries(
  coreLayerTypes.map((type) => [type, Object.entries(coreLayerFields[type] as Record<string, FieldRule>).map(([key, rule]) => editorField(key, rule))]),
) as Record<LayerType, LayerField[]>;

export const layerTypes: readonly LayerType[] = coreLayerTypes;

/** The fields to show for `layer` now. */
export function fieldsOf(layer: LayerSpec): LayerField[] {
  return layerFields[layer.type].filter((field) => field.appliesTo?.(layer) ?? true);
}

/** What a field shows: the spec's value, else the engine's default for a choice, else blank. */
export function fieldValue(layer: LayerSpec, field: LayerField): string {
  const value = record(layer)[field.key];
  if (Array.isArray(value)) return String(value[0]);
  if (value === undefined) return field.kind === 'choice' && field.fallback !== undefined ? String(field.fallback) : '';
  return String(value);
}

/** The layer with one field set from the text of its input (blank removes it: the engine's default). */
export function withField(layer: LayerSpec, field: LayerField, raw: string): LayerSpec {
  const next = { ...record(layer) };
  if (raw === '') delete next[field.key];
  else if (field.kind === 'int' || field.kind === 'number') next[field.key] = Number(raw);
  else next[field.key] = raw;
  // A field that no longer applies (α after leaving leaky ReLU) leaves the spec.
  const result = next as unknown as LayerSpec;
  for (const other of layerFields[layer.type]) {
    if (other.appliesTo && !other.appliesTo(result)) delete next[other.key];
  }
  return result;
}

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
