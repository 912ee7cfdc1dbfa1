/**
 * Crash-safe file writes. A reader sees either the old file or the new one, never a mix:
 *   1. write the bytes to a temporary file beside the target (same directory, so same file system);
 *   2. fsync it, so the bytes are on disk before the name points at them;
 *   3. rename it over the target (atomic on POSIX and on NTFS);
 *   4. fsync the directory, so the rename itself survives a power cut (skipped where the platform
 *      cannot open a directory, e.g. Windows).
 * Temporary files are named `.<target>.<pid>.<n>.tmp`; a crash can leave one behind, and
 * `removeStaleTemporaries` clears those of dead processes.
 */
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

let counter = 0;

export interface AtomicWriteOptions {
  /** Runs after the temporary file is durable and before the rename (tests simulate a crash here). */
  beforeRename?: (temporaryPath: string) => void | Promise<void>;
}

export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await options.beforeRename?.(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Appends one line and fsyncs it (metrics.jsonl): a crash loses at most the line being written. */
export async function appendLineDurable(path: string, line: string): Promise<void> {
  const file = await open(path, 'a');
  try {
    await file.appendFile(line.endsWith('\n') ? line : `${line}\n`);
    await file.datasync();
  } finally {
    await file.close();
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
