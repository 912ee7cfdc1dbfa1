/**
 * What a new run may start with, as the engine says: the datasets the user imported (`datasets.list`),
 * the library's models, and for the network being edited which of them can start it (`models.fitting`,
 * main/runs' own check, the one runs.start applies). Answers that come back out of order never replace
 * a newer one: only the answer for the latest network asked about is kept.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ErrorBody, ModelInfo, UserDatasetInfo } from '../../contract/index.js';
import type { ModelSpec } from '@backprop-lab/core';
import { useLab } from '../api';
import { messageOf } from './errors';

export interface ModelOption {
  model: ModelInfo;
  /** Why its weights cannot start the network, as error data (translated where shown); null: they can. */
  problem: ErrorBody | null;
}

export const useStartChoicesStore = defineStore('startChoices', () => {
  const lab = useLab();
  const datasets = ref<UserDatasetInfo[]>([]);
  /** Every library model with whether it can start the network last asked about. */
  const models = ref<ModelOption[]>([]);
  /** Why the lists could not be read. */
  const error = ref<string | null>(null);
  let asked = 0;

  async function loadDatasets() {
    try {
      datasets.value = await lab.datasets.list();
    } catch (failure) {
      error.value = messageOf(failure);
    }
  }

  /** Which library models can start `modelSpec`. */
  async function checkModels(modelSpec: ModelSpec) {
    const question = ++asked;
    try {
      const [list, fits] = await Promise.all([lab.models.list(), lab.models.fitting(JSON.parse(JSON.stringify(modelSpec)) as ModelSpec)]);
      if (question !== asked) return;
      const problems = new Map<string, ErrorBody | undefined>(fits.map((fit) => [fit.modelId, fit.problem]));
      models.value = list.map((model) => ({ model, problem: problems.get(model.id) ?? null }));
      error.value = null;
    } catch (failure) {
      if (question === asked) error.value = messageOf(failure);
    }
  }

  return { datasets, models, error, loadDatasets, checkModels };
});
