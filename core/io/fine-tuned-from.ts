/**
 * What a fine-tuned model started from, kept in its manifest as `provenance.fineTunedFrom`: the start
 * model as its own file recorded it (name, run, weights' CRC-32, test figures, its training's length),
 * and what the fine-tune trained on and for how long. The rest of the manifest (trainSpec, metrics, the
 * other provenance fields) describes the fine-tune itself. Absent: the model was trained from its
 * initialisation or from a run's checkpoint (whose own start is not carried over), its start had no
 * recordable test accuracy, or its file predates the field. Plain JSON; docs/model-format.md documents it.
 */
import type { MessageCode, MessageParams } from '../messages.js';
import { readLimits } from '../limits.js';
import type { ModelMetrics, Provenance } from './manifest.js';

/** The model whose weights a fine-tune started from, in the words of its own manifest. */
export interface FineTuneStart {
  /** Its model name (modelSpec.name). */
  name: string;
  /** The run that trained it, when one did (its provenance.runId). */
  runId?: string;
  /** When its file was written (its provenance.createdAt). */
  createdAt?: string;
  /** Its checksum.tensors: which weights exactly, as 8 hex digits of CRC-32. */
  tensorsCrc32?: string;
  /** Its accuracy (0–1) and loss on its test set (its metrics.test). */
  testAccuracy: number;
  testLoss?: number;
  /** How long its own training was (its metrics.epochs and trainingTimeMs). */
  epochs?: number;
  trainingTimeMs?: number;
}

export interface FineTunedFrom {
  start: FineTuneStart;
  /** What the fine-tune trained on, in words ("55000 MNIST training digits and 10000 writer variants"). */
  data: string;
  /** The samples each of its epochs trained on (its data less the validation share it held out). */
  samples: number;
  epochs: number;
  /** Its training time, pauses excluded, where it was measured. */
  trainingTimeMs?: number;
}

/** The parts of a start model's manifest that FineTuneStart records. */
export interface StartManifest {
  modelSpec: { name?: string };
  metrics: ModelMetrics | null;
  provenance: Provenance;
  checksum: { tensors: string };
}

/**
 * The start of a fine-tune, read from the start model's manifest (so the record says what that file
 * says); `name` stands in where its spec has none. A start without a recorded test accuracy is refused:
 * the record exists to compare the fine-tune with it.
 */
export function fineTuneStartOf(start: StartManifest, name = start.modelSpec.name): FineTuneStart {
  const test = start.metrics?.test;
  if (name === undefined || test === undefined) throw new Error('the start model needs a name and a recorded test accuracy');
  const { runId, createdAt } = start.provenance;
  const { epochs, trainingTimeMs } = start.metrics ?? {};
  return fitting(dropUndefined({
    name, runId, createdAt, tensorsCrc32: start.checksum.tensors, testAccuracy: test.accuracy, testLoss: test.loss, epochs, trainingTimeMs,
  }));
}

/**
 * The start record as checkFineTunedFrom will read it back: a start manifest's metrics are only checked
 * to be numbers, so an optional figure that breaks the record's rules (2.5 epochs, a negative time) is
 * left out, and a required one (an accuracy outside 0–1, a name too long) is refused here, before any
 * run or file holds it.
 */
function fitting(start: FineTuneStart): FineTuneStart {
  const kept: Record<string, unknown> = {};
  for (const [key, declared] of Object.entries(START_FIELDS)) {
    const value = (start as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const fits = KINDS[declared.replace('?', '') as Kind].check(value) && !(typeof value === 'string' && value.length > readLimits.maxStringLength);
    if (fits) kept[key] = value;
    else if (!declared.endsWith('?')) throw new Error(`the start model's ${key} (${quoted(value)}) cannot be recorded`);
  }
  return kept as unknown as FineTuneStart;
}

/** Throws the ModelFileError `code` with `params` and the file (manifest.ts supplies it). */
type Fail = (code: MessageCode, params?: MessageParams) => never;
type Check = (value: unknown) => boolean;

const FIELD = 'fineTunedFrom';
const isText: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isFraction: Check = (value) => isNumber(value) && (value as number) <= 1;
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
/** Each kind's check and the code that refuses it. */
const KINDS = {
  text: { check: isText, code: 'model-file.provenance-text' },
  number: { check: isNumber, code: 'model-file.provenance-number' },
  fraction: { check: isFraction, code: 'model-file.provenance-fraction' },
  count: { check: isCount, code: 'model-file.provenance-count' },
} as const satisfies Record<string, { check: Check; code: MessageCode }>;
type Kind = keyof typeof KINDS;
/** Each field's kind; `?` after the kind: it may be absent. */
type Fields<T> = { [K in keyof T]-?: undefined extends T[K] ? `${Kind}?` : Kind };

const START_FIELDS: Fields<FineTuneStart> = {
  name: 'text', runId: 'text?', createdAt: 'text?', tensorsCrc32: 'text?',
  testAccuracy: 'fraction', testLoss: 'number?', epochs: 'count?', trainingTimeMs: 'number?',
};
const FINE_TUNE_FIELDS: Omit<Fields<FineTunedFrom>, 'start'> = { data: 'text', samples: 'count', epochs: 'count', trainingTimeMs: 'number?' };

/** Checks `provenance.fineTunedFrom` (absent is fine): each field of its kind, text within the manifest's string limit. */
export function checkFineTunedFrom(value: unknown, fail: Fail): void {
  if (value === undefined) return;
  if (!isObject(value) || !isObject(value.start)) return fail('model-file.provenance-fine-tune');
  checkFields(value.start, START_FIELDS, `${FIELD}.start`, fail);
  checkFields(value, FINE_TUNE_FIELDS, FIELD, fail);
}

/**
 * Whether `value` is a fineTunedFrom that checkFineTunedFrom accepts, and whether it is a start record:
 * the run store's and the API's schemas (contract/records.ts) take these, so run.json, the model list and
 * the model file hold one set of rules.
 */
export function isFineTunedFrom(value: unknown): value is FineTunedFrom {
  return value !== undefined && passes((fail) => checkFineTunedFrom(value, fail));
}

export function isFineTuneStart(value: unknown): value is FineTuneStart {
  return isObject(value) && passes((fail) => checkFields(value, START_FIELDS, `${FIELD}.start`, fail));
}

const REFUSED = Symbol('refused');

function passes(check: (fail: Fail) => void): boolean {
  try {
    check(() => {
      throw REFUSED;
    });
    return true;
  } catch (error) {
    if (error === REFUSED) return false;
    throw error;
  }
}

function checkFields(value: Record<string, unknown>, fields: Record<string, string>, prefix: string, fail: Fail): void {
  for (const [key, declared] of Object.entries(fields)) {
    const field = `${prefix}.${key}`;
    const got = value[key];
    if (got === undefined && declared.endsWith('?')) continue;
    const kind = KINDS[declared.replace('?', '') as Kind];
    if (!kind.check(got)) fail(kind.code, { field, got: quoted(got) });
    if (typeof got === 'string' && got.length > readLimits.maxStringLength) {
      fail('model-file.provenance-too-long', { length: got.length, max: readLimits.maxStringLength });
    }
  }
}

/** A value as a message quotes it, cut short (Infinity as itself, where JSON would say null). */
function quoted(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
