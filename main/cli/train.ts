/**
 * `train`: a preset or spec file on MNIST, stored through main/store as a run (<data-dir>/runs/<id>/:
 * run.json, metrics.jsonl, checkpoints/ after every epoch, model.bplab) and a model in the user's library
 * (<data-dir>/models/<id>.bplab), the same layout the app reads. Progress: a bar on a terminal, or with --json one JSON object per line per event, the last
 * being {"event":"done","runDir","modelPath","test":{"accuracy","loss"}}. `--resume RUN_DIR` continues a
 * stored run from its last checkpoint, bit-identically to a run that was never interrupted: only
 * --epochs and --provider may change then, and the data limits (--limit, --test-limit) stored in its
 * run.json at creation are used again. The specs are checked against the data before the run's folder
 * is created, so a spec that cannot train leaves nothing behind.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeModelFile } from '@backprop-lab/core';
import { selectKernels } from '@backprop-lab/core';
import type { ProviderName } from '@backprop-lab/core';
import { Model } from '@backprop-lab/core';
import { createOptimizer } from '@backprop-lab/core';
import { Rng } from '@backprop-lab/core';
import { trainModel, type DoneEvent, type TrainingCheckpoint, type TrainEvent } from '@backprop-lab/core';
import { checkTrainingSetup } from '@backprop-lab/core';
import { loadWeights } from '@backprop-lab/core';
import type { ModelSpec, TrainSpec } from '@backprop-lab/core';
import { isRunId, ModelStore, RunStore, writeFileAtomic, type NewRun } from '../store/index.js';
import { booleanFlag, choiceFlag, numberFlag, parseFlags, stringFlag, UsageError, type ParsedArgs } from './args.js';
import { loadMnistPart } from './data.js';
import { JsonReporter, TextReporter, type Reporter } from './progress.js';
import { applyOverrides, optimizerNames, providerChoices, resolveSpecs, type ResolvedSpecs } from './specs.js';

export const DEFAULT_DATA_DIR = '.data';
const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../resources/models/', import.meta.url));
const APP_VERSION = '0.1.0';

export interface TrainResult {
  runDir: string;
  modelPath: string | null;
  done: DoneEvent;
}

export async function trainCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, {
    preset: 'string', spec: 'string', epochs: 'string', batch: 'string', lr: 'string', optimizer: 'string',
    provider: 'string', seed: 'string', limit: 'string', 'test-limit': 'string', out: 'string', 'data-dir': 'string',
    resume: 'string', json: 'boolean',
  });
  const resumeDir = stringFlag(args, 'resume');
  if (resumeDir !== undefined) refuseResumeOverrides(args);
  const limits: DataLimits = {
    train: numberFlag(args, 'limit', { integer: true, min: 1 }) ?? null,
    test: numberFlag(args, 'test-limit', { integer: true, min: 1 }) ?? null,
  };
  const resumed = resumeDir === undefined ? undefined : await readRunForResume(resolve(resumeDir));
  const dataLimits = resumed ? resumedLimits(resumed, limits, args) : limits;
  const resolved = resumed ?? resolveSpecs(stringFlag(args, 'preset'), stringFlag(args, 'spec'));
  const trainSpec = applyOverrides(resolved.trainSpec, {
    epochs: numberFlag(args, 'epochs', { integer: true, min: 1 }),
    batch: numberFlag(args, 'batch', { integer: true, min: 1 }),
    lr: numberFlag(args, 'lr', { min: 0, exclusiveMin: true }),
    optimizer: choiceFlag(args, 'optimizer', optimizerNames),
    provider: choiceFlag(args, 'provider', providerChoices),
    seed: numberFlag(args, 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 }),
  });
  const json = booleanFlag(args, 'json');
  const reporter: Reporter = json ? new JsonReporter((line) => process.stdout.write(`${line}\n`)) : new TextReporter(process.stdout);
  const result = await trainAndStore({
    resume: resumed,
    source: resolved.source,
    modelSpec: resolved.modelSpec,
    trainSpec,
    dataDir: resumed?.dataDir ?? resolve(stringFlag(args, 'data-dir') ?? DEFAULT_DATA_DIR),
    limit: dataLimits.train ?? undefined,
    testLimit: dataLimits.test ?? undefined,
    extraModelPath: stringFlag(args, 'out'),
    reporter,
  });
  const { done } = result;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        event: 'done', runDir: result.runDir, modelPath: result.modelPath, reason: done.reason, epochs: done.epochs,
        elapsedMs: done.elapsedMs, validation: done.validation,
        test: done.test ? { accuracy: done.test.accuracy, loss: done.test.loss } : null,
      })}\n`,
    );
  } else {
    reporter.note(`run: ${result.runDir}`);
    if (result.modelPath) reporter.note(`model: ${result.modelPath}`);
  }
  return done.reason === 'diverged' ? 1 : 0;
}

/** The overrides a resumed run cannot take: they would make it a different run than its checkpoint's. */
const FIXED_ON_RESUME = ['batch', 'lr', 'optimizer', 'seed', 'data-dir'] as const;

