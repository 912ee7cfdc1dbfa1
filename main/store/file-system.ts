/**
 * The file operations through which the store writes (open for writing and appending, rename, mkdir),
 * in one object: every write of runs, checkpoints, metrics and models goes through it, so a test can
 * make exactly those fail as a full disk (ENOSPC), a read-only file system (EROFS) or a denied
 * permission (EACCES) would, even where the tests run as root and a read-only folder is writable.
 */
import { mkdir, open, rename } from 'node:fs/promises';

export const storeFileSystem = { open, rename, mkdir };
