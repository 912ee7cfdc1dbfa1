/**
 * An experiment figure's axis as ECharts reads it: a category axis where the figure names its categories
 * (the x values are then indices into that list: digits, tensors), else a value axis, logarithmic where
 * asked, spanning a sampled field's extent when one is drawn underneath. Categories are labels like any
 * other of the figure's (an i18n key, or a name shown as it is): `word` puts them in the page's words.
 */
import type { ExperimentFigure } from '../../../contract/index.js';

type Axis = ExperimentFigure['x'];

export function chartAxis(axis: Axis, name: string, format: (value: number) => string, extent?: number[], word: (label: string) => string = (label) => label) {
  const titled = { name, nameLocation: 'middle' as const, nameGap: 28 };
  if (axis.categories) return { ...titled, type: 'category' as const, data: axis.categories.map(word) };
  return {
    ...titled,
    type: axis.log ? ('log' as const) : ('value' as const), scale: true,
    ...(extent ? { min: Math.min(...extent), max: Math.max(...extent) } : {}),
    axisLabel: { formatter: format },
  };
}
