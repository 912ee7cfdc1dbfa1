/**
 * Response headers of every page the server sends: a strict Content-Security-Policy (our own scripts
 * only, no inline script, no remote content; inline styles because ECharts positions with style
 * attributes; WebSocket back to this origin only), and no framing, sniffing or referrers.
 */
import type { ServerResponse } from 'node:http';

export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://${host}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function setSecurityHeaders(response: ServerResponse, host: string): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(host));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cache-Control', 'no-store');
}
