/**
 * Keeping a run's points in order when they come from two places: the stored history (`runs.get`) and
 * live events. A point is identified by its key (an iteration point by its step, an epoch point by its
 * epoch). A run resumed from its last checkpoint trains again from there, so its live points replay
 * keys already stored: a live point replaces every point from its key on (the replay is bit-identical
 * up to where the history stopped, and the history past the checkpoint is what gets redone).
 */

/** Every point of both lists once per key, in key order; where both have a key, `newer` wins. */
export function mergeByKey<T>(older: readonly T[], newer: readonly T[], keyOf: (point: T) => number): T[] {
  const byKey = new Map<number, T>();
  for (const point of older) byKey.set(keyOf(point), point);
  for (const point of newer) byKey.set(keyOf(point), point);
  return [...byKey.entries()].sort((a, b) => a[0] - b[0]).map(([, point]) => point);
}

/** `points` with a live point added at the end; points at or after its key (a replay) are dropped. */
export function appendLive<T>(points: readonly T[], point: T, keyOf: (point: T) => number): T[] {
  const key = keyOf(point);
  const last = points[points.length - 1];
  const kept = last !== undefined && keyOf(last) >= key ? points.filter((p) => keyOf(p) < key) : points;
  return [...kept, point];
}

/** At most `max` points: while over, every other point is dropped (the last one always kept). */
export function thinned<T>(points: readonly T[], max: number): T[] {
  let next = [...points];
  while (next.length > max) next = next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
  return next;
}
