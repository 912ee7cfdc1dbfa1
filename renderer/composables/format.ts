/**
 * Whole hours, minutes and seconds of a duration (rounded to the second), which useFormat().duration
 * words in the language shown; no English wording here, so none reaches a Chinese page.
 */
export function durationParts(ms: number): { hours: number; minutes: number; seconds: number } {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  return { hours: Math.floor(totalSeconds / 3600), minutes: Math.floor((totalSeconds % 3600) / 60), seconds: totalSeconds % 60 };
}
