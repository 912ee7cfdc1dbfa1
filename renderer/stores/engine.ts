/** The engine process as the UI sees it: its status (ready, crashed…), and restarting it. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EngineStatus } from '../../contract/index.js';
import { useLab } from '../api';
import { messageOf } from './errors';

export const useEngineStore = defineStore('engine', () => {
  const lab = useLab();

  /** The last status the host reported; null until the first answer. */
  const status = ref<EngineStatus | null>(null);
  /** True while a restart request is in flight. */
  const restarting = ref(false);
  /** Why the last restart (or status request) failed, if it did. */
  const error = ref<string | null>(null);

  /** The engine cannot answer: the banner shows and offers a restart. */
  const isDown = computed(() => status.value?.state === 'crashed' || status.value?.state === 'stopped');

  lab.on('engine.status', (next) => {
    status.value = next;
    if (next.state === 'ready') error.value = null;
  });

  async function refresh() {
    try {
      status.value = await lab.engine.status();
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  async function restart() {
    restarting.value = true;
    error.value = null;
    try {
      status.value = await lab.engine.restart();
    } catch (failure) {
      error.value = messageOf(failure);
    } finally {
      restarting.value = false;
    }
  }

  /** Anything but a ready engine (once its status is known) is worth telling the user. */
  const showBanner = computed(() => status.value !== null && status.value.state !== 'ready');

  return { status, restarting, error, isDown, showBanner, refresh, restart };
});
