/**
 * Runs the engine in a child Node process (the headless server does this so that killing the engine
 * cannot take the server down, and the UI can show the crash and restart it). TypeScript runs through
 * tsx's loader, as in the `backprop-lab` command itself.
 */
import { fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from '../../contract/index.js';
import type { EngineConnection, EngineExit } from './connection.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '..', '..');

export interface ChildEngineOptions {
  dataDir: string;
  /** Milliseconds to wait for a graceful exit before SIGKILL. */
  stopTimeoutMs?: number;
}

export function startChildEngine(options: ChildEngineOptions): EngineConnection {
  const child = fork(resolve(here, 'child-entry.ts'), ['--data-dir', options.dataDir], {
    cwd: repositoryRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const responseListeners: Array<(response: Response) => void> = [];
  const eventListeners: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(reason: string, exit?: EngineExit) => void> = [];
  let exited = false;
  const exitedPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = true;
      const reason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      const exit: EngineExit = signal ? { signal } : code !== null ? { exitCode: code } : {};
      for (const listener of exitListeners) listener(reason, exit);
      resolveExit();
    });
  });
  child.on('error', () => undefined);
  child.on('message', (message) => {
    if (typeof message === 'object' && message !== null && 'event' in message) {
      for (const listener of eventListeners) listener(message);
    } else {
      for (const listener of responseListeners) listener(message as Response);
    }
  });
  return {
    pid: child.pid,
    send(message) {
      if (!exited && child.connected) child.send(message as object);
    },
    onResponse: (listener) => void responseListeners.push(listener),
    onEvent: (listener) => void eventListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs ?? 3000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
