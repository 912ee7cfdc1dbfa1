/**
 * The schema of a training checkpoint read back from disk (core/train/events.ts's TrainingCheckpoint),
 * checked before a resume builds anything from it: counters are whole numbers ≥ 0, weights are
 * float32 tensors by dotted name, the optimizer's buffers are lists of number arrays, the RNG state is
 * four 32-bit words. Whether the weights fit the model and the buffers fit the optimizer is checked
 * where those are known (loadStateDict, the optimizer's setState). Throws ModelFileError naming the
 * file and the field.
 */
import { ModelFileError } from '../errors.js';
import { readLimits } from '../limits.js';
import type { TrainingCheckpoint } from '../train/events.js';

export function checkTrainingCheckpoint(value: unknown, name: string): TrainingCheckpoint {
  const fail = (what: string): never => {
    throw new ModelFileError(`${name}: ${what}`);
  };
  if (!isObject(value)) return fail('the checkpoint state is not an object');
  for (const field of ['epoch', 'globalIteration', 'epochsWithoutImprovement'] as const) {
    if (!isCount(value[field])) fail(`${field} must be a whole number ≥ 0, got ${describe(value[field])}`);
  }
  if (typeof value.elapsedMs !== 'number' || !(value.elapsedMs >= 0)) fail(`elapsedMs must be a number ≥ 0, got ${describe(value.elapsedMs)}`);
  checkWeights(value.weights, 'weights', fail);
  const optimizer = value.optimizer;
  if (!isObject(optimizer) || !isCount(optimizer.stepCount) || !Array.isArray(optimizer.buffers)) {
    fail('optimizer must be { stepCount, buffers: [...] }');
  }
  const buffers = (optimizer as { buffers: unknown[] }).buffers;
  if (buffers.length > readLimits.maxTensors) fail(`optimizer state for ${buffers.length} parameters, more than the ${readLimits.maxTensors} allowed`);
  buffers.forEach((slot, i) => {
    if (!isObject(slot) || !Object.values(slot).every((b) => Array.isArray(b) && b.every((v) => typeof v === 'number'))) {
      fail(`optimizer.buffers[${i}] must map names to lists of numbers`);
    }
  });
  const rng = value.rng;
  if (!isObject(rng) || !Array.isArray(rng.words) || rng.words.length !== 4 || !rng.words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) {
    fail('rng.words must be four 32-bit whole numbers');
  }
  const spare = (rng as { spareNormal?: unknown }).spareNormal;
  if (spare !== null && typeof spare !== 'number') fail('rng.spareNormal must be a number or null');
  const best = value.best;
  if (best !== null) {
    if (!isObject(best) || !isCount(best.epoch) || typeof best.validationLoss !== 'number' || typeof best.validationAccuracy !== 'number') {
      fail('best must be null or { epoch, validationLoss, validationAccuracy, weights }');
    }
    checkWeights((best as { weights?: unknown }).weights, 'best.weights', fail);
  }
  return value as unknown as TrainingCheckpoint;
}

function checkWeights(value: unknown, field: string, fail: (what: string) => never): void {
  if (!isObject(value)) return fail(`${field} must map tensor names to float32 values`);
  for (const [key, tensor] of Object.entries(value)) {
    if (!(tensor instanceof Float32Array)) fail(`${field}["${key.slice(0, 60)}"] is not a float32 tensor`);
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
