/**
 * Vitest's setup for every test file: component tests mount with the app's i18n in English, as the app
 * does on an English system, made afresh for each test so that a language a test chose or switched to
 * does not carry into the next (i18n.testing.ts).
 */
import { beforeEach } from 'vitest';
import { mountInLocale } from './i18n.testing';

// The app's page has a doctype (index.html), so it renders in standards mode; happy-dom has no
// document.compatMode, which KaTeX reads on loading as quirks mode (it warns, and refuses katex.render).
if (typeof document !== 'undefined' && !('compatMode' in document)) Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat' });

// Two i18n plugins on one mount register I18nT, I18nN, I18nD and v-t twice, which Vue warns of while the
// plugin installs (outside any component, so app.config.warnHandler never sees it): such a mount fails
// instead, so no test can show one language while the stores translate with another.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('has already been registered')) throw new Error(`a test mounted two i18n instances: ${args[0]}`);
  warn(...args);
};

beforeEach(() => {
  mountInLocale('en');
});
