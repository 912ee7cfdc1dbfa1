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

beforeEach(() => {
  mountInLocale('en');
});
