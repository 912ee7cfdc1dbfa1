/** The headless server: the token guards every HTTP request and every WebSocket; pages get a strict CSP. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInProcessEngine } from '../engine/in-process.js';
import { createStandInBackend } from '../engine/stand-in-backend.js';
import { EngineSupervisor } from '../engine/supervisor.js';
import { MAX_MESSAGE_BYTES, startServer, type RunningServer } from './server.js';

const token = 'test-token-0123456789';
let server: RunningServer;
let engine: EngineSupervisor;
let rendererDir: string;
let base: string;
const logged: string[] = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Backprop Lab</title>');
  writeFileSync(join(tmpdir(), 'secret.js'), 'outside');
  engine = new EngineSupervisor(() => startInProcessEngine(createStandInBackend().backend));
  engine.start();
  server = await startServer({ host: '127.0.0.1', port: 0, token, rendererDir, engine, log: (line) => logged.push(line) });
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
    // A server that never answers the handshake fails the test at once instead of at the test timeout.
    const socket = new WebSocket(url, { headers, handshakeTimeout: 5000 });
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
    expect(response.headers.get('set-cookie')).toBe(`backprop-lab-token-${server.port}=test-token-0123456789; HttpOnly; SameSite=Strict; Path=/`);
    expect((await fetch(`${base}/index.html`, { headers: { Cookie: `backprop-lab-token-${server.port}=${token}` } })).status).toBe(200);
  });

  it('treats a cookie that is not valid percent-encoding as no token (401), and a URL it cannot parse as 400', async () => {
    expect((await fetch(`${base}/index.html`, { headers: { Cookie: `backprop-lab-token-${server.port}=%E0%A4%A` } })).status).toBe(401);
    expect((await fetch(`${base}//?token=${token}`)).status).toBe(400);
    expect((await fetch(server.url)).status).toBe(200);
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
    // The contract has no path parameter: writing to a path the client names cannot even be asked for.
    expect(await toPath).toMatchObject({ id: 3, error: { code: 'bad-params' } });
    const asBytes = nextMessage(socket, (m) => m.id === 4);
    socket.send(JSON.stringify({ id: 4, method: 'models.export', params: { id: 'bundled:tiny', format: 'native' } }));
    expect(await asBytes).toMatchObject({ id: 4, result: { fileName: 'tiny.bplab' } });
    socket.close();
  });

  it('refuses a handshake with a malformed cookie (401) or an unparseable URL (400) and keeps serving', async () => {
    await expect(connect(`ws://127.0.0.1:${server.port}/api`, { Cookie: `backprop-lab-token-${server.port}=%E0%A4%A` })).rejects.toThrow('HTTP 401');
    await expect(connect(`ws://127.0.0.1:${server.port}//`)).rejects.toThrow('HTTP 400');
    await expectServing();
  });

  it('closes a socket that sends a message over the size limit with 1009, logs it once, and serves others', async () => {
    const socket = await connect(`ws://127.0.0.1:${server.port}/api?token=${token}`);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const before = logged.length;
    socket.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(logged.slice(before)).toEqual([expect.stringMatching(/closed a WebSocket: .*payload/i)]);
    await expectServing();
  });

  it('rejects a message without an id with an id: null error naming the field', async () => {
    const socket = await connect(`ws://127.0.0.1:${server.port}/api?token=${token}`);
    const rejected = nextMessage(socket, (m) => 'id' in m && m.id === null);
    socket.send(JSON.stringify({ method: 'models.list', params: {} }));
    expect(await rejected).toEqual({ id: null, error: { code: 'bad-message', message: expect.stringMatching(/^malformed request: id: /) } });
    const notJson = nextMessage(socket, (m) => m.id === null && /not valid JSON/.test((m.error as { message: string }).message));
    socket.send('{oops');
    await notJson;
    socket.close();
  });
});

/** A fresh, valid client still gets its answer. */
async function expectServing(): Promise<void> {
  const socket = await connect(`ws://127.0.0.1:${server.port}/api?token=${token}`);
  const reply = nextMessage(socket, (m) => m.id === 1);
  socket.send(JSON.stringify({ id: 1, method: 'models.list', params: {} }));
  expect((await reply).result).toMatchObject([{ id: 'bundled:tiny' }]);
  socket.close();
}
