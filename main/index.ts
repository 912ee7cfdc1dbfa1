/**
 * The Electron main process, as a table of contents: each step is one small module in main/electron/.
 * Data (runs, user models, datasets) lives in Electron's userData directory, or in BACKPROP_LAB_DATA_DIR
 * when set (the e2e tests give each launch a fresh one).
 */
import { app, BrowserWindow } from 'electron';
import { applyContentSecurityPolicy } from './electron/content-security-policy.js';
import { buildMenu } from './electron/build-menu.js';
import { createMainWindow, rendererDir, rendererEntryUrl } from './electron/create-main-window.js';
import { registerAppScheme, serveAppProtocol } from './electron/serve-app-protocol.js';
import { askWhereToSaveDownloads } from './electron/dialogs.js';
import { enforceSingleInstance } from './electron/enforce-single-instance.js';
import { restrictNavigation } from './electron/restrict-navigation.js';
import { routeIpc } from './electron/route-ipc.js';
import { startEngineHost } from './electron/start-engine-host.js';
import { engineResources } from './electron/resource-paths.js';

let mainWindow: BrowserWindow | undefined;

if (enforceSingleInstance(() => mainWindow)) {
  registerAppScheme();
  restrictNavigation(() => rendererEntryUrl);
  void app.whenReady().then(() => {
    serveAppProtocol(rendererDir);
    applyContentSecurityPolicy();
    const engine = startEngineHost({
      dataDir: process.env.BACKPROP_LAB_DATA_DIR ?? app.getPath('userData'),
      pages: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
      resources: engineResources({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath }),
    });
    routeIpc(engine);
    mainWindow = createMainWindow();
    mainWindow.webContents.on('did-finish-load', () => engine.connect(mainWindow!.webContents));
    askWhereToSaveDownloads(mainWindow);
    buildMenu(mainWindow, engine);
    app.on('before-quit', () => engine.stop());
  });
  app.on('window-all-closed', () => app.quit());
}
