/** How numbers read in the UI: durations as 1 h 02 min / 3 min 05 s / 12 s, accuracies as percentages. */
/** Whole hours, minutes and seconds of a duration (rounded to the second). */
export function durationParts(ms: number): { hours: number; minutes: number; seconds: number } {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  return { hours: Math.floor(totalSeconds / 3600), minutes: Math.floor((totalSeconds % 3600) / 60), seconds: totalSeconds % 60 };
}

/** English only; components use useFormat().duration, which speaks the language shown. */
export function formatDuration(ms: number): string {
  const { hours, minutes, seconds } = durationParts(ms);
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

export function formatPercent(fraction: number | undefined | null, digits = 2): string {
  return fraction === undefined || fraction === null ? '—' : `${(fraction * 100).toFixed(digits)}%`;
}
