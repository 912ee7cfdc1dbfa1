/** The native dialogs of the app: where an exported model is saved, and About. */
import { app, dialog, type BrowserWindow, type DownloadItem } from 'electron';

/** A model exported from the Models view arrives as a download: ask where to save it. */
export function askWhereToSaveDownloads(window: BrowserWindow): void {
  window.webContents.session.on('will-download', (_event, item: DownloadItem) => {
    item.setSaveDialogOptions({ title: 'Export model', defaultPath: item.getFilename() });
  });
}

export function showAboutDialog(window: BrowserWindow): void {
  void dialog.showMessageBox(window, {
    type: 'info',
    title: 'About Backprop Lab',
    message: `Backprop Lab ${app.getVersion()}`,
    detail: 'Draw, train and inspect neural networks on an engine written from scratch.',
  });
}
