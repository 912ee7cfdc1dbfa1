/**
 * A histogram of a tensor's values: `bins` equal-width bins from the smallest value to the largest
 * (the last bin includes its right edge), with the mean and the standard deviation (population,
 * 1/n). For the per-layer weight histograms of the Models view (TEXTBOOK §5: how initialisation and
 * training shape the weights).
 */
export interface Histogram {
  count: number;
  mean: number;
  std: number;
  edges: number[];
  counts: number[];
}

export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  if (n === 0) return { count: 0, mean: 0, std: 0, edges: [], counts: [] };
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  // A constant tensor gets one bin of width 1 around its value.
  const low = max > min ? min : min - 0.5;
  const width = max > min ? (max - min) / bins : 1;
  const binCount = max > min ? bins : 1;
  const counts = new Array<number>(binCount).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(binCount - 1, Math.floor((values[i]! - low) / width))]!++;
  const edges = Array.from({ length: binCount + 1 }, (_, k) => low + k * width);
  return { count: n, mean, std: Math.sqrt(squares / n), edges, counts };
}
