/**
 * The headless server: the built renderer over HTTP and the engine API over a WebSocket at /api, both
 * behind the token. Binds 127.0.0.1 unless told otherwise. Every WebSocket text frame is one wire
 * message of main/contract; events of the engine go to every connected page.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { TOKEN_QUERY_PARAM, WS_PATH, errorResponse, requestIdOf } from '../contract/index.js';
import type { EngineSupervisor } from '../engine/supervisor.js';
import { setSecurityHeaders } from './security-headers.js';
import { remoteRefusal } from './remote-policy.js';
import { readStaticFile } from './static-files.js';
import { TOKEN_COOKIE, isAuthorised } from './token.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  rendererDir: string;
  engine: EngineSupervisor;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A WebSocket frame bigger than this is refused (a 784-pixel predict is ~10 kB). */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/** A page may open the WebSocket only from this server's own origin. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { token, engine } = options;

  const http = createServer((request, response) => {
    void (async () => {
      setSecurityHeaders(response, request.headers.host ?? `${options.host}:${options.port}`);
      if (!isAuthorised(request, token)) return refuse(response, 401, 'Unauthorized: open the URL with ?token= printed by `backprop-lab serve`.\n');
      if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed\n');
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = await readStaticFile(options.rendererDir, path);
      if (!file) {
        const missingBuild = path === '/' || path === '/index.html';
        return refuse(response, 404, missingBuild ? `No built renderer in ${options.rendererDir}: run \`npm run build:renderer\`.\n` : 'Not found\n');
      }
      // The page's own requests (scripts, styles) carry no query: the cookie authorises them.
      response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
      response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    })().catch(() => refuse(response, 500, 'Internal error\n'));
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  http.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const status = path !== WS_PATH ? '404 Not Found' : !isAuthorised(request, token) ? '401 Unauthorized' : !sameOrigin(request) ? '403 Forbidden' : null;
    if (status) {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => serveClient(client, engine));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?${TOKEN_QUERY_PARAM}=${token}`,
    port,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function serveClient(client: WebSocket, engine: EngineSupervisor): void {
  const send = (message: unknown) => {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
  };
  const unsubscribe = engine.subscribe(send);
  client.on('close', unsubscribe);
  client.on('message', (data, isBinary) => {
    if (isBinary) return client.close(1003, 'text frames only');
    const text = data.toString();
    const refusal = remoteRefusal(text);
    const id = refusal ? requestIdOf(text) : undefined;
    if (refusal && id !== undefined) return send(errorResponse(id, new Error(refusal)));
    void engine.handle(text).then((response) => response && send(response));
  });
  send({ event: 'engine.status', payload: engine.getStatus() });
}
