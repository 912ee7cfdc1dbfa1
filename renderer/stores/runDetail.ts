/**
 * The run open on its detail page: its full record (specs, iteration and epoch points, growing with the
 * live events while it trains), the checkpoints it keeps and the model it made. A summary heard from the
 * engine (`training.status`, `training.done`: a rename, a stop, the end) replaces the shown one unless
 * it is older (isStaleRun); the end reads the run again, for its model and last checkpoint.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CheckpointInfo, EpochPoint, IterationPoint, ModelDetail, RunDetail, RunSummary } from '../../contract/index.js';
import { useLab } from '../api';
import { appendLive } from '../composables/runPoints';
import { messageOf } from './errors';
import { isStaleRun } from './training';

export const useRunDetailStore = defineStore('runDetail', () => {
  const lab = useLab();

  /** The open run with its points; null before the first answer or when it could not be read. */
  const detail = ref<RunDetail | null>(null);
  /** The checkpoints it keeps, newest first. */
  const checkpoints = ref<CheckpointInfo[]>([]);
  /** The model it added to the library (null: none, or the model was deleted since: `modelMissing`). */
  const model = ref<ModelDetail | null>(null);
  /** The run names a model the library no longer has. */
  const modelMissing = ref(false);
  /** Why the run could not be read or renamed, if so. */
  const error = ref<string | null>(null);
  /** Id of the run asked for (answers for a run no longer open are dropped). */
  let openId: string | null = null;

  async function open(id: string) {
    openId = id;
    error.value = null;
    if (detail.value?.id !== id) {
      detail.value = null;
      checkpoints.value = [];
      model.value = null;
      modelMissing.value = false;
    }
    try {
      const [record, kept] = await Promise.all([lab.runs.get(id), lab.runs.checkpoints(id)]);
      if (openId !== id) return;
      detail.value = record;
      checkpoints.value = kept;
      await readModel(record.modelId);
    } catch (failure) {
      if (openId === id) error.value = messageOf(failure);
    }
  }

  async function readModel(modelId: string | undefined) {
    modelMissing.value = false;
    model.value = null;
    if (!modelId) return;
    try {
      model.value = await lab.models.get(modelId);
    } catch {
      modelMissing.value = true;
    }
  }

  function close() {
    openId = null;
    detail.value = null;
    error.value = null;
  }

  /** Renames the open run; false (with the engine's reason in `error`) when refused. */
  async function rename(name: string): Promise<boolean> {
    if (!detail.value) return false;
    try {
      heard(await lab.runs.rename(detail.value.id, name));
      error.value = null;
      return true;
    } catch (failure) {
      error.value = messageOf(failure);
      return false;
    }
  }

  function heard(summary: RunSummary) {
    if (!detail.value || detail.value.id !== summary.id || isStaleRun(detail.value, summary)) return;
    // A renamed run's summary has no name parts: the parts come from the summary alone, or the old ones would word the old name.
    const { nameParts: _oldParts, ...rest } = detail.value;
    detail.value = { ...rest, ...summary };
  }

  lab.on('training.status', ({ run }) => heard(run));
  lab.on('training.done', ({ run }) => {
    heard(run);
    if (detail.value?.id === run.id) void open(run.id);
  });
  lab.on('training.iteration', (point) => {
    if (detail.value?.id !== point.runId) return;
    const { runId: _runId, iterationsPerEpoch: _perEpoch, ...stored } = point;
    detail.value = { ...detail.value, iterations: appendLive<IterationPoint>(detail.value.iterations, stored, (p) => p.step) };
  });
  lab.on('training.epoch', (point) => {
    if (detail.value?.id !== point.runId) return;
    const { runId: _runId, epochs: _epochs, ...stored } = point;
    detail.value = { ...detail.value, epochsDone: point.epoch, epochPoints: appendLive<EpochPoint>(detail.value.epochPoints, stored, (p) => p.epoch) };
  });

  return { detail, checkpoints, model, modelMissing, error, open, close, rename };
});
