/**
 * What the page tells the window it is shown in: the theme chosen in Settings, so the desktop app's
 * native parts (menus, dialogs, scrollbars, the title bar) follow it (Electron's
 * `nativeTheme.themeSource`). Like `engine.*`, these are answered by the host of the window, not by the
 * engine: the Electron main process over IPC, and the server's supervisor in a browser, where there is
 * no native part to change (`native: false`; the page's own colours already follow the choice).
 */
import { z } from 'zod';

/** Light or dark as Settings offers it: the system's, or one of the two whatever the system says. */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

export const windowMethods = {
  'window.setTheme': {
    params: z.object({ theme: z.enum(themeChoices) }).strict(),
    /** Whether a native theme followed (true in the desktop app). */
    result: z.object({ native: z.boolean() }),
  },
} as const;
