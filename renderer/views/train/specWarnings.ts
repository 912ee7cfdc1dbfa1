/**
 * Settings the engine will train but that cannot learn, said before Start with the course's reason and
 * the experiment that shows it (TEXTBOOK §2 asks this of the step function; §4's table of seed 001
 * shows zero initialisation failing).
 *
 * - step: f'(z) = 0 wherever it is defined, so backpropagation multiplies every gradient that passes
 *   through it by 0: the layers before it never change, and the net stays at chance.
 * - zero: when a hidden layer's weights and the next layer's weights all start at 0, every unit of the
 *   hidden layer computes the same output and gets the same gradient, so its units stay identical
 *   (symmetric) and the layer acts as a single unit. (Random weights on either side break the symmetry;
 *   a one-layer model learns from zero: seed 001's row 1.)
 */
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import type { FormPart } from './experimentLinks';

export interface SpecWarning {
  /** i18n key under train.warning. */
  key: 'step' | 'zeroInit';
  /** The layers it concerns. */
  layers: number[];
  part: FormPart;
}

const weightedTypes = new Set(['dense', 'conv1d', 'conv2d']);

export function specWarnings(modelSpec: ModelSpec, trainSpec: TrainSpec): SpecWarning[] {
  const warnings: SpecWarning[] = [];
  const fields = modelSpec.layers.map((layer) => layer as unknown as Record<string, unknown>);
  const stepLayers = fields.flatMap((layer, index) => (layer.activation === 'step' || layer.fn === 'step' ? [index] : []));
  if (stepLayers.length > 0) warnings.push({ key: 'step', layers: stepLayers, part: 'activation' });
  // A layer's own init overrides the TrainSpec's.
  const weighted = fields.flatMap((layer, index) => (weightedTypes.has(String(layer.type)) ? [index] : []));
  const startsAtZero = (index: number) => (fields[index]!.init ?? trainSpec.init) === 'zero';
  const zeroLayers = weighted.filter((index, i) => i < weighted.length - 1 && startsAtZero(index) && startsAtZero(weighted[i + 1]!));
  if (zeroLayers.length > 0) warnings.push({ key: 'zeroInit', layers: zeroLayers, part: 'initialisation' });
  return warnings;
}
