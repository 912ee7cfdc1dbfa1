/**
 * The schema of a training checkpoint read back from disk (core/train/events.ts's TrainingCheckpoint),
 * checked before a resume builds anything from it: counters are whole numbers ≥ 0, weights are
 * float32 tensors by dotted name, the optimizer's buffers are lists of number arrays, the RNG state is
 * four 32-bit words. Whether the weights fit the model and the buffers fit the optimizer is checked
 * where those are known (loadStateDict, the optimizer's setState). Throws ModelFileError naming the
 * file and the field.
 */
import { ModelFileError } from '../errors.js';
import type { MessageCode, MessageParams } from '../messages.js';
import { readLimits } from '../limits.js';
import type { TrainingCheckpoint } from '../train/events.js';

export function checkTrainingCheckpoint(value: unknown, name: string): TrainingCheckpoint {
  const fail: Fail = (code, params = {}) => {
    throw ModelFileError.of(code, { file: name, ...params });
  };
  if (!isObject(value)) return fail('checkpoint.not-object');
  for (const field of ['epoch', 'globalIteration', 'epochsWithoutImprovement'] as const) {
    if (!isCount(value[field])) fail('checkpoint.count', { field, got: describe(value[field]) });
  }
  if (typeof value.elapsedMs !== 'number' || !(value.elapsedMs >= 0)) fail('checkpoint.elapsed', { got: describe(value.elapsedMs) });
  checkWeights(value.weights, 'weights', fail);
  const optimizer = value.optimizer;
  if (!isObject(optimizer) || !isCount(optimizer.stepCount) || !Array.isArray(optimizer.buffers)) {
    fail('checkpoint.optimizer');
  }
  const buffers = (optimizer as { buffers: unknown[] }).buffers;
  if (buffers.length > readLimits.maxTensors) fail('checkpoint.too-many-buffers', { count: buffers.length, max: readLimits.maxTensors });
  buffers.forEach((slot, i) => {
    if (!isObject(slot) || !Object.values(slot).every((b) => Array.isArray(b) && b.every((v) => typeof v === 'number'))) {
      fail('checkpoint.buffer', { index: i });
    }
  });
  const rng = value.rng;
  if (!isObject(rng) || !Array.isArray(rng.words) || rng.words.length !== 4 || !rng.words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) {
    fail('checkpoint.rng-words');
  }
  const spare = (rng as { spareNormal?: unknown }).spareNormal;
  if (spare !== null && typeof spare !== 'number') fail('checkpoint.rng-spare');
  const best = value.best;
  if (best !== null) {
    if (!isObject(best) || !isCount(best.epoch) || typeof best.validationLoss !== 'number' || typeof best.validationAccuracy !== 'number') {
      fail('checkpoint.best');
    }
    checkWeights((best as { weights?: unknown }).weights, 'best.weights', fail);
  }
  return value as unknown as TrainingCheckpoint;
}

/** Refuses the checkpoint with `code` of core/messages.ts; the file is added to `params`. */
type Fail = (code: MessageCode, params?: MessageParams) => never;

function checkWeights(value: unknown, field: string, fail: Fail): void {
  if (!isObject(value)) return fail('checkpoint.weights', { field });
  for (const [key, tensor] of Object.entries(value)) {
    if (!(tensor instanceof Float32Array)) fail('checkpoint.weight-not-float32', { field, key: key.slice(0, 60) });
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value)).slice(0, 40);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
