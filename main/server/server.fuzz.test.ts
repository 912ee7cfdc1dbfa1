/**
 * The headless server against hostile clients, on a real server on a free port: 300 mutated requests
 * on one WebSocket (not JSON, wrong types, unknown methods, wrong params, huge and deeply nested
 * messages), each answered by a response with a result or an error that says what is wrong, the
 * socket closed with 1009 only for a message over the size limit; then paths that try to leave the
 * renderer folder and requests without or with a wrong token. After all of it the server still serves.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInProcessEngine } from '../engine/in-process.js';
import { createStandInBackend } from '../engine/stand-in-backend.js';
import { EngineSupervisor } from '../engine/supervisor.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';
import { MAX_MESSAGE_BYTES, startServer, type RunningServer } from './server.js';

const token = 'fuzz-token-0123456789ab';
let server: RunningServer;
let engine: EngineSupervisor;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'serve-fuzz-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Backprop Lab</title>');
  writeFileSync(join(root, 'secret.js'), 'outside the renderer');
  engine = new EngineSupervisor(() => startInProcessEngine(createStandInBackend().backend));
  engine.start();
  server = await startServer({ host: '127.0.0.1', port: 0, token, rendererDir: join(root, 'renderer'), engine, log: () => undefined });
});

afterAll(async () => {
  await server.close();
  await engine.stop();
  rmSync(root, { recursive: true, force: true });
});

/** An error response: the refusal a client sees. */
class Refusal extends Error {}

/** One socket that answers each message in turn; a close (1009: too big) is reported and the socket reopened. */
class Client {
  private socket!: WebSocket;
  private waiting: ((answer: { message?: Record<string, unknown>; closed?: number }) => void) | null = null;

  async open(): Promise<void> {
    this.socket = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${token}`);
    this.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      // Events (no id) are the engine's news, not answers.
      if ('id' in message) this.waiting?.({ message });
    });
    this.socket.on('close', (code) => this.waiting?.({ closed: code }));
    await new Promise((resolve, reject) => this.socket.once('open', resolve).once('error', reject));
  }

  async send(text: string): Promise<{ message?: Record<string, unknown>; closed?: number }> {
    const answer = new Promise<{ message?: Record<string, unknown>; closed?: number }>((resolve) => (this.waiting = resolve));
    this.socket.send(text);
    const got = await answer;
    this.waiting = null;
    if (got.closed !== undefined) await this.open();
    return got;
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.close();
  }
}

function get(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function expectServing(client: Client): Promise<void> {
  const { message } = await client.send(JSON.stringify({ id: 'alive', method: 'models.list', params: {} }));
  expect(message).toMatchObject({ id: 'alive', result: [{ id: 'bundled:tiny' }] });
}

describe('fuzz: the server', () => {
  it('answers 300 mutated requests, each with a result or an error saying what is wrong, and keeps serving', async () => {
    const client = new Client();
    await client.open();
    const request = { id: 7, method: 'models.get', params: { id: 'bundled:tiny' } };
    const requests = [request, { id: 8, method: 'models.export', params: { id: 'bundled:tiny', format: 'onnx' } }, { id: 9, method: 'settings.get', params: {} }];
    const report = await fuzz({
      name: 'WebSocket request', seeds: requests.map((r) => new TextEncoder().encode(JSON.stringify(r))), json: request,
      read: async (bytes) => {
        const text = new TextDecoder().decode(bytes);
        const { message, closed } = await client.send(text);
        if (closed !== undefined) {
          if (closed === 1009 && Buffer.byteLength(text) > MAX_MESSAGE_BYTES) throw new Refusal(`closed 1009: message over ${MAX_MESSAGE_BYTES} bytes`);
          throw new Error(`the socket closed with ${closed} after ${text.length} characters`);
        }
        const error = message!.error as { message?: unknown; code?: unknown } | undefined;
        if (error) {
          if (typeof error.message !== 'string' || !error.message) throw new Error(`an error answer without a message: ${JSON.stringify(error)}`);
          throw new Refusal(error.message);
        }
        if (!('result' in message!)) throw new Error(`an answer with neither result nor error: ${JSON.stringify(message).slice(0, 200)}`);
      },
      isOwnError: (error) => error instanceof Refusal,
    });
    expect(failuresOf(report)).toEqual([]);
    // The named cases, each once.
    expect((await client.send('this is not JSON')).message).toMatchObject({ id: null, error: { code: 'bad-message', message: expect.stringMatching(/not valid JSON/) } });
    expect((await client.send(JSON.stringify({ id: 1, method: 'runs.explode', params: {} }))).message).toMatchObject({ id: 1, error: { code: 'unknown-method' } });
    expect((await client.send(JSON.stringify({ id: 2, method: 'runs.get', params: { id: 42 } }))).message).toMatchObject({ id: 2, error: { code: 'bad-params', message: expect.stringMatching(/id/) } });
    expect((await client.send('{"id":3,"method":"models.list","params":{},"pad":"' + 'x'.repeat(MAX_MESSAGE_BYTES) + '"}')).closed).toBe(1009);
    await expectServing(client);
    client.close();
  });

  it('refuses every path out of the renderer folder and every request without the right token, and keeps serving', async () => {
    const traversals = [
      '/../secret.js', '/..%2fsecret.js', '/%2e%2e/secret.js', '/%2e%2e%2fsecret.js', '/%252e%252e%252fsecret.js', '/....//secret.js',
      `/${root}/secret.js`, `/${encodeURIComponent(join(root, 'secret.js'))}`, '/index.html%00.js', '/%00', '/..\\secret.js', '/%5c..%5csecret.js',
      '/renderer/../../secret.js', '//etc/passwd', '/%c0%ae%c0%ae/secret.js',
    ];
    for (const path of traversals) {
      const status = await get(`${path}${path.includes('?') ? '&' : '?'}token=${token}`);
      expect([400, 404], `${path} → ${status}`).toContain(status);
    }
    for (const headers of [{}, { Cookie: `backprop-lab-token-${server.port}=wrong` }] as Record<string, string>[]) expect(await get('/index.html', headers)).toBe(401);
    expect(await get('/index.html?token=wrong')).toBe(401);
    expect(await get(`/index.html?token=${token}x`)).toBe(401);
    for (const url of [`ws://127.0.0.1:${server.port}/api`, `ws://127.0.0.1:${server.port}/api?token=wrong`, `ws://127.0.0.1:${server.port}/api?token=`]) {
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(url);
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('open', () => resolve(101));
        socket.once('error', () => undefined);
      });
      expect(status, url).toBe(401);
    }
    expect(await get(`/index.html?token=${token}`)).toBe(200);
    const client = new Client();
    await client.open();
    await expectServing(client);
    client.close();
  });
});
