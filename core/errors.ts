/**
 * Errors users see. Each message names what is wrong and the numbers involved, and each error carries
 * the same as data: a `code` of core/messages.ts and its `params` (the app translates them; the layer a
 * spec error concerns is `layerIndex`). `new SpecError(message)` without a code is a generic one
 * (`spec.invalid`, whose translation shows the English message); `SpecError.of(code, params)` is coded.
 * A field that breaks its rule is `SpecError.field(code, params, problem)`: `code` says where the
 * field sits (`layer.field`, `optimizer.field` …), `problem` what is wrong with it (a `field.*` code).
 */
import { formatMessage, type MessageCode, type MessageParams } from './messages.js';
import { formatFieldProblem, type FieldProblem } from './fields.js';

/**
 * What is wrong, as it travels inside an error: its code and parameters (the English subject stays in
 * the message), and, where its own text has a `{problem}`, the problem inside it: an ONNX node's layer
 * (`onnx.node-layer`) whose field breaks its rule (`layer.field`) carries that field's `field.*` problem
 * one level further down, so each level is worded from its own code.
 */
export interface ProblemData {
  code: MessageCode;
  params: MessageParams;
  problem?: ProblemData;
}

/** What every engine error offers beside its message. */
export interface ErrorData {
  code: MessageCode;
  params: MessageParams;
  layerIndex?: number;
  /** For an error about one field (`{problem}` in the code's text): what is wrong with it. */
  problem?: ProblemData;
}

/** A ModelSpec or TrainSpec that cannot work, found before any training starts. */
export class SpecError extends Error implements ErrorData {
  readonly code: MessageCode;
  readonly params: MessageParams;
  readonly problem?: ProblemData;

  constructor(message: string, readonly layerIndex?: number, coded?: { code: MessageCode; params: MessageParams; problem?: ProblemData }) {
    super(message);
    this.name = 'SpecError';
    this.code = coded?.code ?? 'spec.invalid';
    this.params = coded?.params ?? {};
    if (coded?.problem) this.problem = coded.problem;
  }

  /** The error `code` with `params`; `params.index` is the layer it concerns, when it is one. */
  static of(code: MessageCode, params: MessageParams = {}, layerIndex?: number): SpecError {
    return new SpecError(formatMessage(code, params), layerIndex, { code, params });
  }

  /** A field of the spec at `code`'s place (`layer.field` with its index and type, …) that breaks its rule. */
  static field(code: MessageCode, params: MessageParams, problem: FieldProblem, layerIndex?: number): SpecError {
    const message = formatMessage(code, { ...params, problem: formatFieldProblem(problem) });
    return new SpecError(message, layerIndex, { code, params, problem: { code: problem.code, params: problem.params } });
  }
}

/** A spec error as the problem inside another error: its code and params, a field error's own problem one level further down. */
export function specProblem(error: SpecError): ProblemData {
  if (error.code === 'spec.invalid') return { code: 'spec.invalid', params: { message: error.message } };
  return { code: error.code, params: error.params, ...(error.problem ? { problem: error.problem } : {}) };
}

/** A data file that cannot be read: names the file and what is wrong with it. */
export class DataError extends Error implements ErrorData {
  readonly code: MessageCode;
  readonly params: MessageParams;

  constructor(message: string, readonly file?: string, coded?: { code: MessageCode; params: MessageParams }) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'DataError';
    this.code = coded?.code ?? 'data.invalid';
    this.params = coded?.params ?? {};
  }

  /** The error `code` with `params` (data that is not a file's fault: a set too small to split). */
  static of(code: MessageCode, params: MessageParams = {}): DataError {
    return new DataError(formatMessage(code, params), undefined, { code, params });
  }
}

/** A model file that cannot be loaded (corrupt, truncated, wrong checksum, unknown version). */
export class ModelFileError extends Error implements ErrorData {
  readonly code: MessageCode;
  readonly params: MessageParams;
  readonly problem?: ProblemData;

  constructor(message: string, coded?: { code: MessageCode; params: MessageParams; problem?: ProblemData }) {
    super(message);
    this.name = 'ModelFileError';
    this.code = coded?.code ?? 'model-file.invalid';
    this.params = coded?.params ?? {};
    if (coded?.problem) this.problem = coded.problem;
  }

  /** The error `code` with `params` (`params.file` names the file). */
  static of(code: MessageCode, params: MessageParams): ModelFileError {
    return new ModelFileError(formatMessage(code, params), { code, params });
  }

  /**
   * A model file whose model spec breaks a rule of core/model.ts: the spec error's own code and params
   * travel as the problem (`model-file.spec-invalid` words it into `{problem}`); a spec error about one
   * field already has its problem, so it travels as it is, with the file added to its params.
   */
  static ofSpec(file: string, error: SpecError): ModelFileError {
    const message = formatMessage('model-file.spec-invalid', { file, problem: error.message });
    if (error.problem) return new ModelFileError(message, { code: error.code, params: { ...error.params, file }, problem: error.problem });
    const params = error.code === 'spec.invalid' ? { message: error.message } : error.params;
    return new ModelFileError(message, { code: 'model-file.spec-invalid', params: { file }, problem: { code: error.code, params } });
  }
}
