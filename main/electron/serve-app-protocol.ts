/**
 * The app's pages load from app://bundle/ instead of file:// (Electron security checklist, item 18):
 * file:// pages share one origin with every file on the disk, while app://bundle is an origin of its
 * own that can only ever serve the built renderer folder, through the same reader as the headless
 * server (main/server/static-files.ts: known types only, no path or symlink outside the folder). Each
 * response carries the app's Content-Security-Policy itself (item 7), so the policy reaches the page
 * whatever the session's webRequest hooks do.
 */
import { protocol } from 'electron';
import { readStaticFile } from '../server/static-files.js';
import { appContentSecurityPolicy } from './content-security-policy.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const appEntryUrl = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Before the app is ready: app:// is a standard, secure scheme (its own origin, like https). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The handler of app:// requests, for `rendererDir`; exported for the tests. */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || request.method !== 'GET') {
      return new Response('Not found', { status: 404 });
    }
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': appContentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' },
    });
  };
}

/** Once ready: serve app://bundle/ from the built renderer. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
}
