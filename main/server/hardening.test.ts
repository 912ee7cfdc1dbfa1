/**
 * The server's defences against a hostile page or peer on the same machine: cookies that do not
 * collide between two servers, a Host header that must name this server (DNS rebinding), no symlink
 * out of the renderer folder, and messages that are too deep, have an id too long to echo, or
 * params: null.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInProcessEngine } from '../engine/in-process.js';
import { createStandInBackend } from '../engine/stand-in-backend.js';
import { EngineSupervisor } from '../engine/supervisor.js';
import { startServer, type RunningServer } from './server.js';
import { checkedHost } from './host-check.js';

const tokens = ['first-token-0123456789', 'second-token-012345678'];
let servers: RunningServer[] = [];
let engine: EngineSupervisor;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'serve-hardening-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Backprop Lab</title>');
  writeFileSync(join(root, 'secret.js'), 'outside the renderer');
  symlinkSync(join(root, 'secret.js'), join(rendererDir, 'leak.js'));
  engine = new EngineSupervisor(() => startInProcessEngine(createStandInBackend().backend));
  engine.start();
  servers = await Promise.all(tokens.map((token) => startServer({ host: '127.0.0.1', port: 0, token, rendererDir, engine, log: () => undefined })));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await engine.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A raw GET with any Host header (fetch will not send a forged one). */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(port: number, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function answerTo(socket: WebSocket, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(data.toString()) as Record<string, unknown>;
      if ('id' in parsed) {
        socket.off('message', listener);
        resolve(parsed);
      }
    };
    socket.on('message', listener);
    socket.send(message);
  });
}

describe('two servers on one machine', () => {
  it('each sets a cookie named by its port, so the second does not replace the first', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const first = await get(a.port, `/?token=${tokens[0]}`, { Host: `127.0.0.1:${a.port}` });
    const second = await get(b.port, `/?token=${tokens[1]}`, { Host: `127.0.0.1:${b.port}` });
    expect(first.headers['set-cookie']).toEqual([`backprop-lab-token-${a.port}=${tokens[0]}; HttpOnly; SameSite=Strict; Path=/`]);
    expect(second.headers['set-cookie']).toEqual([`backprop-lab-token-${b.port}=${tokens[1]}; HttpOnly; SameSite=Strict; Path=/`]);
    // The browser sends both cookies to both servers (cookies ignore ports); each reads its own.
    const cookies = `backprop-lab-token-${a.port}=${tokens[0]}; backprop-lab-token-${b.port}=${tokens[1]}`;
    expect((await get(a.port, '/index.html', { Host: `127.0.0.1:${a.port}`, Cookie: cookies })).status).toBe(200);
    expect((await get(b.port, '/index.html', { Host: `127.0.0.1:${b.port}`, Cookie: cookies })).status).toBe(200);
  });
});

describe('Host header', () => {
  it('refuses a rebound name with 421 even with the token, and never copies it into the CSP', async () => {
    const { port } = servers[0]!;
    const rebound = await get(port, `/?token=${tokens[0]}`, { Host: `evil.example:${port}` });
    expect(rebound.status).toBe(421);
    expect(rebound.headers['content-security-policy']).toBeUndefined();
    const injected = await get(port, `/?token=${tokens[0]}`, { Host: `127.0.0.1:${port}; script-src *` });
    expect(injected.status).toBe(421);
    const good = await get(port, `/?token=${tokens[0]}`, { Host: `localhost:${port}` });
    expect(good.status).toBe(200);
    expect(good.headers['content-security-policy']).toContain(`connect-src 'self' ws://localhost:${port}`);
  });

  it('accepts localhost, IP literals and the bound name on the right port only', () => {
    expect(checkedHost('127.0.0.1:8080', '127.0.0.1', 8080)).toBe('127.0.0.1:8080');
    expect(checkedHost('[::1]:8080', '127.0.0.1', 8080)).toBe('[::1]:8080');
    expect(checkedHost('LocalHost:8080', '127.0.0.1', 8080)).toBe('localhost:8080');
    expect(checkedHost('box.lan:8080', 'box.lan', 8080)).toBe('box.lan:8080');
    expect(checkedHost('127.0.0.1:8081', '127.0.0.1', 8080)).toBeUndefined();
    expect(checkedHost('attacker.example:8080', '127.0.0.1', 8080)).toBeUndefined();
    expect(checkedHost(undefined, '127.0.0.1', 8080)).toBeUndefined();
  });
});

describe('static files', () => {
  it('do not follow a symlink out of the renderer folder', async () => {
    const { port } = servers[0]!;
    const leak = await get(port, `/leak.js?token=${tokens[0]}`, { Host: `127.0.0.1:${port}` });
    expect(leak.status).toBe(404);
    expect(leak.body).not.toContain('outside the renderer');
  });
});

describe('messages', () => {
  it('refuses a 2 MB message nested 10^6 deep with an id: null error, and keeps answering', async () => {
    const socket = await connect(servers[0]!.port, tokens[0]!);
    const deep = `{"id":1,"method":"models.list","params":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    expect(deep.length).toBeGreaterThan(2_000_000);
    const answer = await answerTo(socket, deep);
    expect(answer).toEqual({ id: null, error: { code: 'bad-message', message: expect.stringMatching(/^message is nested more than 32 levels deep/) } });
    expect((await answerTo(socket, JSON.stringify({ id: 2, method: 'models.list', params: {} }))).id).toBe(2);
    socket.close();
  });

  it('never echoes a long id, and refuses params: null', async () => {
    const socket = await connect(servers[0]!.port, tokens[0]!);
    const longId = 'x'.repeat(4 * 1024 * 1024 - 100);
    const answer = await answerTo(socket, JSON.stringify({ id: longId, method: 'models.list', params: {} }));
    expect(answer.id).toBeNull();
    expect(JSON.stringify(answer).length).toBeLessThan(1000);
    const nullParams = await answerTo(socket, JSON.stringify({ id: 3, method: 'models.list', params: null }));
    expect(nullParams).toMatchObject({ id: 3, error: { code: 'bad-params' } });
    socket.close();
  });
});
