/**
 * What the experiments that train share: the first N MNIST images (the course's "1,000 images" are a
 * prefix, so every experiment and every rerun sees the same ones), the course's MLP from the seed-mlp
 * preset, and per-epoch curves as chart series.
 */
import { subset, type Dataset } from '../../data/dataset.js';
import { getPreset } from '../../presets.js';
import type { ModelSpec, TrainSpec } from '../../spec.js';
import type { EpochEvent } from '../../train/events.js';
import type { ExperimentContext } from '../registry/definition.js';
import type { Series } from '../registry/result.js';

export async function mnistPrefix(context: ExperimentContext, trainCount: number, testCount: number): Promise<{ train: Dataset; test: Dataset }> {
  if (!context.mnist) throw new Error('this experiment trains on MNIST, and the host gave it no MNIST files');
  const { train, test } = await context.mnist();
  const first = (data: Dataset, count: number) => (count >= data.count ? data : subset(data, Uint32Array.from({ length: count }, (_, i) => i)));
  return { train: first(train, trainCount), test: first(test, testCount) };
}

/** The course's network and training settings (seed 001), with the given changes. */
export function seedMlp(changes: Partial<TrainSpec> = {}): { modelSpec: ModelSpec; trainSpec: TrainSpec } {
  const preset = getPreset('seed-mlp');
  return { modelSpec: structuredClone(preset.modelSpec), trainSpec: { ...structuredClone(preset.trainSpec), ...changes } };
}

/** Per-epoch curves of one network, filled by its onEpoch. */
export class EpochCurves {
  readonly trainLoss: [number, number][] = [];
  readonly validationLoss: [number, number][] = [];
  readonly trainAccuracy: [number, number][] = [];
  readonly validationAccuracy: [number, number][] = [];

  record(event: EpochEvent): void {
    this.trainLoss.push([event.epoch, event.train.loss]);
    this.trainAccuracy.push([event.epoch, event.train.accuracy]);
    if (event.validation) {
      this.validationLoss.push([event.epoch, event.validation.loss]);
      this.validationAccuracy.push([event.epoch, event.validation.accuracy]);
    }
  }
}

/** At most `limit` points, evenly taken, the last one kept (long SGD curves stay drawable). */
export function thin(points: [number, number][], limit = 400): [number, number][] {
  if (points.length <= limit) return points;
  const step = points.length / limit;
  const kept = Array.from({ length: limit }, (_, i) => points[Math.floor(i * step)]!);
  kept[limit - 1] = points.at(-1)!;
  return kept;
}

export function seriesOf(name: string, points: [number, number][]): Series {
  return { name, points: thin(points) };
}
