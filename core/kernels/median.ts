/**
 * The median of a list of timings: what the split rule (simd/split-rule.ts) decides from and what the
 * benchmark (main/cli/bench) reports, so that one disturbed figure cannot move the result.
 */

/** The middle value (the mean of the two middle ones for an even count); throws for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
