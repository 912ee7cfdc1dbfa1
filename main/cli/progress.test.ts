import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../core/train/events.js';
import { eventRecord, formatDuration, JsonReporter, TextReporter } from './progress.js';

const iteration: TrainEvent = {
  type: 'iteration', epoch: 2, iteration: 5, iterationsPerEpoch: 10, globalIteration: 15, loss: 0.25, accuracy: 0.9,
  learningRate: 0.1, samplesPerSecond: 12345.6,
};
const epoch: TrainEvent = {
  type: 'epoch', epoch: 2, epochs: 4, train: { loss: 0.3, accuracy: 0.91 }, validation: { loss: 0.35, accuracy: 0.9 },
  learningRate: 0.1, gradientNorms: { 'layers.0.weight': 1 }, elapsedMs: 65_000, etaMs: 130_000, samplesPerSecond: 1000,
};
const checkpoint: TrainEvent = {
  type: 'checkpoint',
  checkpoint: {
    epoch: 2, globalIteration: 20, weights: { w: new Float32Array(3) }, optimizer: { stepCount: 20, buffers: [] },
    rng: { words: [1, 2, 3, 4], spareNormal: null }, best: null, epochsWithoutImprovement: 0, elapsedMs: 1,
  },
};

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns: 200, write: (text: string) => chunks.push(text) };
}

describe('progress reporting', () => {
  it('formats durations as s, m s, h m', () => {
    expect(formatDuration(4_400)).toBe('4s');
    expect(formatDuration(65_000)).toBe('1m05s');
    expect(formatDuration(3_725_000)).toBe('1h02m');
  });

  it('draws a bar in place on a terminal, then ends it before an epoch line', () => {
    const out = stream(true);
    const reporter = new TextReporter(out);
    reporter.event(iteration);
    reporter.event(epoch);
    expect(out.chunks[0]).toMatch(/^\repoch 2 █{12}░{12} 5\/10 {2}loss 0\.2500 {2}acc 90\.00%/);
    expect(out.chunks[1]).toMatch(/^\r\x1b\[K(?:.|\n)*epoch 2\/4 {2}train loss 0\.3000 acc 91\.00% {2}val loss 0\.3500 acc 90\.00%.*elapsed 1m05s {2}ETA 2m10s\n$/);
  });

  it('prints only epoch lines when the output is not a terminal', () => {
    const out = stream(false);
    const reporter = new TextReporter(out);
    reporter.event(iteration);
    reporter.event(epoch);
    reporter.finish();
    expect(out.chunks).toHaveLength(1);
    expect(out.chunks[0]).toMatch(/^epoch 2\/4/);
  });

  it('writes one JSON object per event, a checkpoint without its weights', () => {
    const lines: string[] = [];
    const reporter = new JsonReporter((line) => lines.push(line));
    reporter.event(iteration);
    reporter.event(checkpoint);
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'iteration', epoch: 2, iteration: 5, loss: 0.25 });
    expect(JSON.parse(lines[1]!)).toEqual({ event: 'checkpoint', epoch: 2, globalIteration: 20, bestEpoch: null });
    expect(eventRecord(epoch)).toMatchObject({ event: 'epoch', validation: { accuracy: 0.9 } });
  });
});
