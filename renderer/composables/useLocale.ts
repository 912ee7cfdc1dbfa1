/** The language shown, and switching it: the app re-renders in place, the choice is remembered. */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { LOCALES, type Locale } from '../i18n/languages.js';
import { browserStorage, rememberLocale } from '../i18n/preference.js';

export function useLocale() {
  const { locale } = useI18n({ useScope: 'global' });
  const current = computed(() => locale.value as Locale);
  function switchTo(next: Locale) {
    locale.value = next;
    document.documentElement.lang = next;
    rememberLocale(browserStorage(), next);
  }
  return { locales: LOCALES, current, switchTo };
}
