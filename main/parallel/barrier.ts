/**
 * A reusable barrier for N threads over one shared Int32Array (two words: arrivals, generation).
 * The last thread to arrive resets the count and bumps the generation; the others sleep in Atomics.wait
 * until the generation moves. Any thread may abort: it raises a shared flag and bumps the generation, so
 * every sleeper wakes and throws instead of waiting for a thread that will never arrive.
 */

/** Word offsets inside the control array; the array must hold at least BARRIER_WORDS words. */
export const ARRIVALS = 0;
export const GENERATION = 1;
export const ABORTED = 2;
export const BARRIER_WORDS = 3;

export class BarrierAbortedError extends Error {
  constructor() {
    super('training aborted: another worker failed');
    this.name = 'BarrierAbortedError';
  }
}

export class Barrier {
  constructor(
    private readonly words: Int32Array,
    private readonly parties: number,
  ) {
    if (words.length < BARRIER_WORDS) throw new Error(`a barrier needs ${BARRIER_WORDS} words; got ${words.length}`);
  }

  /** Blocks until all parties have arrived (or throws once any party has aborted). */
  arriveAndWait(): void {
    const generation = Atomics.load(this.words, GENERATION);
    if (Atomics.load(this.words, ABORTED) !== 0) throw new BarrierAbortedError();
    if (Atomics.add(this.words, ARRIVALS, 1) === this.parties - 1) {
      Atomics.store(this.words, ARRIVALS, 0);
      Atomics.add(this.words, GENERATION, 1);
      Atomics.notify(this.words, GENERATION);
      return;
    }
    while (Atomics.load(this.words, GENERATION) === generation) {
      Atomics.wait(this.words, GENERATION, generation);
    }
    if (Atomics.load(this.words, ABORTED) !== 0) throw new BarrierAbortedError();
  }

  /** Wakes every waiting party with BarrierAbortedError; later arrivals throw at once. */
  static abort(words: Int32Array): void {
    Atomics.store(words, ABORTED, 1);
    Atomics.add(words, GENERATION, 1);
    Atomics.notify(words, GENERATION);
  }

  static aborted(words: Int32Array): boolean {
    return Atomics.load(words, ABORTED) !== 0;
  }
}
