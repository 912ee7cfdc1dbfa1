/**
 * DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches this server
 * from the browser with \`Host: evil.example:PORT\`. Only names that cannot be rebound are accepted:
 * localhost, an IP literal, or the host the server was told to bind, each with the server's own
 * port. The token would still stop such a page; this refuses it before the token is even looked at,
 * and keeps an unchecked Host out of the Content-Security-Policy.
 */
import { isIP } from 'node:net';

/** The Host header when it names this server (lower-cased), or undefined. */
export function checkedHost(hostHeader: string | undefined, boundHost: string, port: number): string | undefined {
  if (!hostHeader || hostHeader.length > 300) return undefined;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d{1,5})$/i.exec(hostHeader);
  if (!match || Number(match[2]) !== port) return undefined;
  const name = match[1]!.toLowerCase();
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  const allowed = name === 'localhost' || isIP(bare) !== 0 || bare === boundHost.toLowerCase();
  return allowed ? hostHeader.toLowerCase() : undefined;
}
