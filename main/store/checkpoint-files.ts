/**
 * A run's `checkpoints/` folder: `epoch-NNNN.ckpt` per completed epoch (core/io's checkpoint format:
 * weights, optimizer state, RNG state, epoch and iteration, best-so-far). After each save only the
 * newest and the one of the best epoch so far are kept. Loading takes the newest file that reads
 * cleanly, so a damaged last checkpoint falls back to the one before it.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTrainingCheckpoint, encodeCheckpoint } from '@backprop-lab/core';
import type { TrainingCheckpoint } from '@backprop-lab/core';
import type { CheckpointInfo } from '../../contract/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { makeDirectory } from './write-failure.js';

const CHECKPOINT_NAME = /^epoch-(\d+)\.ckpt$/;

export function checkpointFileName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}.ckpt`;
}

/**
 * Writes the checkpoint's file and, once `recorded` has run (the run store records the epoch in
 * run.json there), removes the ones no longer kept: a process killed in between leaves the previous
 * checkpoint beside the new one, so some checkpoint of an epoch run.json records is always on disk.
 */
export async function saveCheckpointFile(directory: string, checkpoint: TrainingCheckpoint, recorded: () => Promise<void> = async () => undefined): Promise<string> {
  await makeDirectory(directory);
  const path = join(directory, checkpointFileName(checkpoint.epoch));
  await writeFileAtomic(path, encodeCheckpoint(checkpoint));
  await recorded();
  const keep = new Set([checkpointFileName(checkpoint.epoch)]);
  if (checkpoint.best) keep.add(checkpointFileName(checkpoint.best.epoch));
  for (const { name } of await listCheckpointFiles(directory)) {
    if (!keep.has(name)) await rm(join(directory, name), { force: true });
  }
  return path;
}

export async function listCheckpointFiles(directory: string): Promise<{ name: string; epoch: number }[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return names
    .map((name) => ({ name, match: CHECKPOINT_NAME.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({ name, epoch: Number(match[1]) }))
    .sort((a, b) => b.epoch - a.epoch);
}

/**
 * The checkpoints a run keeps, newest first. saveCheckpointFile keeps the newest and the best epoch's,
 * so the newest is where a resume starts and any older one is there because its epoch scored best.
 */
export async function describeCheckpointFiles(directory: string): Promise<CheckpointInfo[]> {
  const described: CheckpointInfo[] = [];
  for (const { name, epoch } of await listCheckpointFiles(directory)) {
    const file = await stat(join(directory, name)).catch(() => null);
    // Removed between the listing and now (a save pruning it): no longer kept.
    if (!file) continue;
    described.push({ epoch, fileName: name, bytes: file.size, savedAt: file.mtime.toISOString(), role: described.length === 0 ? 'latest' : 'best' });
  }
  return described;
}

/** The newest readable checkpoint, or null when there is none. */
export async function loadLatestCheckpointFile(directory: string): Promise<{ checkpoint: TrainingCheckpoint; path: string } | null> {
  for (const { name } of await listCheckpointFiles(directory)) {
    const path = join(directory, name);
    try {
      return { checkpoint: decodeTrainingCheckpoint(await readFile(path), path), path };
    } catch {
      // Damaged (e.g. the disk filled up): try the one before it.
    }
  }
  return null;
}
