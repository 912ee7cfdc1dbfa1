/** The headless server: the token guards every HTTP request and every WebSocket; pages get a strict CSP. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInProcessEngine } from '../engine/in-process.js';
import { createStandInBackend } from '../engine/stand-in-backend.js';
import { EngineSupervisor } from '../engine/supervisor.js';
import { startServer, type RunningServer } from './server.js';

const token = 'test-token-0123456789';
let server: RunningServer;
let engine: EngineSupervisor;
let rendererDir: string;
let base: string;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Backprop Lab</title>');
  writeFileSync(join(tmpdir(), 'secret.js'), 'outside');
  engine = new EngineSupervisor(() => startInProcessEngine(createStandInBackend().backend));
  engine.start();
  server = await startServer({ host: '127.0.0.1', port: 0, token, rendererDir, engine });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await engine.stop();
  rmSync(rendererDir, { recursive: true, force: true });
});

const received = new WeakMap<WebSocket, Array<Record<string, unknown>>>();

/** Opens a WebSocket (recording every message from the start); rejects with the HTTP status of a refusal. */
function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const messages: Array<Record<string, unknown>> = [];
    received.set(socket, messages);
    socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

async function nextMessage(socket: WebSocket, predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (;;) {
    const found = received.get(socket)!.find(predicate);
    if (found) return found;
    await new Promise((resolve) => socket.once('message', resolve));
  }
}

describe('HTTP', () => {
  it('prints a URL on 127.0.0.1 that carries the token', () => {
    expect(server.url).toBe(`${base}/?token=${token}`);
  });

  it('refuses requests without the token, or with a wrong one, with 401', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/index.html`, { headers: { Cookie: 'backprop-lab-token=nope' } })).status).toBe(401);
  });

  it('serves the page with the token, sets the cookie that authorises its assets, and a strict CSP', async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Backprop Lab</title>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get('set-cookie')).toMatch(/^backprop-lab-token=test-token-0123456789; HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/index.html`, { headers: { Cookie: `backprop-lab-token=${token}` } })).status).toBe(200);
  });

  it('serves nothing outside the renderer folder', async () => {
    expect((await fetch(`${base}/..%2fsecret.js?token=${token}`)).status).toBe(404);
  });
});

describe('WebSocket', () => {
  it('refuses a WebSocket without the token with 401', async () => {
    await expect(connect(`ws://127.0.0.1:${server.port}/api`)).rejects.toThrow('HTTP 401');
    await expect(connect(`ws://127.0.0.1:${server.port}/api?token=nope`)).rejects.toThrow('HTTP 401');
  });

  it('refuses a WebSocket opened by a page of another origin', async () => {
    await expect(connect(`ws://127.0.0.1:${server.port}/api?token=${token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers requests and reports the engine status on connect', async () => {
    const socket = await connect(`ws://127.0.0.1:${server.port}/api?token=${token}`);
    const status = nextMessage(socket, (m) => m.event === 'engine.status');
    expect((await status).payload).toMatchObject({ state: 'ready' });
    const reply = nextMessage(socket, (m) => m.id === 1);
    socket.send(JSON.stringify({ id: 1, method: 'models.list', params: {} }));
    expect((await reply).result).toMatchObject([{ id: 'bundled:tiny' }]);
    const rejected = nextMessage(socket, (m) => m.id === 2);
    socket.send(JSON.stringify({ id: 2, method: 'runs.delete', params: { id: 5 } }));
    expect(await rejected).toMatchObject({ id: 2, error: { code: 'bad-params' } });
    const toPath = nextMessage(socket, (m) => m.id === 3);
    socket.send(JSON.stringify({ id: 3, method: 'models.export', params: { id: 'bundled:tiny', format: 'native', path: '/tmp/x.bplab' } }));
    expect(await toPath).toMatchObject({ id: 3, error: { message: /not allowed over the network/ } });
    const asBytes = nextMessage(socket, (m) => m.id === 4);
    socket.send(JSON.stringify({ id: 4, method: 'models.export', params: { id: 'bundled:tiny', format: 'native' } }));
    expect(await asBytes).toMatchObject({ id: 4, result: { fileName: 'tiny.bplab' } });
    socket.close();
  });
});
