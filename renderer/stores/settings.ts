/** Kernel providers (what was detected, CUDA or why not), the chosen provider, the data directory. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Settings } from '../../contract/index.js';
import { useLab } from '../api';
import { messageOf } from './errors';

export const useSettingsStore = defineStore('settings', () => {
  const lab = useLab();

  /** What the engine reported; null until loaded. */
  const settings = ref<Settings | null>(null);
  /** Why the last request failed, if it did. */
  const error = ref<string | null>(null);

  async function refresh() {
    try {
      settings.value = await lab.settings.get();
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  async function setProvider(provider: Settings['provider']) {
    try {
      settings.value = await lab.settings.setProvider(provider);
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  return { settings, error, refresh, setProvider };
});
