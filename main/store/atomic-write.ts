/**
 * Crash-safe file writes. A reader sees either the old file or the new one, never a mix:
 *   1. write the bytes to a temporary file beside the target (same directory, so same file system);
 *   2. fsync it, so the bytes are on disk before the name points at them;
 *   3. rename it over the target (atomic on POSIX and on NTFS);
 *   4. fsync the directory, so the rename itself survives a power cut (skipped where the platform
 *      cannot open a directory, e.g. Windows).
 * A failed write throws a host error naming the target and the reason (write-failure.ts).
 * Temporary files are named `.<target>.<pid>.<n>.tmp`; a crash can leave one behind, and
 * `removeStaleTemporaries` clears those of dead processes.
 */
import { open, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { storeFileSystem } from './file-system.js';
import { isProcessAlive } from './process-alive.js';
import { writeFailure } from './write-failure.js';

let counter = 0;

export interface AtomicWriteOptions {
  /** Runs after the temporary file is durable and before the rename (tests simulate a crash here). */
  beforeRename?: (temporaryPath: string) => void | Promise<void>;
}

export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  try {
    const file = await storeFileSystem.open(temporary, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await options.beforeRename?.(temporary);
    await storeFileSystem.rename(temporary, path);
  } catch (error) {
    // Nothing half-written stays: the target is untouched and the temporary goes (if it was made).
    await rm(temporary, { force: true }).catch(() => undefined);
    throw writeFailure(error, path);
  }
  await syncDirectory(dirname(path));
}

/** Appends one line and fsyncs it (metrics.jsonl): a crash loses at most the line being written. */
export async function appendLineDurable(path: string, line: string): Promise<void> {
  try {
    const file = await storeFileSystem.open(path, 'a');
    try {
      await file.appendFile(line.endsWith('\n') ? line : `${line}\n`);
      await file.datasync();
    } finally {
      await file.close();
    }
  } catch (error) {
    throw writeFailure(error, path);
  }
}

export async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Not supported on this platform (Windows cannot fsync a directory); the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

const TEMPORARY = /^\..+\.(\d+)\.\d+\.tmp$/;

export function isTemporaryName(name: string): boolean {
  return TEMPORARY.test(name);
}

/** Deletes temporary files in `directory` left by processes that no longer run. */
export async function removeStaleTemporaries(directory: string): Promise<number> {
  const names = await readdir(directory).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (match && !isProcessAlive(Number(match[1]))) {
      await rm(join(directory, name), { force: true });
      removed++;
    }
  }
  return removed;
}
