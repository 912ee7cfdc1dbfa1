/**
 * The training loop (TEXTBOOK §8): per epoch, shuffle the training split (seeded), take ⌈N/B⌉
 * mini-batches, set η from the schedule, take one step; then evaluate on the validation split, report,
 * checkpoint, and apply early stopping. No file I/O: checkpoints and results leave as events.
 *
 * Determinism: the weights depend only on the specs, the seed and the kernel provider. The split uses
 * its own seeded stream; shuffling, augmentation and dropout draw from one loop stream whose state is in
 * every checkpoint, so 1 epoch + resume + 1 epoch equals 2 epochs straight, bit for bit.
 */
import { SpecError } from '../errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { oneHot } from '../losses.js';
import { gradientNorms as parameterGradientNorms, Model, validateModelSpec } from '../model.js';
import { createOptimizer, initialLearningRate } from '../optim/index.js';
import { Rng } from '../random.js';
import { createSchedule } from '../schedules.js';
import { checkRegularisation } from '../regularisation.js';
import { formatShape, shapeSize, type Tensor } from '../tensor.js';
import { readFields, type FieldProblem } from '../fields.js';
import { earlyStoppingFields, trainSpecFields } from './spec-fields.js';
import type { ModelSpec, TrainSpec } from '../spec.js';
import type { TrainingControl } from './control.js';
import { evaluate, type Evaluation } from './evaluate.js';
import type {
  BestSoFar,
  DivergedEvent,
  DoneEvent,
  FittedPreprocessing,
  LossAccuracy,
  StopReason,
  TrainData,
  TrainEvent,
  TrainingCheckpoint,
} from './events.js';
import { epochOrder, makeBatch } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { prepareData, preprocessedSamples } from './pipeline.js';
import { singleThreadStep, type StepFunction } from './executor.js';
import { copyWeights, loadWeights, type Weights } from './weights.js';
import { chanceLoss, DivergenceGuard, divergenceFailure, WEIGHTS_NOT_FINITE } from './divergence.js';
import type { ProblemData } from '../errors.js';

/** Target rows [m, classes] for a batch x of m samples with these labels. */
export type BatchTargets = (x: Tensor, labels: Uint8Array, classes: number) => Tensor;

export interface TrainOptions {
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  data: TrainData;
  kernels: Kernels;
  resumeFrom?: TrainingCheckpoint;
  /**
   * Where a fresh run starts instead of the seeded initialisation (fine-tuning): a model's weights by
   * dotted name, and the preprocessing that model was trained with, used as it is instead of being
   * fitted again (the weights expect inputs preprocessed that way). Ignored when resuming.
   */
  initial?: { weights: Weights; preprocessing?: FittedPreprocessing };
  /** How one step is taken (default: on this thread); see executor.ts. */
  step?: StepFunction;
  /**
   * The batch's target rows (default: one-hot of its labels); `x` is the batch as the model takes it,
   * augmented and preprocessed. Distillation (distill.ts) blends a teacher's probabilities in.
   */
  targets?: BatchTargets;
  /** May return a promise for a checkpoint event (its write), which the loop awaits before going on. */
  onEvent: (event: TrainEvent) => void | Promise<unknown>;
  control?: TrainingControl;
  /** Shortest interval between iteration events (default 250 ms). */
  iterationEventIntervalMs?: number;
}

/** How long the loop computes before it lets the event loop run (a server in the same process). */
const YIELD_INTERVAL_MS = 50;

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The schedule's α₀: the optimizer's own learning rate, its default where the spec leaves it out. */
export function baseLearningRate(trainSpec: TrainSpec): number {
  return initialLearningRate(trainSpec.optimizer);
}

