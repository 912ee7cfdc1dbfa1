/**
 * What the whole e2e run shares: the server's port, its token and its temporary data directory. Chosen
 * once in the runner process and kept in the environment, which the worker processes inherit (they load
 * the config again and must see the same values).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '..');

export interface E2eEnvironment {
  port: number;
  token: string;
  dataDir: string;
  /** Set by `npm run screenshots`: the screenshots project exists only then. */
  screenshots: boolean;
}

const KEYS = { port: 'BACKPROP_LAB_E2E_PORT', token: 'BACKPROP_LAB_E2E_TOKEN', dataDir: 'BACKPROP_LAB_E2E_DATA_DIR' } as const;

/** A port nothing listens on now: the OS picks it for a listener that closes at once. */
function freePort(): number {
  const probe = spawnSync(process.execPath, ['-e', "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"], { encoding: 'utf8' });
  const port = Number(probe.stdout);
  if (probe.status !== 0 || !Number.isInteger(port) || port <= 0) throw new Error(`could not find a free port: ${probe.stderr || probe.stdout}`);
  return port;
}

export function e2eEnvironment(env: NodeJS.ProcessEnv = process.env): E2eEnvironment {
  env[KEYS.port] ??= String(freePort());
  env[KEYS.token] ??= randomBytes(24).toString('base64url');
  env[KEYS.dataDir] ??= mkdtempSync(join(tmpdir(), 'backprop-lab-e2e-'));
  return { port: Number(env[KEYS.port]), token: env[KEYS.token]!, dataDir: env[KEYS.dataDir]!, screenshots: env.BACKPROP_LAB_SCREENSHOTS === '1' };
}
