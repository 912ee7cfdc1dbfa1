/**
 * Starts `backprop-lab serve` on a free port with a fresh temporary data directory (the engine in its
 * own child process, as users run it) and reads the URL with its token from its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '..');

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startServe(timeoutMs = 60_000): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'backprop-lab-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(repositoryRoot, 'bin', 'backprop-lab.mjs'), 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const look = () => {
      const match = /Open (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => reject(new Error(`serve exited with code ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
