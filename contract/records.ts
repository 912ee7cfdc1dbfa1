/**
 * The records the API returns: models, presets, runs with their metrics, providers and settings.
 * Plain JSON only (they cross a WebSocket, a MessagePort and Electron's structured clone alike).
 */
import { z } from 'zod';
import { modelSpec, providerChoice, providerName, trainSpec } from './specs.js';
import { datasetReference, executorChoice, startEvaluation, startingPoint } from './run-description.js';
import { codedError, errorParams } from './errors.js';
import { engineNameParts } from './engine-name.js';
import { isFineTunedFrom, isFineTuneStart, type FineTunedFrom, type FineTuneStart } from '@backprop-lab/core';

const isoTime = z.string();

/** One layer's line of a model summary. */
export const layerSummary = z.object({
  index: z.number().int(),
  type: z.string(),
  outputShape: z.array(z.number().int()),
  paramCount: z.number().int(),
});

/** A fine-tune's start model, by the rules the model file's provenance.fineTunedFrom.start is read with (core/io/fine-tuned-from.ts). */
export const fineTuneStart: z.ZodType<FineTuneStart> = z.custom<FineTuneStart>(isFineTuneStart, { message: 'not a fine-tune start record (docs/model-format.md)' });

/** A fine-tune's start model and its training, by the rules the model file's provenance.fineTunedFrom is read with. */
export const fineTunedFrom: z.ZodType<FineTunedFrom> = z.custom<FineTunedFrom>(isFineTunedFrom, { message: 'not a fineTunedFrom record (docs/model-format.md)' });

export const modelInfo = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** The parts of a name the engine made (a fine-tuned model's, a run's model's), worded by the app; absent: `name` as it is. */
  nameParts: engineNameParts.optional(),
  /** bundled models ship in resources/models and cannot be deleted. */
  source: z.enum(['bundled', 'user']),
  createdAt: isoTime.optional(),
  modelSpec,
  testAccuracy: z.number().optional(),
  runId: z.string().optional(),
  /** Present for a fine-tune whose file records what it started from. */
  fineTunedFrom: fineTunedFrom.optional(),
});

export const modelDetail = modelInfo.extend({
  summary: z.array(layerSummary),
  totalParams: z.number().int(),
  trainSpec: trainSpec.optional(),
  testLoss: z.number().optional(),
});

export const preset = z.object({
  name: z.string().min(1),
  description: z.string(),
  modelSpec,
  trainSpec,
});

export const runStatus = z.enum(['queued', 'running', 'paused', 'completed', 'stopped', 'failed', 'interrupted']);

export const runSummary = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** The parts of the name when the engine made it (core/run-name.ts), worded by the app; absent when typed or renamed. */
  nameParts: engineNameParts.optional(),
  preset: z.string().optional(),
  status: runStatus,
  createdAt: isoTime,
  updatedAt: isoTime,
  epochsDone: z.number().int().nonnegative(),
  /** 0 for a run that only evaluates its starting model (a spec file's `epochs: 0`, fine-tuning's first evaluation). */
  epochs: z.number().int().nonnegative(),
  /** Training time so far, pauses excluded. */
  durationMs: z.number().nonnegative(),
  validationAccuracy: z.number().optional(),
  testAccuracy: z.number().optional(),
  modelId: z.string().optional(),
  /**
   * Why a finished run added no model: it diverged, or it was stopped before its first epoch was complete
   * (weights of a part of one epoch are not a trained model).
   */
  noModel: z.enum(['stopped-before-first-epoch', 'diverged']).optional(),
  /** A run from a library model: what those weights scored before it trained (shown beside the final figure). */
  startEvaluation: startEvaluation.optional(),
  /** Why the run failed, in English (for logs, and the words of a run.json written before `errorData`). */
  error: z.string().optional(),
  /** The same failure as data, for the app to word in its language. */
  errorData: codedError.optional(),
});

export const iterationPoint = z.object({
  epoch: z.number().int(),
  iteration: z.number().int(),
  /** Iterations since the run began, the x axis of the live curves. */
  step: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  learningRate: z.number(),
  samplesPerSecond: z.number(),
});

export const epochPoint = z.object({
  epoch: z.number().int(),
  trainLoss: z.number(),
  trainAccuracy: z.number(),
  validationLoss: z.number().optional(),
  validationAccuracy: z.number().optional(),
  learningRate: z.number().optional(),
  gradientNorms: z.record(z.string(), z.number()).optional(),
  elapsedMs: z.number(),
  etaMs: z.number().optional(),
});

export const runDetail = runSummary.extend({
  modelSpec,
  trainSpec,
  /** The data it trains on, where its weights started, the executor: its description, as run.json holds it. */
  dataset: datasetReference,
  start: startingPoint,
  executor: executorChoice,
  iterations: z.array(iterationPoint),
  epochPoints: z.array(epochPoint),
});

/** A message as data (a code of core/messages.ts and its parameters): the app words it, `reason`/`detail` are its English. */
export const messageData = z.object({ code: z.string(), params: errorParams });

export const providerStatus = z.object({
  name: providerName,
  available: z.boolean(),
  reason: z.string().optional(),
  reasonData: messageData.optional(),
  detail: z.string().optional(),
  detailData: z.array(messageData).optional(),
});

export const settings = z.object({
  providers: z.array(providerStatus),
  /** What the user chose ('auto' picks the fastest available). */
  provider: providerChoice,
  /** What 'auto' (or the choice) resolves to now. */
  activeProvider: providerName.optional(),
  /** True when the tfjs-node-gpu provider is available (CUDA in use for training). */
  cudaAvailable: z.boolean(),
  /** Why CUDA is not available, when it is not: English, and as data the app words. */
  cudaReason: z.string().optional(),
  cudaReasonData: messageData.optional(),
  dataDir: z.string(),
  version: z.string(),
});

export const engineState = z.enum(['starting', 'ready', 'crashed', 'stopped']);
export const engineStatus = z.object({
  state: engineState,
  /** Process id of the engine when it runs in its own process. */
  pid: z.number().int().optional(),
  /** Why it stopped, in English, for logs. */
  message: z.string().optional(),
  /** How its process ended, as data the app words: the exit code, or the signal that ended it. */
  exitCode: z.number().int().optional(),
  signal: z.string().optional(),
  /** How many times the engine has been (re)started by this host. */
  generation: z.number().int().nonnegative(),
});

export const prediction = z.object({
  probabilities: z.array(z.number()),
  /** argmax of probabilities. */
  digit: z.number().int(),
  modelId: z.string(),
});

export type LayerSummary = z.infer<typeof layerSummary>;
export type ModelInfo = z.infer<typeof modelInfo>;
export type ModelDetail = z.infer<typeof modelDetail>;
export type Preset = z.infer<typeof preset>;
export type RunStatus = z.infer<typeof runStatus>;
export type RunSummary = z.infer<typeof runSummary>;
export type NoModelReason = NonNullable<RunSummary['noModel']>;
export type IterationPoint = z.infer<typeof iterationPoint>;
export type EpochPoint = z.infer<typeof epochPoint>;
export type RunDetail = z.infer<typeof runDetail>;
export type ProviderStatusRecord = z.infer<typeof providerStatus>;
export type Settings = z.infer<typeof settings>;
export type EngineState = z.infer<typeof engineState>;
export type EngineStatus = z.infer<typeof engineStatus>;
export type Prediction = z.infer<typeof prediction>;