/** Trains to the end (or a stop, early stop or divergence) and returns the `done` event. */
export async function trainModel(options: TrainOptions): Promise<DoneEvent> {
  const { modelSpec, trainSpec, data, kernels, resumeFrom, onEvent, control } = options;
  const step = options.step ?? singleThreadStep;
  checkTrainingSetup(modelSpec, trainSpec, data.train);
  const train = data.train;

  const model = Model.build(modelSpec, { kernels, init: trainSpec.init, seed: trainSpec.seed, dtype: 'float32' });
  const classes = train.classes;
  const loss = model.loss;
  const optimizer = createOptimizer(trainSpec.optimizer);
  const schedule = createSchedule(trainSpec.schedule ?? { type: 'constant' }, baseLearningRate(trainSpec));
  const perIteration = trainSpec.schedule?.unit === 'iteration';
  const guard = new DivergenceGuard(chanceLoss(loss, classes));

  const given = resumeFrom ? undefined : options.initial;
  const { split, preprocessing, validation } = prepareData(
    train, trainSpec.validationSplit, trainSpec.preprocess, trainSpec.seed, modelSpec.inputShape, given?.preprocessing,
  );
  if (split.trainIndices.length === 0) {
    throw SpecError.of('train.no-training-samples', { validationSplit: trainSpec.validationSplit, count: train.count });
  }
  const evaluationOptions = { inputShape: modelSpec.inputShape, classes };

  const rng = new Rng(trainSpec.seed);
  let startEpoch = 0;
  let globalIteration = 0;
  let best: BestSoFar | null = null;
  let epochsWithoutImprovement = 0;
  let elapsedBeforeMs = 0;
  let lastGood: TrainingCheckpoint | null = null;
  if (resumeFrom) {
    loadWeights(model, resumeFrom.weights);
    optimizer.setState(resumeFrom.optimizer);
    rng.setState(resumeFrom.rng);
    startEpoch = resumeFrom.epoch;
    globalIteration = resumeFrom.globalIteration;
    best = resumeFrom.best;
    epochsWithoutImprovement = resumeFrom.epochsWithoutImprovement;
    elapsedBeforeMs = resumeFrom.elapsedMs;
    lastGood = resumeFrom;
  } else if (given) {
    loadWeights(model, given.weights);
  }
  const initialWeights = copyWeights(model);

  const batchSize = trainSpec.batchSize;
  const trainCount = split.trainIndices.length;
  const iterationsPerEpoch = Math.ceil(trainCount / batchSize);
  const eventIntervalMs = options.iterationEventIntervalMs ?? 250;
  const startedAt = performance.now();
  const elapsed = () => elapsedBeforeMs + performance.now() - startedAt;
  let lastYield = performance.now();
  let lastIterationEvent = -Infinity;
  let samplesThisRun = 0;
  let reason: StopReason = 'completed';
  let epoch = startEpoch;
  let lastValidation: LossAccuracy | null = best ? { loss: best.validationLoss, accuracy: best.validationAccuracy } : null;

  epochs: for (; epoch < trainSpec.epochs; epoch++) {
    const order = epochOrder(train.count, split.trainIndices, rng);
    const epochStartedAt = performance.now();
    let lossSum = 0;
    let correctSum = 0;
    let learningRate = optimizer.learningRate;
    for (let iteration = 0; iteration < iterationsPerEpoch; iteration++) {
      if (control && (await control.waitWhilePaused())) {
        reason = 'stopped';
        break epochs;
      }
      const batchIndices = order.subarray(iteration * batchSize, Math.min((iteration + 1) * batchSize, trainCount));
      const { x, labels } = makeBatch(train, batchIndices, modelSpec.inputShape, { rng, augment: trainSpec.augment, preprocessing });
      const m = labels.length;
      const y = options.targets ? options.targets(x, labels, classes) : oneHot(labels, classes);

      learningRate = schedule(perIteration ? globalIteration : epoch);
      optimizer.learningRate = learningRate;
      const taken = step(x, y, { model, optimizer, regularisation: trainSpec.regularisation, rng });
      const result = taken instanceof Promise ? await taken : taken;
      globalIteration += 1;
      samplesThisRun += m;
      const divergence = guard.afterIteration(result.loss, learningRate);
      if (divergence) {
        onEvent(divergedEvent(epoch + 1, iteration + 1, divergence.loss, divergence.problem, lastGood !== null));
        loadWeights(model, lastGood?.weights ?? initialWeights);
        reason = 'diverged';
        break epochs;
      }
      lossSum += result.loss * m;
      correctSum += result.accuracy * m;

      const now = performance.now();
      if (now - lastIterationEvent >= eventIntervalMs || iteration === iterationsPerEpoch - 1) {
        lastIterationEvent = now;
        onEvent({
          type: 'iteration',
          epoch: epoch + 1,
          iteration: iteration + 1,
          iterationsPerEpoch,
          globalIteration,
          loss: result.loss,
          accuracy: result.accuracy,
          learningRate,
          samplesPerSecond: samplesThisRun / Math.max((now - startedAt) / 1000, 1e-9),
        });
      }
      if (now - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }

    const epochDivergence = guard.afterEpoch(lossSum / trainCount, learningRate);
    if (epochDivergence) {
      onEvent(divergedEvent(epoch + 1, iterationsPerEpoch, epochDivergence.loss, epochDivergence.problem, lastGood !== null));
      loadWeights(model, lastGood?.weights ?? initialWeights);
      reason = 'diverged';
      break;
    }
    const weightsNow = copyWeights(model);
    if (!allFinite(weightsNow)) {
      onEvent(divergedEvent(epoch + 1, iterationsPerEpoch, NaN, WEIGHTS_NOT_FINITE, lastGood !== null));
      loadWeights(model, lastGood?.weights ?? initialWeights);
      reason = 'diverged';
      break;
    }
    const gradientNorms = parameterGradientNorms(model);
    const evaluation: Evaluation | null = validation ? evaluate(model, loss, validation, evaluationOptions) : null;
    lastValidation = evaluation ? { loss: evaluation.loss, accuracy: evaluation.accuracy } : null;
    const epochsDone = epoch + 1 - startEpoch;
    const elapsedMs = elapsed();
    const epochMs = performance.now() - epochStartedAt;
    onEvent({
      type: 'epoch',
      epoch: epoch + 1,
      epochs: trainSpec.epochs,
      train: { loss: lossSum / trainCount, accuracy: correctSum / trainCount },
      validation: lastValidation,
      learningRate,
      gradientNorms,
      elapsedMs,
      etaMs: ((performance.now() - startedAt) / epochsDone) * (trainSpec.epochs - epoch - 1),
      samplesPerSecond: trainCount / Math.max(epochMs / 1000, 1e-9),
    });

    if (evaluation && (!best || evaluation.loss < best.validationLoss - (trainSpec.earlyStopping?.minDelta ?? 0))) {
      best = { epoch: epoch + 1, validationLoss: evaluation.loss, validationAccuracy: evaluation.accuracy, weights: weightsNow };
      epochsWithoutImprovement = 0;
    } else if (evaluation) {
      epochsWithoutImprovement += 1;
    }
    lastGood = {
      epoch: epoch + 1,
      globalIteration,
      weights: weightsNow,
      optimizer: optimizer.getState(),
      rng: rng.getState(),
      best,
      epochsWithoutImprovement,
      elapsedMs,
    };
    // A host that stores checkpoints returns the write: the next epoch starts only once it is on disk.
    const stored = onEvent({ type: 'checkpoint', checkpoint: lastGood });
    if (stored instanceof Promise) await stored;

    const patience = trainSpec.earlyStopping?.patience;
    if (patience !== undefined && best && epochsWithoutImprovement >= patience && epoch + 1 < trainSpec.epochs) {
      loadWeights(model, best.weights);
      lastValidation = { loss: best.validationLoss, accuracy: best.validationAccuracy };
      onEvent({
        type: 'early-stop',
        epoch: epoch + 1,
        bestEpoch: best.epoch,
        bestValidationLoss: best.validationLoss,
        message:
          `Early stop after epoch ${epoch + 1}: no validation improvement for ${patience} epochs; ` +
          `restored the weights of epoch ${best.epoch} (validation loss ${best.validationLoss.toFixed(4)})`,
      });
      reason = 'early-stop';
      epoch += 1;
      break;
    }
    await yieldToEventLoop();
    lastYield = performance.now();
  }

  const test = data.test && reason !== 'diverged' ? evaluate(model, loss, preprocessedSamples(data.test, preprocessing, modelSpec.inputShape), evaluationOptions) : null;
  const done: DoneEvent = {
    type: 'done',
    reason,
    epochs: Math.min(epoch, trainSpec.epochs),
    elapsedMs: elapsed(),
    weights: copyWeights(model),
    preprocessing,
    validation: lastValidation,
    test,
  };
  onEvent(done);
  return done;
}

function divergedEvent(epoch: number, iteration: number, loss: number, problem: ProblemData, hasCheckpoint: boolean): DivergedEvent {
  return { type: 'diverged', epoch, iteration, loss, ...divergenceFailure(epoch, iteration, problem, hasCheckpoint) };
}

function allFinite(weights: Weights): boolean {
  return Object.values(weights).every((values) => values.every(Number.isFinite));
}

/**
 * Everything about the specs and the data that can be checked before training starts (and before a
 * caller creates anything for the run): the TrainSpec's values, the ModelSpec layer by layer, the
 * input shape against the samples, and the last layer's output size against the number of classes.
 * Throws SpecError naming the field or layer and the numbers.
 */
export function checkTrainingSetup(modelSpec: ModelSpec, trainSpec: TrainSpec, train: Pick<Dataset, 'images' | 'count' | 'classes'>): void {
  checkTrainSpec(trainSpec);
  const shapes = validateModelSpec(modelSpec);
  const featureSize = train.images.length / Math.max(train.count, 1);
  if (shapeSize(modelSpec.inputShape) !== featureSize) {
    throw SpecError.of('train.input-size', { inputShape: formatShape(modelSpec.inputShape), size: shapeSize(modelSpec.inputShape), sampleSize: featureSize });
  }
  const last = modelSpec.layers.length - 1;
  const outputs = shapeSize(shapes[last]!);
  if (outputs !== train.classes) {
    throw SpecError.of('train.output-classes', { index: last, type: modelSpec.layers[last]!.type, outputs, classes: train.classes }, last);
  }
}

function checkTrainSpec(spec: TrainSpec): void {
  const fail = (problem: FieldProblem) => SpecError.field('train.field', {}, problem);
  readFields(trainSpecFields, spec, fail);
  if (spec.earlyStopping) readFields(earlyStoppingFields, spec.earlyStopping, fail, 'earlyStopping.');
  // Built once here only to be checked, so that a bad β₁ or step size is refused before a run exists.
  createOptimizer(spec.optimizer);
  createSchedule(spec.schedule ?? { type: 'constant' }, baseLearningRate(spec));
  checkRegularisation(spec.regularisation);
  const preprocess = spec.preprocess as { type?: unknown; range?: unknown } | undefined;
  if (preprocess?.type === 'minmax') {
    const range = preprocess.range;
    const valid = Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!valid || !((range[0] as number) < (range[1] as number))) {
      throw SpecError.of('train.preprocess-range', { got: JSON.stringify(range) ?? String(range) });
    }
  }
}
