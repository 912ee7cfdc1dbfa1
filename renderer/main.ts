/** Starts the app: picks the LabApi (Electron bridge or WebSocket), installs Pinia and i18n, mounts App. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connectLab, provideLab } from './api';
import { SYSTEM_LOCALE_QUERY_PARAM } from '../contract/index.js';
import { createLabI18n } from './i18n/index.js';
import { browserStorage, initialLocale } from './i18n/preference.js';
import { messageOf } from './stores/errors';
import { applyTheme, rememberedTheme } from './theme/choice.js';
import { tellWindow } from './composables/useTheme';
import './styles.css';

// The language chosen in Settings, else the system's: Electron's app.getLocale() (in the page's query),
// then the browser's preferred languages.
const systemLocale = new URLSearchParams(window.location.search).get(SYSTEM_LOCALE_QUERY_PARAM) ?? undefined;
const locale = initialLocale(browserStorage(), [systemLocale, ...navigator.languages]);
document.documentElement.lang = locale;
// Light or dark as chosen in Settings (else the system's), before the first paint.
applyTheme(rememberedTheme());

provideLab(connectLab());
// The window's native parts (menus, dialogs, scrollbars) in the same theme from the start.
tellWindow(rememberedTheme());
const app = createApp(App);
app.use(createPinia());
app.use(createLabI18n(locale));
app.config.errorHandler = (error) => {
  // Never a blank screen: the failure is reported in the page (App shows it) and in the console.
  console.error(error);
  window.dispatchEvent(new CustomEvent('lab-error', { detail: messageOf(error) }));
};
window.addEventListener('unhandledrejection', (event) => {
  window.dispatchEvent(new CustomEvent('lab-error', { detail: messageOf(event.reason) }));
});
app.mount('#app');
