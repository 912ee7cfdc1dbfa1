/**
 * One training run inside the engine: MNIST (or its first N samples), the kernels the TrainSpec asks
 * for, core's loop with pause/resume/stop, each epoch's checkpoint in the run store, and the final model
 * written into the run's folder and the user's model library.
 */
import { subset, type Dataset } from '@backprop-lab/core';
import { encodeModelFile } from '@backprop-lab/core';
import { selectKernels } from '@backprop-lab/core';
import { Model } from '@backprop-lab/core';
import { TrainingControl, loadWeights, trainModel } from '@backprop-lab/core';
import { loadMnist } from '../datasets/mnist.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { RunStore } from '../store/run-store.js';
import type { ModelLibrary } from './model-library.js';
import type { TrainingHandle, TrainingJob, TrainingOutcome } from './ports.js';

export interface TrainingContext {
  runs: RunStore;
  models: ModelLibrary;
  appVersion: string;
}

/** The first `limit` samples (all when undefined). */
function firstSamples(data: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= data.count) return data;
  return subset(data, Uint32Array.from({ length: limit }, (_, i) => i));
}

export function startTraining(job: TrainingJob, context: TrainingContext): TrainingHandle {
  const control = new TrainingControl();
  return {
    pause: () => control.pause(),
    resume: () => control.resume(),
    stop: () => control.stop(),
    finished: runTraining(job, context, control),
  };
}

async function runTraining(job: TrainingJob, context: TrainingContext, control: TrainingControl): Promise<TrainingOutcome> {
  // Let the caller see the run as started before the CPU-heavy loading begins.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const { modelSpec, trainSpec } = job;
  const train = firstSamples(await loadMnist('train'), job.trainSubset);
  const test = firstSamples(await loadMnist('test'), job.testSubset);
  const kernels = await selectKernels(trainSpec.provider);
  let checkpointWrite: Promise<void> = Promise.resolve();
  let divergedMessage: string | undefined;

  const done = await trainModel({
    modelSpec, trainSpec, kernels, control, resumeFrom: job.resumeFrom,
    data: { train, test },
    onEvent(event) {
      switch (event.type) {
        case 'iteration':
          job.onIteration({
            epoch: event.epoch, iteration: event.iteration, step: event.globalIteration, iterationsPerEpoch: event.iterationsPerEpoch,
            loss: event.loss, accuracy: event.accuracy, learningRate: event.learningRate, samplesPerSecond: event.samplesPerSecond,
          });
          break;
        case 'epoch':
          job.onEpoch({
            epoch: event.epoch, epochs: event.epochs, trainLoss: event.train.loss, trainAccuracy: event.train.accuracy,
            validationLoss: event.validation?.loss, validationAccuracy: event.validation?.accuracy, learningRate: event.learningRate,
            gradientNorms: event.gradientNorms, elapsedMs: event.elapsedMs, etaMs: event.etaMs,
          });
          break;
        case 'checkpoint':
          checkpointWrite = checkpointWrite.then(() => context.runs.saveCheckpoint(job.runId, event.checkpoint)).then(() => undefined, () => undefined);
          break;
        case 'diverged':
          divergedMessage = event.message;
          break;
        default:
          break;
      }
    },
  });
  await checkpointWrite;
  kernels.dispose?.();

  if (done.reason === 'diverged') return { reason: 'diverged', message: divergedMessage };
  const model = Model.build(modelSpec, { kernels: await selectKernels('reference'), seed: trainSpec.seed, init: trainSpec.init });
  loadWeights(model, done.weights);
  const file = encodeModelFile({
    modelSpec: { ...modelSpec, name: modelSpec.name ?? job.runId },
    trainSpec,
    preprocessing: done.preprocessing,
    metrics: {
      test: done.test ? { loss: done.test.loss, accuracy: done.test.accuracy, confusion: done.test.confusion, count: test.count } : undefined,
      validation: done.validation,
      epochs: done.epochs,
      trainingTimeMs: done.elapsedMs,
    },
    provenance: { appVersion: context.appVersion, createdAt: new Date().toISOString(), seed: trainSpec.seed, provider: kernels.name, runId: job.runId },
    weights: model.stateDict(),
  });
  await writeFileAtomic(context.runs.modelPath(job.runId), file);
  const modelId = await context.models.save(job.runId, file);
  return {
    reason: done.reason, modelId, validationAccuracy: done.validation?.accuracy,
    testAccuracy: done.test?.accuracy, testLoss: done.test?.loss,
  };
}
