/** The application menu: quit, reload, zoom, restart the engine, about. No developer tools in a packaged app. */
import { app, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { showAboutDialog } from './dialogs.js';
import type { EngineHost } from './start-engine-host.js';

export function buildMenu(window: BrowserWindow, engine: EngineHost): void {
  const template: MenuItemConstructorOptions[] = [
    { label: 'File', submenu: [{ role: 'quit' }] },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Engine', submenu: [{ label: 'Restart engine', click: () => engine.restart() }] },
    { label: 'Help', submenu: [{ label: 'About Backprop Lab', click: () => showAboutDialog(window) }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
