/**
 * Whether a process id belongs to a running process: signal 0 checks without sending anything.
 * ESRCH means no such process; EPERM means it exists but belongs to someone else (alive).
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
