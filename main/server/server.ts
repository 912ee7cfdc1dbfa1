/**
 * The headless server: the built renderer over HTTP and the engine API over a WebSocket at /api, both
 * behind the token. Binds 127.0.0.1 unless told otherwise. Every WebSocket text frame is one wire
 * message of contract; events of the engine go to every connected page. No request, handshake or
 * socket error may escape a handler: a bad one is answered (400, 401, 500, close code 1009) and logged in
 * one line, and the server keeps serving everyone else.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { TOKEN_QUERY_PARAM, WS_PATH, errorResponse, requestIdOf } from '../../contract/index.js';
import type { EngineSupervisor } from '../engine/supervisor.js';
import { setSecurityHeaders } from './security-headers.js';
import { remoteRefusal } from './remote-policy.js';
import { readStaticFile } from './static-files.js';
import { checkedHost } from './host-check.js';
import { isAuthorised, requestUrl, tokenCookieName } from './token.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  rendererDir: string;
  engine: EngineSupervisor;
  /** Where one line per refused or failed connection goes; stderr by default. */
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A WebSocket message bigger than this closes its socket with 1009 (a 784-pixel predict is ~10 kB). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** The WebSocket close code for a message too big to process (RFC 6455, 7.4.1). */
const CLOSE_MESSAGE_TOO_BIG = 1009;
const CLOSE_INTERNAL_ERROR = 1011;

type Log = (line: string) => void;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/** A page may open the WebSocket only from this server's own origin. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host?.toLowerCase();
  } catch {
    return false;
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { token, engine } = options;
  const log: Log = options.log ?? ((line) => console.error(`serve: ${line}`));

  // The port actually bound (options.port may be 0); set once listening, before any request.
  let port = options.port;

  async function answerHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = checkedHost(request.headers.host, options.host, port);
    if (!host) return refuse(response, 421, 'Misdirected request: the Host header does not name this server\n');
    setSecurityHeaders(response, host);
    const url = requestUrl(request);
    if (!url) return refuse(response, 400, 'Bad request: the URL cannot be parsed\n');
    if (!isAuthorised(request, token, port)) return refuse(response, 401, 'Unauthorized: open the URL with ?token= printed by `backprop-lab serve`.\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed\n');
    const path = url.pathname;
    const file = await readStaticFile(options.rendererDir, path);
    if (!file) {
      const missingBuild = path === '/' || path === '/index.html';
      return refuse(response, 404, missingBuild ? `No built renderer in ${options.rendererDir}: run \`npm run build:renderer\`.\n` : 'Not found\n');
    }
    // The page's own requests (scripts, styles) carry no query: the cookie authorises them.
    response.setHeader('Set-Cookie', `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const http = createServer((request, response) => {
    answerHttp(request, response).catch((error: unknown) => {
      log(`${request.method ?? '?'} request failed: ${describeError(error)}`);
      try {
        if (response.headersSent) response.destroy();
        else refuse(response, 500, 'Internal error\n');
      } catch {
        response.destroy();
      }
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = requestUrl(request);
    const status = !checkedHost(request.headers.host, options.host, port) ? '421 Misdirected Request'
      : !url ? '400 Bad Request'
      : url.pathname !== WS_PATH ? '404 Not Found'
        : !isAuthorised(request, token, port) ? '401 Unauthorized'
          : !sameOrigin(request) ? '403 Forbidden' : null;
    if (status) return endHandshake(socket, status);
    sockets.handleUpgrade(request, socket, head, (client) => {
      try {
        serveClient(client, engine, log);
      } catch (error) {
        log(`WebSocket client failed to start: ${describeError(error)}`);
        client.close(CLOSE_INTERNAL_ERROR, 'internal error');
      }
    });
  }

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets the connection mid-handshake must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head);
    } catch (error) {
      log(`WebSocket handshake failed: ${describeError(error)}`);
      endHandshake(socket, '500 Internal Server Error');
    }
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
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

function endHandshake(socket: Duplex, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}

function serveClient(client: WebSocket, engine: EngineSupervisor, log: Log): void {
  const send = (message: unknown) => {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
  };
  const unsubscribe = engine.subscribe(send);
  client.on('close', unsubscribe);
  // ws reports a message over maxPayload (and any protocol violation) here; without a listener it would be
  // an uncaught exception that ends the whole server.
  client.on('error', (error: Error & { code?: string }) => {
    const tooBig = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
    log(`closed a WebSocket: ${error.message}`);
    client.close(tooBig ? CLOSE_MESSAGE_TOO_BIG : 1002, tooBig ? `message over ${MAX_MESSAGE_BYTES} bytes` : 'protocol error');
  });
  client.on('message', (data, isBinary) => {
    if (isBinary) return client.close(1003, 'text frames only');
    const text = data.toString();
    const refusal = remoteRefusal(text);
    const id = refusal ? requestIdOf(text) : undefined;
    if (refusal && id !== undefined) return send(errorResponse(id, new Error(refusal)));
    engine.handle(text).then(send).catch((error: unknown) => log(`WebSocket request failed: ${describeError(error)}`));
  });
  send({ event: 'engine.status', payload: engine.getStatus() });
}
