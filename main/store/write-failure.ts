/**
 * A failed write as the person reads it: the path that was being written and why, as a host error
 * (`storage.*` in contract/host-errors.ts) with the system's error name. The temporary file of an
 * atomic write is an implementation detail: the error names the file the write was for.
 */
import { HostError } from '../../contract/index.js';
import { storeFileSystem } from './file-system.js';

export function writeFailure(error: unknown, path: string): HostError {
  if (error instanceof HostError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const options = { cause: error };
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new HostError('storage.no-space', { path, errno }, options);
    case 'EROFS':
      return new HostError('storage.read-only', { path, errno }, options);
    case 'EACCES':
    case 'EPERM':
      return new HostError('storage.no-permission', { path, errno }, options);
    default: {
      const text = error instanceof Error ? error.message : String(error);
      return new HostError('storage.write-failed', { path, reason: errno && !text.includes(errno) ? `${errno}: ${text}` : text }, options);
    }
  }
}

/** mkdir -p that fails with the folder's path and the reason (EROFS on a read-only data folder). */
export async function makeDirectory(path: string): Promise<void> {
  try {
    await storeFileSystem.mkdir(path, { recursive: true });
  } catch (error) {
    throw writeFailure(error, path);
  }
}
