/**
 * How `train` reports: a one-line progress bar redrawn in place on a terminal, plain lines per epoch
 * otherwise, or (with --json) one JSON object per line per event. Checkpoint events carry the weights,
 * which the JSON stream replaces by the epoch they belong to.
 */
import type { TrainEvent } from '@backprop-lab/core';

export interface Reporter {
  event(event: TrainEvent): void;
  /** Anything else worth a line (the run folder, the provider chosen). */
  note(message: string): void;
  finish(): void;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours > 0) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${seconds}s`;
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** The plain-data form of an event for a JSON line. */
export function eventRecord(event: TrainEvent): Record<string, unknown> {
  const { type, ...rest } = event;
  if (event.type === 'checkpoint') {
    const { checkpoint } = event;
    return { event: type, epoch: checkpoint.epoch, globalIteration: checkpoint.globalIteration, bestEpoch: checkpoint.best?.epoch ?? null };
  }
  if (event.type === 'done') {
    return { event: type, reason: event.reason, epochs: event.epochs, elapsedMs: event.elapsedMs, validation: event.validation, test: event.test };
  }
  return { event: type, ...rest };
}

export class JsonReporter implements Reporter {
  constructor(private readonly write: (line: string) => void) {}

  event(event: TrainEvent): void {
    if (event.type === 'done') return;
    this.write(JSON.stringify(eventRecord(event)));
  }

  note(): void {}

  finish(): void {}
}

export class TextReporter implements Reporter {
  private lineOpen = false;

  constructor(
    private readonly stream: { write(text: string): unknown; isTTY?: boolean; columns?: number },
  ) {}

  event(event: TrainEvent): void {
    switch (event.type) {
      case 'iteration': {
        if (!this.stream.isTTY) return;
        const width = 24;
        const filled = Math.round((event.iteration / event.iterationsPerEpoch) * width);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        const line =
          `epoch ${event.epoch} ${bar} ${event.iteration}/${event.iterationsPerEpoch}  loss ${event.loss.toFixed(4)}  ` +
          `acc ${percent(event.accuracy)}  lr ${event.learningRate.toPrecision(3)}  ${Math.round(event.samplesPerSecond)} samples/s`;
        this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`);
        this.lineOpen = true;
        return;
      }
      case 'epoch': {
        const validation = event.validation
          ? `  val loss ${event.validation.loss.toFixed(4)} acc ${percent(event.validation.accuracy)}`
          : '';
        this.line(
          `epoch ${event.epoch}/${event.epochs}  train loss ${event.train.loss.toFixed(4)} acc ${percent(event.train.accuracy)}` +
            `${validation}  ${Math.round(event.samplesPerSecond)} samples/s  elapsed ${formatDuration(event.elapsedMs)}` +
            `  ETA ${formatDuration(event.etaMs)}`,
        );
        return;
      }
      case 'early-stop':
      case 'diverged':
        this.line(event.message);
        return;
      case 'done':
        if (event.test) this.line(`test loss ${event.test.loss.toFixed(4)}  accuracy ${percent(event.test.accuracy)}`);
        return;
      default:
        return;
    }
  }

  note(message: string): void {
    this.line(message);
  }

  finish(): void {
    if (this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
  }

  private line(text: string): void {
    this.stream.write(`${this.lineOpen ? '\r\x1b[K' : ''}${text}\n`);
    this.lineOpen = false;
  }
}
