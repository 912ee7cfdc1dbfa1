/**
 * A display for the Electron window on a Linux machine without one (CI): an Xvfb server on a free display
 * number (`-displayfd` makes Xvfb pick it and print it), stopped when the worker ends.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface VirtualDisplay {
  display: string;
  stop(): void;
}

export function hasXvfb(): boolean {
  return spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status === 0;
}

export function startXvfb(timeoutMs = 20_000): Promise<VirtualDisplay> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1400x1000x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let printed = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb printed no display number within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill();
      reject(error);
    }
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`Xvfb exited with code ${code}`)));
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const number = /^(\d+)\n/.exec(printed)?.[1];
      if (number === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ display: `:${number}`, stop: () => void child.kill() });
    });
  });
}
