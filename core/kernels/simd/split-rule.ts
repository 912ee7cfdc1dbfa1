/**
 * Which calls the `simd` provider splits between its kernel threads, decided from timings taken when
 * the threads start (index.ts measures, this file decides, so the decision can be tested on made-up
 * timings).
 *
 * One timing of a split is easily off by a factor of two on a machine whose other core is busy for a
 * moment (a 4M-multiply-add product takes ~0.3 ms, one scheduler slice of another process more), and a
 * single bad figure once kept one thread where a split was worth a quarter of LeNet-5's speed. So each
 * size is timed in several rounds, one thread and split back to back in each round (their order
 * alternating between rounds, so a slow-down that lasts a round falls on both), and the decision takes
 * the median of the rounds' speed-ups (one-thread time ÷ split time): one disturbed round in five or
 * more cannot move it.
 */
import { messageData, type MessageData } from '../../messages.js';
import { median } from '../median.js';

/** A trial size's timings, round by round: `one[r]` and `split[r]` were taken back to back. */
export interface SplitTrial {
  readonly multiplyAdds: number;
  readonly one: readonly number[];
  readonly split: readonly number[];
}

export interface SplitDecision {
  /** Calls of at least this many multiply-adds are split; Infinity: none. */
  readonly splitFrom: number;
  /** The rule and its figures, as the provider's status shows them (`provider.simd-split-*`). */
  readonly rule: MessageData;
}

/** The median over rounds of one-thread time ÷ split time (> 1: the split was faster). */
export function medianSpeedUp(trial: SplitTrial): number {
  if (trial.one.length !== trial.split.length || trial.one.length === 0) {
    throw new Error(`a split trial of ${trial.multiplyAdds} multiply-adds needs as many one-thread as split timings (got ${trial.one.length} and ${trial.split.length})`);
  }
  return median(trial.one.map((one, r) => one / trial.split[r]!));
}

/**
 * Splits from the smallest trial size whose median speed-up is above 1 at that size and at every larger
 * one (a split that pays at 1M but not at 4M multiply-adds is noise, not a rule); splits nothing when
 * the largest size's median is not above 1.
 */
export function decideSplit(trials: readonly SplitTrial[]): SplitDecision {
  if (trials.length === 0) throw new Error('no split trials to decide from');
  const bySize = [...trials].sort((a, b) => a.multiplyAdds - b.multiplyAdds);
  const speedUps = bySize.map(medianSpeedUp);
  let splitFrom = Infinity;
  for (let i = bySize.length - 1; i >= 0 && speedUps[i]! > 1; i--) splitFrom = bySize[i]!.multiplyAdds;
  const rounds = Math.min(...bySize.map((t) => t.one.length));
  const figures = bySize
    .map((t, i) => `${(t.multiplyAdds / 2 ** 20).toFixed(2)}M: ${speedUps[i]!.toFixed(2)}×`)
    .reverse()
    .join(', ');
  const rule = splitFrom === Infinity
    ? messageData('provider.simd-split-none', { figures, rounds })
    : messageData('provider.simd-split-from', { from: (splitFrom / 2 ** 20).toFixed(2), figures, rounds });
  return { splitFrom, rule };
}
