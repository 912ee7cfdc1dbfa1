/**
 * The languages the app speaks and how one is chosen from a list of preferred ones. Plain TypeScript
 * with no bundler features, so the e2e suite and the Electron main process can use it as well.
 */

/** The languages the app speaks, the course's first. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/** The first of the user's preferred languages the app speaks (zh-TW and zh-HK read zh-CN too), else English. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
