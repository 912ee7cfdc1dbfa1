/** Debian's Chromium and its flags: the browser every browser project runs in (never `playwright install`). */
import type { LaunchOptions } from '@playwright/test';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumFlags = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// headless: false because the flags above choose Chromium's new headless mode themselves.
export const chromiumLaunchOptions: LaunchOptions = { executablePath: chromiumPath, headless: false, args: chromiumFlags };
