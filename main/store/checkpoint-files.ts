/**
 * A run's `checkpoints/` folder: `epoch-NNNN.ckpt` per completed epoch (core/io's checkpoint format:
 * weights, optimizer state, RNG state, epoch and iteration, best-so-far). After each save only the
 * newest and the one of the best epoch so far are kept. Loading takes the newest file that reads
 * cleanly, so a damaged last checkpoint falls back to the one before it.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTrainingCheckpoint, encodeCheckpoint } from '@backprop-lab/core';
import type { TrainingCheckpoint } from '@backprop-lab/core';
import { writeFileAtomic } from './atomic-write.js';

const CHECKPOINT_NAME = /^epoch-(\d+)\.ckpt$/;

export function checkpointFileName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}.ckpt`;
}

export async function saveCheckpointFile(directory: string, checkpoint: TrainingCheckpoint): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, checkpointFileName(checkpoint.epoch));
  await writeFileAtomic(path, encodeCheckpoint(checkpoint));
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
