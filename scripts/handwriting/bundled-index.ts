/**
 * A bundled model's line in resources/models/index.json, derived from its manifest so the two agree:
 * its test figures, its training's epochs and time (seconds, where the file records them), and for a
 * fine-tune the start model's run, test accuracy, epochs and time (provenance.fineTunedFrom.start).
 * `trainedAt` is when the file was made; the robust script sets it, the origin's rewrite keeps it.
 */
import { readFileSync } from 'node:fs';
import type { Manifest } from '@backprop-lab/core';
import { writeFileAtomic } from '../../main/store/atomic-write.js';

const seconds = (ms: number | undefined) => (ms === undefined ? {} : { trainingTimeSeconds: Math.round(ms / 1000) });

export function indexEntryOf(file: string, manifest: Manifest, trainedAt: string): Record<string, unknown> {
  const test = manifest.metrics?.test;
  const start = manifest.provenance.fineTunedFrom?.start;
  return {
    file,
    testAccuracy: test?.accuracy,
    testLoss: test?.loss,
    epochs: manifest.metrics?.epochs,
    ...seconds(manifest.metrics?.trainingTimeMs),
    trainedAt,
    ...(start ? { fineTunedFrom: { name: start.name, runId: start.runId, testAccuracy: start.testAccuracy, epochs: start.epochs, ...seconds(start.trainingTimeMs) } } : {}),
  };
}

/** Replaces `name`'s line of the index at `indexPath` (read afresh, so the other lines stay), atomically. */
export async function recordInIndex(indexPath: string, name: string, entry: Record<string, unknown>): Promise<void> {
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { models: Record<string, unknown> };
  index.models[name] = entry;
  await writeFileAtomic(indexPath, `${JSON.stringify(index, null, 2)}\n`);
}
