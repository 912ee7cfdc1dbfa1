/** One app per user: a second launch focuses the first window instead (two engines would share one data directory). */
import { app, type BrowserWindow } from 'electron';

export function enforceSingleInstance(currentWindow: () => BrowserWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = currentWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  return true;
}
