/**
 * `backprop-lab serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [--in-process]`: the app in a
 * browser. Serves the built renderer and the engine API over a WebSocket, both behind a random token
 * printed in the URL. The engine runs in a child process (killing it leaves the server and the page up,
 * and the page offers a restart); --in-process keeps it in this process.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../engine/backend.js';
import { startChildEngine } from '../engine/child-host.js';
import { startInProcessEngine } from '../engine/in-process.js';
import { EngineSupervisor } from '../engine/supervisor.js';
import { startServer } from '../server/server.js';
import { createToken } from '../server/token.js';
import { UsageError, booleanFlag, numberFlag, parseFlags, stringFlag } from './args.js';

export const serveUsage = `backprop-lab serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [--in-process]

Serves the app to a browser: the built renderer (out/renderer/, made by \`npm run build:renderer\`) and
the engine API over a WebSocket, both behind a random token printed in the URL.

  --port N         port to listen on (default 5757; 0 picks a free one)
  --host ADDRESS   address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --data-dir DIR   where runs and models are stored (default: .data/ in the current directory)
  --in-process     run the engine in this process instead of a child process

Environment: BACKPROP_LAB_TOKEN fixes the token (at least 32 URL-safe characters) instead of a random
one, for a client that starts the server and must know the token beforehand (the e2e suite).`;

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** BACKPROP_LAB_TOKEN, when set; a short or odd one is refused rather than weakening the server. */
export function tokenFromEnvironment(value = process.env.BACKPROP_LAB_TOKEN): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[A-Za-z0-9_-]{32,}$/.test(value)) throw new UsageError('BACKPROP_LAB_TOKEN must be at least 32 characters of A-Z, a-z, 0-9, _ and -');
  return value;
}

export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${serveUsage}\n`);
    return 0;
  }
  const args = parseFlags(argv, { port: 'string', host: 'string', 'data-dir': 'string', 'in-process': 'boolean' });
  const port = numberFlag(args, 'port', { min: 0, max: 65535, integer: true }) ?? 5757;
  const host = stringFlag(args, 'host') ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const dataDir = resolve(stringFlag(args, 'data-dir') ?? '.data');
  await mkdir(dataDir, { recursive: true });

  const backend = booleanFlag(args, 'in-process') ? await createBackend({ dataDir }) : undefined;
  const engine = new EngineSupervisor(() => (backend ? startInProcessEngine(backend) : startChildEngine({ dataDir })));
  engine.start();
  const server = await startServer({
    host, port, token: tokenFromEnvironment() ?? createToken(), rendererDir: resolve(repositoryRoot, 'out', 'renderer'), engine,
  });
  process.stdout.write(`Backprop Lab is serving ${dataDir}\nOpen ${server.url}\n`);

  await new Promise<void>((resolveSignal) => {
    process.once('SIGINT', resolveSignal);
    process.once('SIGTERM', resolveSignal);
  });
  await server.close();
  await engine.stop();
  return 0;
}
