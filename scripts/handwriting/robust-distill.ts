/**
 * The robust cnn-best's fine-tune with distillation (robust-cnn-best.ts --distill λ): the same data, spec
 * and starting weights as the CLI's fine-tune, trained in this process by the engine's own loop so that
 * every batch's targets can carry the bundled cnn-best's soft targets (core/train/distill.ts: its
 * softmax blended in at share λ on the digits it reads right), which holds the fine-tune to what cnn-best
 * knows of MNIST while the writer variants teach the other hands.
 */
import { writeFileSync } from 'node:fs';
import {
  copyWeights, distillationTargets, encodeModelFile, loadWeights, selectKernels, trainModel, type Dataset, type TrainSpec,
} from '@backprop-lab/core';
import { loadModelFile } from '../../main/cli/model-file.js';
import { startRunExecutor } from '../../main/runs/executor.js';
import { percent } from './writers.js';

/** Fine-tunes the model file at `bundled` on `data` with `trainSpec`, its teacher a second copy of it, and writes the result to `out`. */
export async function fineTuneDistilled(bundled: string, data: Dataset, trainSpec: TrainSpec, share: number, out: string): Promise<void> {
  const kernels = await selectKernels('auto');
  const student = loadModelFile(bundled, kernels);
  const teacher = loadModelFile(bundled, kernels).model;
  // The executor the CLI's training would choose (worker threads where they are faster).
  const executor = await startRunExecutor({ threads: 'auto' }, { modelSpec: student.saved.modelSpec, trainSpec, train: data, kernels });
  console.log(`distilled fine-tune at share ${share}: ${executor.chosen.reason}`);
  const done = await trainModel({
    modelSpec: student.saved.modelSpec,
    trainSpec,
    data: { train: data },
    kernels,
    initial: { weights: copyWeights(student.model), preprocessing: student.saved.preprocessing ?? undefined },
    targets: distillationTargets(teacher, share),
    step: executor.step,
    iterationEventIntervalMs: Infinity,
    onEvent: (event) => {
      if (event.type === 'epoch') {
        const validation = event.validation ? ` val acc ${percent(event.validation.accuracy)}` : '';
        console.log(`epoch ${event.epoch}/${trainSpec.epochs}: train loss ${event.train.loss.toFixed(4)}${validation} (${Math.round(event.elapsedMs / 1000)} s)`);
      }
    },
  }).finally(() => executor.close());
  if (done.reason !== 'completed') throw new Error(`the distilled fine-tune ended ${done.reason}`);
  loadWeights(student.model, done.weights);
  // The start's test figures stand until the caller measures the fine-tune; its run, seed, provider and
  // training length are the start's, not this fine-tune's, and are not carried over.
  writeFileSync(out, encodeModelFile({
    ...student.saved,
    trainSpec,
    metrics: { test: student.saved.metrics?.test, validation: done.validation, epochs: done.epochs, trainingTimeMs: done.elapsedMs },
    weights: student.model.stateDict(),
    provenance: {
      appVersion: student.saved.provenance.appVersion, createdAt: new Date().toISOString(), seed: trainSpec.seed, provider: kernels.name,
      notes: `distilled from the bundled cnn-best at share ${share}`,
    },
  }));
}
