/**
 * The Content-Security-Policy of every page of the app, set as a response header on the session so it
 * also covers file:// loads: our own scripts only, no inline or eval'd script, no remote content of any
 * kind (connect-src 'none': the renderer talks to the engine over a MessagePort, never the network).
 * renderer/index.html carries its own meta policy too; where both apply, a browser enforces both.
 */
import { session } from 'electron';

export const appContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  // ECharts positions its tooltips and canvases with style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function applyContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [appContentSecurityPolicy] },
    });
  });
}
