/**
 * Test support: makes the store's writes fail the way the system would, through its file layer
 * (file-system.ts). ENOSPC fails the write of the bytes (the file opens, the disk is full); EROFS and
 * EACCES fail the open and the mkdir. Only paths `where` accepts fail; everything else is written.
 */
import { vi } from 'vitest';
import type { FileHandle } from 'node:fs/promises';
import { storeFileSystem } from './file-system.js';

export type FailingErrno = 'ENOSPC' | 'EROFS' | 'EACCES';

export function systemError(errno: FailingErrno, syscall: string, path: string): NodeJS.ErrnoException {
  const words = { ENOSPC: 'no space left on device', EROFS: 'read-only file system', EACCES: 'permission denied' }[errno];
  return Object.assign(new Error(`${errno}: ${words}, ${syscall} '${path}'`), { code: errno, syscall, path });
}

/** Starts failing; returns what was refused, and `restore()` to write normally again. */
export function failWrites(errno: FailingErrno, where: (path: string) => boolean) {
  const refused: string[] = [];
  const { open, mkdir } = storeFileSystem;
  const openSpy = vi.spyOn(storeFileSystem, 'open').mockImplementation(async (path, flags, mode) => {
    const name = String(path);
    if (!where(name)) return open(path, flags, mode);
    if (errno !== 'ENOSPC') {
      refused.push(name);
      throw systemError(errno, 'open', name);
    }
    const handle: FileHandle = await open(path, flags, mode);
    const full = async () => {
      refused.push(name);
      throw systemError('ENOSPC', 'write', name);
    };
    return Object.assign(Object.create(handle) as FileHandle, { writeFile: full, appendFile: full, close: () => handle.close() });
  });
  const mkdirSpy = vi.spyOn(storeFileSystem, 'mkdir').mockImplementation(async (path, options) => {
    const name = String(path);
    if (errno !== 'ENOSPC' && where(name)) {
      refused.push(name);
      throw systemError(errno, 'mkdir', name);
    }
    return mkdir(path, options);
  });
  return {
    refused,
    restore: () => {
      openSpy.mockRestore();
      mkdirSpy.mockRestore();
    },
  };
}
