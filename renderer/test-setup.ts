/** Component tests mount with the app's i18n in English, as the app does with an English system. */
import { config } from '@vue/test-utils';
import { createLabI18n } from './i18n/index.js';

config.global.plugins = [...(config.global.plugins ?? []), createLabI18n('en')];