function refuseResumeOverrides(args: ParsedArgs): void {
  if (stringFlag(args, 'preset') !== undefined || stringFlag(args, 'spec') !== undefined) {
    throw new UsageError('--resume continues a stored run with its own specs; leave out --preset and --spec');
  }
  for (const flag of FIXED_ON_RESUME) {
    if (stringFlag(args, flag) === undefined) continue;
    const why = flag === 'data-dir' ? 'the run folder already says where its data directory is'
      : 'the run continues with the settings stored in its run.json';
    throw new UsageError(`--${flag} cannot be used with --resume: ${why}; only --epochs and --provider may change`);
  }
}

/** How many MNIST images a run trains and tests on (null: all of them); kept in run.json for --resume. */
export interface DataLimits {
  train: number | null;
  test: number | null;
}

/** What the CLI adds to a run's run.json besides the store's own fields. */
interface CliRunFields {
  dataLimits?: DataLimits;
}

/**
 * The stored limits of a resumed run; an explicit --limit or --test-limit must repeat them, since other
 * data would no longer continue the same run. Runs stored before limits were recorded take the flags.
 */
function resumedLimits(resumed: { dataLimits?: DataLimits; runDir: string }, explicit: DataLimits, args: ParsedArgs): DataLimits {
  const stored = resumed.dataLimits;
  if (!stored) return explicit;
  const flags = [['limit', 'train'], ['test-limit', 'test']] as const;
  for (const [flag, part] of flags) {
    if (stringFlag(args, flag) === undefined || explicit[part] === stored[part]) continue;
    const storedText = stored[part] === null ? 'no limit (all images)' : `--${flag} ${stored[part]}`;
    throw new UsageError(
      `--${flag} ${explicit[part]} differs from the run's stored ${storedText} (${join(resumed.runDir, 'run.json')}); ` +
        `a resumed run trains on the same data: leave --${flag} out`,
    );
  }
  return stored;
}

export interface TrainAndStoreOptions {
  /** Continue this stored run from its last checkpoint instead of starting a new one. */
  resume?: { runId: string; checkpoint: TrainingCheckpoint };
  source: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  dataDir: string;
  limit?: number;
  testLimit?: number;
  extraModelPath?: string;
  reporter: Reporter;
}

/** Trains, writes the run's files as it goes, and the model file at the end (none after a divergence). */
export async function trainAndStore(options: TrainAndStoreOptions): Promise<TrainResult> {
  const { modelSpec, trainSpec, dataDir, reporter } = options;
  const kernels = await selectKernels(trainSpec.provider as 'auto' | ProviderName);
  const train = await loadMnistPart('train', options.limit);
  const test = await loadMnistPart('test', options.testLimit);
  // Checked before anything is written: a spec that cannot train creates no run, and a resumed run's
  // run.json changes only once its checkpoint is known to load into this model and optimizer.
  checkTrainingSetup(modelSpec, trainSpec, train);
  if (options.resume) checkCheckpointLoads(modelSpec, trainSpec, options.resume.checkpoint, kernels);
  const runs = new RunStore(dataDir);
  const newRun: NewRun & CliRunFields = {
    name: `${options.source} (CLI)`,
    preset: options.source.endsWith('.json') ? undefined : options.source,
    modelSpec,
    trainSpec,
    dataLimits: { train: options.limit ?? null, test: options.testLimit ?? null },
  };
  const run = options.resume
    ? await runs.updateRun(options.resume.runId, { status: 'running', ownerPid: process.pid, trainSpec })
    : await runs.createRun(newRun);
  const runDir = runs.runDir(run.id);
  const from = options.resume ? ` from the checkpoint of epoch ${options.resume.checkpoint.epoch}` : '';
  reporter.note(`training ${options.source} on ${train.count} images with the ${kernels.name} kernels${from}; run ${run.id}`);

  // Writes go one after another in event order, while the loop goes on (it yields every ~50 ms).
  let writes: Promise<unknown> = Promise.resolve();
  const queue = (write: () => Promise<unknown>) => {
    writes = writes.then(write);
  };
  const onEvent = (event: TrainEvent) => {
    reporter.event(event);
    if (event.type === 'iteration') {
      const { epoch, iteration, globalIteration: step, loss, accuracy, learningRate, samplesPerSecond } = event;
      queue(() => runs.appendMetrics(run.id, { kind: 'iteration', point: { epoch, iteration, step, loss, accuracy, learningRate, samplesPerSecond } }));
    } else if (event.type === 'epoch') {
      const point = {
        epoch: event.epoch, trainLoss: event.train.loss, trainAccuracy: event.train.accuracy,
        validationLoss: event.validation?.loss, validationAccuracy: event.validation?.accuracy, learningRate: event.learningRate,
        gradientNorms: event.gradientNorms, elapsedMs: event.elapsedMs, etaMs: event.etaMs,
      };
      queue(() => runs.appendMetrics(run.id, { kind: 'epoch', point }));
      queue(() => runs.updateRun(run.id, { validationAccuracy: event.validation?.accuracy }));
    } else if (event.type === 'checkpoint') {
      const checkpoint = event.checkpoint;
      queue(() => runs.saveCheckpoint(run.id, checkpoint));
    } else if (event.type === 'early-stop' || event.type === 'diverged') {
      if (event.type === 'diverged') divergedMessage = event.message;
      queue(() => runs.appendMetrics(run.id, { kind: event.type, message: event.message, epoch: event.epoch }));
    }
  };

  let done: DoneEvent;
  let divergedMessage = 'training diverged (non-finite loss)';
  try {
    done = await trainModel({ modelSpec, trainSpec, data: { train, test }, kernels, onEvent, resumeFrom: options.resume?.checkpoint });
  } catch (error) {
    await writes;
    await runs.finishRun(run.id, { status: 'failed', error: (error as Error).message });
    throw error;
  } finally {
    reporter.finish();
  }
  await writes;

  const diverged = done.reason === 'diverged';
  const file = diverged ? undefined : modelFileOf(modelSpec, trainSpec, done, { runId: run.id, provider: kernels.name, testCount: test.count, kernels });
  const saved = file ? await new ModelStore(BUNDLED_MODELS_DIR, join(dataDir, 'models')).save(run.id, file) : undefined;
  if (file && options.extraModelPath) await writeFileAtomic(resolve(options.extraModelPath), file);
  await runs.finishRun(run.id, {
    status: diverged ? 'diverged' : done.reason === 'stopped' ? 'stopped' : 'completed',
    metrics: { validation: done.validation, test: done.test },
    model: file,
    modelId: saved?.id,
    error: diverged ? divergedMessage : undefined,
  });
  await runs.updateRun(run.id, { epochsDone: done.epochs, durationMs: done.elapsedMs });
  kernels.dispose?.();
  return { runDir, modelPath: saved?.path ?? null, done };
}

