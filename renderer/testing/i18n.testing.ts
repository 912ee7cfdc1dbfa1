/**
 * Test support: the one i18n component tests mount with, the app's own (createLabI18n). Before each
 * test the setup (setup.testing.ts) installs an English one; `mountInLocale` replaces it for the rest of
 * the test. A mount never carries two: each vue-i18n instance registers its global components (I18nT,
 * I18nN, I18nD) and `v-t` again, which Vue warns of, and the stores translate with the last i18n
 * created (activeI18n), which must be the one the view shows.
 */
import { config } from '@vue/test-utils';
import { createLabI18n, type LabI18n, type Locale } from '../i18n/index.js';

let installed: LabI18n | undefined;

/** What is mounted from now on to the end of the test shows `locale`; the i18n it is given. */
export function mountInLocale(locale: Locale): LabI18n {
  const i18n = createLabI18n(locale);
  config.global.plugins = [...(config.global.plugins ?? []).filter((plugin) => plugin !== installed), i18n];
  installed = i18n;
  return i18n;
}
