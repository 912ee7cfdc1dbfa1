/** Starts the app: picks the LabApi (Electron bridge or WebSocket), installs Pinia, mounts App. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connectLab, provideLab } from './api';
import { createLabI18n, pickLocale } from './i18n/index.js';
import './styles.css';

provideLab(connectLab());
const app = createApp(App);
app.use(createPinia());
app.use(createLabI18n(pickLocale(navigator.languages)));
app.config.errorHandler = (error) => {
  // Never a blank screen: the failure is reported in the page (App shows it) and in the console.
  console.error(error);
  window.dispatchEvent(new CustomEvent('lab-error', { detail: error instanceof Error ? error.message : String(error) }));
};
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason instanceof Error ? event.reason.message : String(event.reason);
  window.dispatchEvent(new CustomEvent('lab-error', { detail: reason }));
});
app.mount('#app');
