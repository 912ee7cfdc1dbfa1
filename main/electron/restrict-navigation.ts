/**
 * No page of the app may navigate away from the bundled renderer or open a window: links to the
 * allowed hosts of open-external-link.ts open in the user's browser, everything else is refused. Also denies every permission
 * request (camera, notifications, …): the app needs none.
 */
import { app, session } from 'electron';
import { openExternalLink } from './open-external-link.js';

/** The app's own page, whatever its query (the system locale) and hash (the view). */
function isAppPage(url: string, appEntryUrl: string): boolean {
  return url.split(/[?#]/)[0] === appEntryUrl.split(/[?#]/)[0];
}

export function restrictNavigation(appEntryUrl: () => string): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppPage(url, appEntryUrl())) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalLink(url);
      return { action: 'deny' };
    });
  });
}
