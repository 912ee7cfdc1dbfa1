/**
 * The run history: list, selection for comparing curves (details fetched on demand), delete one or every
 * selected run; and the run folders the engine could not read (damaged), each deletable.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DamagedRun, RunDetail, RunSummary } from '../../contract/index.js';
import { useLab } from '../api';
import { messageOf } from './errors';

export const useRunsStore = defineStore('runs', () => {
  const lab = useLab();

  /** Every stored run, newest first. */
  const runs = ref<RunSummary[]>([]);
  /** Run folders whose run.json cannot be read, each with why as error data. */
  const damaged = ref<DamagedRun[]>([]);
  /** Ids of the runs whose curves are compared. */
  const selectedIds = ref<string[]>([]);
  /** Full records (with points) of the selected runs, by id. */
  const details = ref<Record<string, RunDetail>>({});
  /** Why the last request failed, if it did. */
  const error = ref<string | null>(null);

  const selectedDetails = computed(() => selectedIds.value.map((id) => details.value[id]).filter((d): d is RunDetail => d !== undefined));

  async function refresh() {
    try {
      const [list, unreadable] = await Promise.all([lab.runs.list(), lab.runs.damaged()]);
      runs.value = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      damaged.value = unreadable;
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  async function toggleSelected(id: string) {
    if (selectedIds.value.includes(id)) {
      selectedIds.value = selectedIds.value.filter((other) => other !== id);
      return;
    }
    selectedIds.value = [...selectedIds.value, id];
    try {
      // Read the record first: spreading `details` before the await would drop a record that another
      // toggle (a second tick while this one loads) stored in the meantime.
      const detail = await lab.runs.get(id);
      details.value = { ...details.value, [id]: detail };
      error.value = null;
    } catch (failure) {
      selectedIds.value = selectedIds.value.filter((other) => other !== id);
      error.value = messageOf(failure);
    }
  }

  async function remove(id: string) {
    try {
      await lab.runs.delete(id);
      runs.value = runs.value.filter((r) => r.id !== id);
      damaged.value = damaged.value.filter((r) => r.id !== id);
      selectedIds.value = selectedIds.value.filter((other) => other !== id);
      error.value = null;
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  /** Deletes every selected run that is not training; the ones the engine refuses stay, with its reason. */
  async function removeSelected() {
    const ids = selectedIds.value.filter((id) => {
      const status = runs.value.find((r) => r.id === id)?.status;
      return status !== 'running' && status !== 'paused';
    });
    const refused: string[] = [];
    for (const id of ids) {
      try {
        await lab.runs.delete(id);
        runs.value = runs.value.filter((r) => r.id !== id);
        selectedIds.value = selectedIds.value.filter((other) => other !== id);
      } catch (failure) {
        refused.push(messageOf(failure));
      }
    }
    error.value = refused.length > 0 ? refused.join('; ') : null;
  }

  lab.on('training.status', ({ run }) => {
    const known = runs.value.some((r) => r.id === run.id);
    runs.value = known ? runs.value.map((r) => (r.id === run.id ? run : r)) : [run, ...runs.value];
    // A renamed or finished run compared here shows its new name and state in the legend.
    const compared = details.value[run.id];
    if (compared) details.value = { ...details.value, [run.id]: { ...compared, ...run } };
  });
  lab.on('training.done', () => void refresh());
  lab.on('engine.status', (status) => {
    if (status.state === 'ready') void refresh();
  });

  return { runs, damaged, selectedIds, details, selectedDetails, error, refresh, toggleSelected, remove, removeSelected };
});
