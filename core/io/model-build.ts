/**
 * A saved model as a network: its spec built and its weights loaded, or one ModelFileError naming the
 * file, whose problem is what refused, as data: a spec error's code (a field error's `field.*` problem
 * one level further down), a weight the layers refuse (`model.state-*`), or memory the machine cannot
 * give (`model.cannot-allocate`). Used by every reader that hands a file's model on: the ONNX import,
 * the import of a model file or JSON export, the model library and the CLI.
 */
import { ModelFileError, SpecError, specProblem, type ProblemData } from '../errors.js';
import { formatMessage } from '../messages.js';
import type { Kernels } from '../kernels/kernels.js';
import { Model } from '../model.js';
import type { SavedModel } from './model-file.js';

/** The codes a build failure is reported under: a model file's (or JSON export's), or an ONNX file's. */
export type BuildFailureCode = 'model-file.does-not-build' | 'onnx.does-not-build';

export function buildSavedModel(
  saved: Pick<SavedModel, 'modelSpec' | 'weights'>, kernels: Kernels, where: string, code: BuildFailureCode = 'model-file.does-not-build',
): Model {
  try {
    const model = Model.build(saved.modelSpec, { kernels, dtype: 'float32' });
    model.loadStateDict(saved.weights);
    return model;
  } catch (error) {
    const problem = buildProblem(error);
    // The engine's own errors already say it in English (a field by its meaning too); anything else from its code.
    const english = error instanceof SpecError || error instanceof ModelFileError ? error.message : formatMessage(problem.code, problem.params);
    throw new ModelFileError(formatMessage(code, { file: where, problem: english }), { code, params: { file: where }, problem });
  }
}

/** What a failed build says, as data. */
function buildProblem(error: unknown): ProblemData {
  if (error instanceof SpecError) return specProblem(error);
  if (error instanceof ModelFileError && error.code !== 'model-file.invalid') {
    return { code: error.code, params: error.params, ...(error.problem ? { problem: error.problem } : {}) };
  }
  // A typed array the engine cannot allocate (a spec within readLimits may still exceed this machine's memory).
  if (error instanceof RangeError) return { code: 'model.cannot-allocate', params: { reason: error.message } };
  // Nothing else is thrown by a build of a spec that passed validateModelSpec; should a bug throw, its text is kept.
  return { code: 'model-file.invalid', params: { message: (error as Error).message } };
}
