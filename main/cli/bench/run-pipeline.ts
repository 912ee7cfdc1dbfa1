/**
 * W2 trained the way a user's run is: a run description (LeNet-5, W2's optimizer and batch, the first
 * images of MNIST, executor `auto`) started with startRun in a temporary data folder, so the figure
 * includes everything a real run does per step (augmentation and preprocessing as specified, event
 * recording, the executor the probe picked). samples/s is the epoch event's: training images of the
 * epoch ÷ its wall-clock time (the probe, the data loading and the final evaluation are not in it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presets, type ProviderName, type TrainEvent } from '@backprop-lab/core';
import { startRun } from '../../runs/index.js';
import { ModelStore } from '../../store/index.js';
import { W2_OPTIMIZER, W2_SETTINGS } from './workloads.js';

export interface RunPipelineResult {
  samplesPerSecond: number;
  /** The executor the run trained with and why (auto's probe). */
  threads: number;
  reason: string;
  images: number;
}

export async function benchRunPipeline(provider: ProviderName, batches: number): Promise<RunPipelineResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bplab-bench-run-'));
  try {
    const images = batches * W2_SETTINGS.batchSize;
    let samplesPerSecond = NaN;
    const active = await startRun({
      name: 'bench W2 run', modelSpec: presets.lenet5.modelSpec,
      trainSpec: {
        optimizer: W2_OPTIMIZER, init: 'he-uniform', batchSize: W2_SETTINGS.batchSize, epochs: 1, seed: 1,
        validationSplit: 0, preprocess: { type: 'none' }, provider,
      },
      dataset: { source: 'mnist', trainLimit: images, testLimit: 100 }, start: { from: 'fresh' }, executor: { threads: 'auto' },
    }, {
      dataDir, appVersion: 'bench', models: new ModelStore(join(dataDir, 'bundled'), join(dataDir, 'models')),
      onEvent: (event: TrainEvent) => {
        if (event.type === 'epoch') samplesPerSecond = event.samplesPerSecond;
      },
    });
    const [chosen] = await Promise.all([active.executor, active.finished]);
    return { samplesPerSecond, threads: chosen!.threads, reason: chosen!.reason, images };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
