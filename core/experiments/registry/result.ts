/**
 * What an experiment hands back: plain data for charts and tables, the same for the CLI's --json, the
 * engine's progress events and the Experiments view. Labels are i18n keys under `experiments.`
 * (`experiments.<id>.figures.<figure>` for a figure's title, axis and column keys as given); a series
 * name is a key when the locale files have it, else shown as it is (an optimizer's name, "σ, xavier").
 */
export type Cell = number | string | boolean | null;

export interface Series {
  name: string;
  /** (x, y) pairs in drawing order. */
  points: [number, number][];
  /** How to draw it; 'line' unless told. */
  style?: 'line' | 'scatter' | 'bar' | 'area';
}

export interface Axis {
  /** An i18n key for the axis name. */
  label: string;
  log?: boolean;
  /** Category names instead of numbers (bar charts): x values are indices into this list. */
  categories?: string[];
}

/** A function sampled on a grid, drawn under the series (the race's contour plot). */
export interface GridField {
  x: number[];
  y: number[];
  /** z[j][i] = f(x[i], y[j]). */
  z: number[][];
}

export interface Figure {
  /** Unique within the experiment; the title key is experiments.<id>.figures.<figure id>. */
  id: string;
  x: Axis;
  y: Axis;
  series: Series[];
  field?: GridField;
  /** Equal units on both axes (trajectories in the plane). */
  equalAspect?: boolean;
}

export interface Table {
  /** The title key is experiments.<id>.tables.<table id>; column keys are given. */
  id: string;
  columns: string[];
  rows: Cell[][];
}

export interface ExperimentResult {
  figures: Figure[];
  tables: Table[];
  /** Named numbers the text cites and the tests read (e.g. "accuracy", "iterationsPerEpoch"). */
  values: Record<string, Cell>;
  /** Anything else an experiment's own page draws (convolution by hand's windows). */
  detail?: unknown;
}

export function emptyResult(): ExperimentResult {
  return { figures: [], tables: [], values: {} };
}
