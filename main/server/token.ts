/**
 * The access token of the headless server (the Jupyter model): random, printed in the URL at start.
 * A request carries it as `?token=`, as the cookie set when the page first loads, or as a Bearer header.
 * Anything that cannot be read (a cookie that is not valid percent-encoding) counts as no token: 401, never a crash.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_QUERY_PARAM } from '../../contract/index.js';

export const TOKEN_COOKIE = 'backprop-lab-token';

/**
 * Cookies are scoped by host, not port (RFC 6265 §8.5): every server on 127.0.0.1 receives every
 * cookie of 127.0.0.1. Naming the cookie by port keeps a second `serve` from replacing the first's
 * (whose assets would then get 401); the token inside stays each server's own.
 */
export function tokenCookieName(port: number): string {
  return `${TOKEN_COOKIE}-${port}`;
}

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodedOrUndefined(rest.join('='));
  }
  return undefined;
}

function decodedOrUndefined(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** The request's URL, or null when it cannot be parsed (such a request gets 400). */
export function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** The token a request presents, from the query, the cookie or the Authorization header. */
export function presentedToken(request: IncomingMessage, port: number): string | undefined {
  const fromQuery = requestUrl(request)?.searchParams.get(TOKEN_QUERY_PARAM);
  if (fromQuery) return fromQuery;
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  return bearer ?? cookieValue(request.headers.cookie, tokenCookieName(port));
}

export function isAuthorised(request: IncomingMessage, token: string, port: number): boolean {
  return tokensEqual(presentedToken(request, port), token);
}
