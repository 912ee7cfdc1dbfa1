/**
 * Every request of the API: its wire name, the schema of its params and of its result. One table, read
 * by every end: the engine validates params against it, clients validate results against it.
 * `engine.*` methods are answered by the host that owns the engine process, not by the engine.
 */
import { z } from 'zod';
import {
  engineStatus, modelDetail, modelInfo, prediction, preset, runDetail, runSummary, settings,
} from './records.js';
import { modelSpec, providerChoice, trainOverrides, trainSpec } from './specs.js';
import { datasetReference, executorChoice, resumeChanges, startingPoint } from './run-description.js';
import { experimentMethods } from './experiments.js';
import { interopMethods } from './interop.js';
import { handwritingMethods } from './handwriting.js';
import { runHistoryMethods } from './run-history.js';
import { fineTuneMethods } from './handwriting-finetune.js';
import { fineTuneHistoryMethods } from './fine-tune-history.js';
import { modelLibraryMethods } from './model-library.js';
import { damagedRunMethods } from './damaged-runs.js';
import { startChoiceMethods } from './start-choices.js';
import { datasetImportMethods } from './dataset-import.js';
import { windowMethods } from './window-methods.js';

const none = z.object({}).strict();
const byId = z.object({ id: z.string().min(1) }).strict();
const ok = z.object({ ok: z.literal(true) });

/** 28×28 = 784 pixels, row-major, ink 1 on background 0 (the MNIST recipe, before model normalisation). */
export const INPUT_PIXELS = 784;

export const methods = {
  'models.list': { params: none, result: z.array(modelInfo) },
  'models.get': { params: byId, result: modelDetail },
  'models.delete': { params: byId, result: ok },
  'predict': {
    params: z.object({
      modelId: z.string().min(1),
      input: z.array(z.number().finite()).length(INPUT_PIXELS),
    }).strict(),
    result: prediction,
  },
  'presets.list': { params: none, result: z.array(preset) },
  'runs.list': { params: none, result: z.array(runSummary) },
  'runs.get': { params: byId, result: runDetail },
  'runs.start': {
    params: z.object({
      name: z.string().optional(),
      /** Start from a preset; `modelSpec`/`trainSpec` replace its parts, `overrides` patch its TrainSpec. */
      preset: z.string().min(1).optional(),
      modelSpec: modelSpec.optional(),
      trainSpec: trainSpec.optional(),
      overrides: trainOverrides.optional(),
      /** The data (default: the whole bundled MNIST; a subset with trainLimit/testLimit, or an imported dataset). */
      dataset: datasetReference.optional(),
      /** Where the weights start (default: fresh); a library model's weights fine-tune it. */
      start: startingPoint.optional(),
      executor: executorChoice.optional(),
    }).strict().refine((p) => p.preset !== undefined || (p.modelSpec !== undefined && p.trainSpec !== undefined), {
      message: 'runs.start needs a preset, or both modelSpec and trainSpec',
    }),
    result: runSummary,
  },
  'runs.pause': { params: byId, result: runSummary },
  /**
   * Resumes a paused run, or an interrupted one from its last checkpoint (on the same data); an
   * interrupted run may be given more epochs or another kernel provider.
   */
  'runs.resume': { params: z.object({ id: z.string().min(1), ...resumeChanges.shape }).strict(), result: runSummary },
  'runs.stop': { params: byId, result: runSummary },
  'runs.delete': { params: byId, result: ok },
  'settings.get': { params: none, result: settings },
  'settings.setProvider': { params: z.object({ provider: providerChoice }).strict(), result: settings },
  'engine.status': { params: none, result: engineStatus },
  'engine.restart': { params: none, result: engineStatus },
  ...experimentMethods,
  ...interopMethods,
  ...handwritingMethods,
  ...runHistoryMethods,
  ...fineTuneMethods,
  ...fineTuneHistoryMethods,
  ...modelLibraryMethods,
  ...damagedRunMethods,
  ...startChoiceMethods,
  ...datasetImportMethods,
  ...windowMethods,
} as const;

export type MethodName = keyof typeof methods;
export type MethodParams<M extends MethodName> = z.output<(typeof methods)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof methods)[M]['result']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
