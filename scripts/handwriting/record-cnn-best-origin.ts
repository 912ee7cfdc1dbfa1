/**
 * Records in resources/models/cnn-best.bplab that it is a fine-tune (provenance.fineTunedFrom), without
 * touching its weights. The file was installed by robust-cnn-best.ts --distill 0.5 (commit 6dd2443) before
 * the field existed, and its manifest still carried the preset's run as its own: the run id, the seed and
 * the provider in provenance, 12 epochs and 1,187 s in metrics. The start model is the preset's file as
 * it was bundled before (commit f8c961d, read through git), so the record is what that file says. The
 * fields equal to the start's are the start's and leave the fine-tune's own record: its seed becomes its
 * trainSpec's, its epochs its trainSpec's, and its run id, provider and training time, never recorded,
 * go. The weights (every tensor byte, SHA-256) must come out as they went in, or nothing is written;
 * the file and index.json are written atomically. Running it again gives the same file.
 *
 *   npx tsx scripts/handwriting/record-cnn-best-origin.ts
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  decodeContainer, decodeModelFile, encodeModelFile, MODEL_FILE_MAGIC, MODEL_FORMAT_VERSION, readManifest, type ModelMetrics, type Provenance,
} from '@backprop-lab/core';
import { writeFileAtomic } from '../../main/store/atomic-write.js';
import { indexEntryOf, recordInIndex } from './bundled-index.js';
import { robustFineTunedFrom } from './robust-origin.js';

/** The commit whose cnn-best.bplab is the preset's own training, the fine-tune's start. */
const START_COMMIT = 'f8c961d';
/** What robust-cnn-best.ts trained the installed fine-tune on (its defaults, as the file's notes say). */
const DATA = { originals: 55000, variants: 10000, pad: 10000 };

const root = resolve(import.meta.dirname, '../..');
const target = join(root, 'resources', 'models', 'cnn-best.bplab');
const indexPath = join(root, 'resources', 'models', 'index.json');

/** SHA-256 over every tensor's bytes, in the manifest's order (the bytes checksum.tensors covers). */
function tensorsSha256(file: Uint8Array): string {
  const container = decodeContainer(file, MODEL_FILE_MAGIC, MODEL_FORMAT_VERSION, target, 'model');
  const hash = createHash('sha256');
  for (const entry of readManifest(file).tensors) hash.update(container.bytesOf(entry));
  return hash.digest('hex');
}

const before = new Uint8Array(readFileSync(target));
const saved = decodeModelFile(before, target);
const start = readManifest(new Uint8Array(execFileSync('git', ['show', `${START_COMMIT}:resources/models/cnn-best.bplab`], { cwd: root, maxBuffer: 1 << 26 })));
const trainSpec = saved.trainSpec;
if (!trainSpec) throw new Error(`${target}: no trainSpec, so the fine-tune's seed and epochs are unknown`);
if (!saved.provenance.notes?.includes('fine-tune')) throw new Error(`${target}: its notes do not describe a fine-tune; is it still the robust cnn-best?`);

/** `own`, less each of `keys` it shares with `start` (the start's, copied when the fine-tune was written). */
function withoutInherited<T extends object>(own: T, inherited: Partial<T>, keys: readonly (keyof T)[]): T {
  const kept = { ...own };
  for (const key of keys) if (kept[key] !== undefined && kept[key] === inherited[key]) delete kept[key];
  return kept;
}

const provenance: Provenance = {
  ...withoutInherited(saved.provenance, start.provenance, ['seed', 'provider', 'runId']),
  seed: trainSpec.seed,
  fineTunedFrom: robustFineTunedFrom(start, DATA, trainSpec, trainSpec.epochs),
};
const metrics: ModelMetrics = { ...withoutInherited(saved.metrics ?? {}, start.metrics ?? {}, ['epochs', 'trainingTimeMs']), epochs: trainSpec.epochs };

const after = encodeModelFile({ ...saved, metrics, provenance });
const [hashBefore, hashAfter] = [tensorsSha256(before), tensorsSha256(after)];
if (hashBefore !== hashAfter) throw new Error(`the tensors would change (SHA-256 ${hashBefore} → ${hashAfter}): nothing written`);
await writeFileAtomic(target, after);
const previous = (JSON.parse(readFileSync(indexPath, 'utf8')) as { models: Record<string, { trainedAt: string }> }).models['cnn-best']!;
await recordInIndex(indexPath, 'cnn-best', indexEntryOf('cnn-best.bplab', readManifest(after), previous.trainedAt));
console.log(`${target}: fineTunedFrom recorded (start ${provenance.fineTunedFrom!.start.runId}); tensors unchanged, SHA-256 ${hashAfter}`);
