/**
 * `train`: flags → a run description (main/runs), trained and stored by the one run lifecycle under
 * <data-dir>/runs/<id>/ (run.json, metrics.jsonl, checkpoints/ after every epoch, model.bplab) with the
 * model added to the user's library (<data-dir>/models/<id>.bplab), the same layout the app reads.
 * Data: MNIST (its first N images with --limit/--test-limit) or an imported dataset (--dataset NAME);
 * weights: fresh, or a library model's (--from MODEL_ID, fine-tuning). Progress: a bar on a terminal, or
 * with --json one JSON object per line per event, the last being
 * {"event":"done","runDir","modelPath","test":{"accuracy","loss"}}. `--resume RUN_DIR` continues a stored
 * run (started here or in the app) from its last checkpoint, bit-identically to a run never interrupted:
 * only --epochs and --provider may change, and the data its run.json names is used again. The specs are
 * checked against the data before the run's folder is created, so a spec that cannot train leaves nothing.
 */
import { readFile } from 'node:fs/promises';
import { englishName, getPreset, runNameParts, splitCounts } from '@backprop-lab/core';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../store/index.js';
import { isRunId, ModelStore, RunStore } from '../store/index.js';
import {
  datasetOfRecord, MAX_EXECUTOR_THREADS, resumeRun, startRun,
  type ActiveRun, type DatasetReference, type ExecutorChoice, type RunEnvironment, type RunOutcome,
} from '../runs/index.js';
import { booleanFlag, choiceFlag, numberFlag, parseFlags, stringFlag, UsageError, type ParsedArgs } from './args.js';
import { JsonReporter, TextReporter, type Reporter } from './progress.js';
import { applyOverrides, optimizerNames, providerChoices, resolveSpecs } from './specs.js';

export const DEFAULT_DATA_DIR = '.data';

/** 55000 as "55,000": counts of images read as in the app. */
const formatCount = (count: number) => count.toLocaleString('en-US');
const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../resources/models/', import.meta.url));

const APP_VERSION_FALLBACK = '0.1.0';

export interface TrainResult {
  runDir: string;
  modelPath: string | null;
  done: RunOutcome['done'];
}

