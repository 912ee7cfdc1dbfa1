/** Without the token the server refuses both the page (HTTP 401) and the WebSocket (401 at the handshake). */
import WebSocket from 'ws';
import { expect, test } from '../fixtures.js';

function handshakeStatus(url: string): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

test('a WebSocket or a page request without the token is refused', { tag: '@language-neutral' }, async ({ target, server }) => {
  test.skip(target !== 'browser', 'the token guards the headless server; the desktop app has no server');
  const ws = server.origin.replace(/^http/, 'ws');
  expect(await handshakeStatus(`${ws}/api`), 'a WebSocket without a token').toBe(401);
  expect(await handshakeStatus(`${ws}/api?token=${server.token.slice(1)}`), 'a WebSocket with a wrong token').toBe(401);
  expect(await handshakeStatus(`${ws}/api?token=${server.token}`), 'a WebSocket with the token').toBe('open');
  expect((await fetch(`${server.origin}/`)).status, 'GET / without the token').toBe(401);
});
