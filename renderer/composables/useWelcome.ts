/**
 * Whether the first-run welcome guide is shown: until the user dismisses it, remembered in localStorage
 * (Settings can show it again). One state per page, so the guide and Settings agree.
 */
import { computed, ref } from 'vue';
import { browserStorage } from '../i18n/preference.js';
import { WELCOME_STORAGE_KEY } from './welcome-storage.js';

function readDismissed(): boolean {
  try {
    return browserStorage()?.getItem(WELCOME_STORAGE_KEY) === 'yes';
  } catch {
    return false;
  }
}

function writeDismissed(dismissed: boolean): void {
  try {
    browserStorage()?.setItem(WELCOME_STORAGE_KEY, dismissed ? 'yes' : 'no');
  } catch {
    // Storage unavailable: the choice lasts until the page closes.
  }
}

const dismissed = ref(readDismissed());

export function useWelcome() {
  return {
    shown: computed(() => !dismissed.value),
    dismiss() {
      dismissed.value = true;
      writeDismissed(true);
    },
    showAgain() {
      dismissed.value = false;
      writeDismissed(false);
    },
  };
}