export async function trainCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, {
    preset: 'string', spec: 'string', epochs: 'string', batch: 'string', lr: 'string', optimizer: 'string',
    provider: 'string', seed: 'string', limit: 'string', 'test-limit': 'string', dataset: 'string', from: 'string',
    out: 'string', 'data-dir': 'string', resume: 'string', threads: 'string', json: 'boolean',
  });
  const json = booleanFlag(args, 'json');
  const reporter: Reporter = json ? new JsonReporter((line) => process.stdout.write(`${line}\n`)) : new TextReporter(process.stdout);
  const resumeDir = stringFlag(args, 'resume');
  const epochs = numberFlag(args, 'epochs', { integer: true, min: 1 });
  const provider = choiceFlag(args, 'provider', providerChoices);
  let active: ActiveRun;
  if (resumeDir !== undefined) {
    refuseResumeOverrides(args);
    const runDir = resolve(resumeDir);
    const dataDir = dirname(dirname(runDir));
    await checkResumedData(runDir, dataDir, args);
    active = await resumeRun(basename(runDir), environment(dataDir, reporter), { epochs, provider });
  } else {
    const resolved = resolveSpecs(stringFlag(args, 'preset'), stringFlag(args, 'spec'));
    const trainSpec = applyOverrides(resolved.trainSpec, {
      epochs, provider,
      batch: numberFlag(args, 'batch', { integer: true, min: 1 }),
      lr: numberFlag(args, 'lr', { min: 0, exclusiveMin: true }),
      optimizer: choiceFlag(args, 'optimizer', optimizerNames),
      seed: numberFlag(args, 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 }),
    });
    const modelId = stringFlag(args, 'from');
    const dataDir = resolve(stringFlag(args, 'data-dir') ?? DEFAULT_DATA_DIR);
    const preset = resolved.source.endsWith('.json') ? undefined : resolved.source;
    // Named as the engine names a run (core/run-name.ts): the preset and what differs from it, in English
    // here, and kept as parts so that the app words it in its own language.
    const nameParts = runNameParts(preset === undefined ? undefined : getPreset(preset), resolved.modelSpec, trainSpec);
    active = await startRun({
      name: englishName(nameParts), nameParts,
      preset, modelSpec: resolved.modelSpec, trainSpec,
      dataset: datasetFlags(args),
      start: modelId === undefined ? { from: 'fresh' } : { from: 'model', modelId },
      executor: threadsFlag(args),
    }, environment(dataDir, reporter));
  }
  const executor = await Promise.race([active.executor, active.finished.then(() => null, () => null)]);
  if (executor) reporter.note(`steps on ${executor.threads === 1 ? 'one thread' : `${executor.threads} threads`}: ${executor.reason}`);
  const split = splitCounts(active.trainCount, active.record.trainSpec.validationSplit);
  const heldOut = split.validation > 0 ? ` (${formatCount(split.validation)} held out for validation)` : '';
  reporter.note(`training ${active.record.preset ?? active.record.modelSpec.name ?? active.record.name} on ${formatCount(split.train)} images${heldOut} with the ${active.provider} kernels; run ${active.record.id}`);
  let outcome: RunOutcome;
  try {
    outcome = await active.finished;
  } finally {
    reporter.finish();
  }
  const extra = stringFlag(args, 'out');
  if (extra && outcome.modelPath) await writeFileAtomic(resolve(extra), await readModelBytes(outcome.modelPath));
  const { done } = outcome;
  const modelPath = outcome.modelPath ?? null;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        event: 'done', runDir: active.runDir, modelPath, reason: done.reason, epochs: done.epochs,
        elapsedMs: done.elapsedMs, validation: done.validation,
        test: done.test ? { accuracy: done.test.accuracy, loss: done.test.loss } : null,
      })}\n`,
    );
  } else {
    reporter.note(`run: ${active.runDir}`);
    if (modelPath) reporter.note(`model: ${modelPath}`);
  }
  return done.reason === 'diverged' ? 1 : 0;
}

function environment(dataDir: string, reporter: Reporter): RunEnvironment {
  return {
    dataDir,
    appVersion: process.env.npm_package_version ?? APP_VERSION_FALLBACK,
    models: new ModelStore(BUNDLED_MODELS_DIR, join(dataDir, 'models')),
    onEvent: (event) => reporter.event(event),
  };
}

async function readModelBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}

/** --dataset NAME (an imported dataset) or MNIST, with --limit N / --test-limit N as a subset. */
function datasetFlags(args: ParsedArgs): DatasetReference {
  const trainLimit = numberFlag(args, 'limit', { integer: true, min: 1 });
  const testLimit = numberFlag(args, 'test-limit', { integer: true, min: 1 });
  const name = stringFlag(args, 'dataset');
  if (name === undefined || name === 'mnist') {
    return { source: 'mnist', ...(trainLimit ? { trainLimit } : {}), ...(testLimit ? { testLimit } : {}) };
  }
  if (testLimit !== undefined) throw new UsageError('--test-limit applies to MNIST only: an imported dataset has no test part');
  return { source: 'user', name, ...(trainLimit ? { trainLimit } : {}) };
}

/** --threads N (1…MAX_EXECUTOR_THREADS) or auto; one thread when absent. */
function threadsFlag(args: ParsedArgs): ExecutorChoice {
  const given = stringFlag(args, 'threads');
  if (given === undefined) return { threads: 1 };
  if (given === 'auto') return { threads: 'auto' };
  const threads = Number(given);
  if (!(/^\d+$/.test(given) && threads >= 1 && threads <= MAX_EXECUTOR_THREADS)) {
    throw new UsageError(`--threads must be auto or a whole number from 1 to ${MAX_EXECUTOR_THREADS}, got "${given}"`);
  }
  return { threads };
}

/** The overrides a resumed run cannot take: they would make it a different run than its checkpoint's. */
const FIXED_ON_RESUME = ['batch', 'lr', 'optimizer', 'seed', 'data-dir', 'dataset', 'from', 'threads'] as const;

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

/** An explicit --limit or --test-limit on --resume must repeat the stored subset: other data would be another run. */
async function checkResumedData(runDir: string, dataDir: string, args: ParsedArgs): Promise<void> {
  const runId = basename(runDir);
  const run = isRunId(runId) ? await new RunStore(dataDir).getRun(runId) : undefined;
  if (!run) throw new Error(`${join(runDir, 'run.json')}: cannot resume from it (no readable run there)`);
  const stored = datasetOfRecord(run);
  const flags = [['limit', 'trainLimit'], ['test-limit', 'testLimit']] as const;
  for (const [flag, key] of flags) {
    const given = numberFlag(args, flag, { integer: true, min: 1 });
    const kept = (stored as { trainLimit?: number; testLimit?: number })[key];
    if (given === undefined || given === kept) continue;
    const storedText = kept === undefined ? 'no limit (all images)' : `--${flag} ${kept}`;
    throw new UsageError(
      `--${flag} ${given} differs from the run's stored ${storedText} (${join(runDir, 'run.json')}); ` +
        `a resumed run trains on the same data: leave --${flag} out`,
    );
  }
}
