/**
 * Pause, resume and stop for a running loop. The loop asks `checkpoint()` between batches: it returns
 * at once while running, waits while paused, and reports a stop request, so a pause never splits a batch
 * and a stopped run ends on a consistent state.
 */
export interface TrainControl {
  pause(): void;
  resume(): void;
  stop(): void;
  readonly paused: boolean;
  readonly stopRequested: boolean;
}

export class TrainingControl implements TrainControl {
  private isPaused = false;
  private isStopRequested = false;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.isPaused;
  }

  get stopRequested(): boolean {
    return this.isStopRequested;
  }

  pause(): void {
    if (!this.isStopRequested) this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.release();
  }

  /** Also ends a pause: a paused run that is stopped finishes at once. */
  stop(): void {
    this.isStopRequested = true;
    this.isPaused = false;
    this.release();
  }

  /** Resolves when the loop may go on; true means stop. */
  async waitWhilePaused(): Promise<boolean> {
    while (this.isPaused) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    return this.isStopRequested;
  }

  private release(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