/** The native model file of a finished run: specs, fitted preprocessing, test metrics, provenance, weights. */
export function modelFileOf(
  modelSpec: ModelSpec, trainSpec: TrainSpec, done: DoneEvent,
  context: { runId: string; provider: string; testCount: number; kernels: Parameters<typeof Model.build>[1]['kernels'] },
): Uint8Array {
  const model = Model.build(modelSpec, { kernels: context.kernels, seed: trainSpec.seed, init: trainSpec.init });
  loadWeights(model, done.weights);
  return encodeModelFile({
    modelSpec,
    trainSpec,
    preprocessing: done.preprocessing,
    metrics: {
      test: done.test ? { loss: done.test.loss, accuracy: done.test.accuracy, confusion: done.test.confusion, count: context.testCount } : undefined,
      validation: done.validation,
      epochs: done.epochs,
      trainingTimeMs: done.elapsedMs,
    },
    provenance: { appVersion: APP_VERSION, createdAt: new Date().toISOString(), seed: trainSpec.seed, provider: context.provider, runId: context.runId },
    weights: model.stateDict(),
  });
}

/** Loads the checkpoint into a fresh model and optimizer as trainModel will; throws what that would throw. */
function checkCheckpointLoads(
  modelSpec: ModelSpec, trainSpec: TrainSpec, checkpoint: TrainingCheckpoint, kernels: Parameters<typeof Model.build>[1]['kernels'],
): void {
  const model = Model.build(modelSpec, { kernels, seed: trainSpec.seed, init: trainSpec.init, dtype: 'float32' });
  loadWeights(model, checkpoint.weights);
  createOptimizer(trainSpec.optimizer).setState(checkpoint.optimizer);
  new Rng(trainSpec.seed).setState(checkpoint.rng);
}

export interface StoredRunToResume extends ResolvedSpecs {
  runId: string;
  runDir: string;
  dataDir: string;
  checkpoint: TrainingCheckpoint;
  /** Absent for runs stored before the limits were recorded. */
  dataLimits?: DataLimits;
}

/** A stored run's specs and newest readable checkpoint (run.json and checkpoints/ in its folder). */
export async function readRunForResume(runDir: string): Promise<StoredRunToResume> {
  const runId = basename(runDir);
  const dataDir = dirname(dirname(runDir));
  const runs = new RunStore(dataDir);
  const run = isRunId(runId) ? await runs.getRun(runId) : undefined;
  if (!run) throw new Error(`${join(runDir, 'run.json')}: cannot resume from it (no readable run there)`);
  const checkpoint = await runs.loadLatestCheckpoint(runId);
  if (!checkpoint) throw new Error(`${join(runDir, 'checkpoints')}: cannot resume from it (no readable checkpoint)`);
  const { dataLimits } = run as typeof run & CliRunFields;
  return { runId, runDir, dataDir, source: run.preset ?? run.name, modelSpec: run.modelSpec, trainSpec: run.trainSpec, checkpoint, dataLimits };
}
