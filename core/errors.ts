/**
 * Errors users see. Each message names what is wrong and the numbers involved, and each error carries
 * the same as data: a `code` of core/messages.ts and its `params` (the app translates them; the layer a
 * spec error concerns is `layerIndex`). `new SpecError(message)` without a code is a generic one
 * (`spec.invalid`, whose translation shows the English message); `SpecError.of(code, params)` is coded.
 */
import { formatMessage, type MessageCode, type MessageParams } from './messages.js';

/** What every engine error offers beside its message. */
export interface ErrorData {
  code: MessageCode;
  params: MessageParams;
  layerIndex?: number;
}

/** A ModelSpec or TrainSpec that cannot work, found before any training starts. */
export class SpecError extends Error implements ErrorData {
  readonly code: MessageCode;
  readonly params: MessageParams;

  constructor(message: string, readonly layerIndex?: number, coded?: { code: MessageCode; params: MessageParams }) {
    super(message);
    this.name = 'SpecError';
    this.code = coded?.code ?? 'spec.invalid';
    this.params = coded?.params ?? {};
  }

  /** The error `code` with `params`; `params.index` is the layer it concerns, when it is one. */
  static of(code: MessageCode, params: MessageParams = {}, layerIndex?: number): SpecError {
    return new SpecError(formatMessage(code, params), layerIndex, { code, params });
  }
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
  readonly code: MessageCode = 'model-file.invalid';
  readonly params: MessageParams = {};

  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}
