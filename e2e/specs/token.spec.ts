/** Without the token the server refuses both the page (HTTP 401) and the WebSocket (401 at the handshake). */
import WebSocket from 'ws';
import { assert, type Spec } from '../context.js';

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

export const tokenSpec: Spec = {
  name: 'a WebSocket or a page request without the token is refused',
  projects: ['browser'],
  async run({ serve }) {
    const { origin, token } = serve!;
    const ws = origin.replace(/^http/, 'ws');
    assert((await handshakeStatus(`${ws}/api`)) === 401, 'a WebSocket without a token was not refused with 401');
    assert((await handshakeStatus(`${ws}/api?token=${token.slice(1)}`)) === 401, 'a WebSocket with a wrong token was not refused with 401');
    assert((await handshakeStatus(`${ws}/api?token=${token}`)) === 'open', 'a WebSocket with the token did not open');
    const page = await fetch(`${origin}/`);
    assert(page.status === 401, `GET / without the token answered ${page.status}, not 401`);
  },
};
