/**
 * The course's experiments as the page sees them: the registry's listing (from the engine), and per
 * experiment the parameters being edited, the seed, the job in flight, its progress and its latest
 * (partial or final) result. The engine runs the job; this store only asks and listens.
 */
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type {
  EventPayload, ExperimentListing, ExperimentOutcomeRecord, ExperimentParamValue, ExperimentResultRecord,
} from '../../contract/index.js';
import { useLab } from '../api';
import { messageOf } from './errors';

export const DEFAULT_SEED = 1;

export interface ExperimentState {
  params: Record<string, ExperimentParamValue>;
  seed: number;
  /** The job in flight, if any. */
  jobId: string | null;
  fraction: number;
  /** The latest result: partial while running, whole when done. */
  result: ExperimentResultRecord | null;
  outcome: ExperimentOutcomeRecord | null;
  error: string | null;
  /** The parameter an error names, when it is a parameter's fault. */
  errorParam: string | null;
  /** Store each network it trains as a run (experiments that train). */
  saveAsRuns: boolean;
  /** The runs the last job stored, when it was asked to. */
  savedRuns: { id: string; name: string }[] | null;
}

export const useExperimentsStore = defineStore('experiments', () => {
  const lab = useLab();

  /** Every experiment with its parameters and the course's settings; empty until loaded. */
  const listings = ref<ExperimentListing[]>([]);
  /** Why loading the listing failed, if it did. */
  const loadError = ref<string | null>(null);
  /** Per experiment id. */
  const states = reactive<Record<string, ExperimentState>>({});

  const courseSettings = (listing: ExperimentListing) =>
    Object.fromEntries(Object.entries(listing.params).map(([name, d]) => [name, plainCopy(d.default)])) as Record<string, ExperimentParamValue>;

  function stateOf(id: string): ExperimentState {
    const listing = listings.value.find((l) => l.id === id);
    if (!states[id]) {
      states[id] = {
        params: listing ? courseSettings(listing) : {}, seed: DEFAULT_SEED, jobId: null, fraction: 0,
        result: null, outcome: null, error: null, errorParam: null, saveAsRuns: false, savedRuns: null,
      };
    }
    return states[id]!;
  }

  const jobState = (jobId: string) => Object.values(states).find((s) => s.jobId === jobId);
  /**
   * Events of a job whose id is not known yet: a quick job can report (even finish) before the answer
   * to `experiments.run` arrives, so its events wait here and are applied once the id is known.
   */
  const early = new Map<string, Array<(state: ExperimentState) => void>>();

  function onJob(jobId: string, apply: (state: ExperimentState) => void) {
    const state = jobState(jobId);
    if (state) apply(state);
    else early.set(jobId, [...(early.get(jobId) ?? []), apply]);
  }

  lab.on('experiment.progress', (p: EventPayload<'experiment.progress'>) => onJob(p.jobId, (state) => {
    state.fraction = p.fraction;
    if (p.partial) state.result = p.partial;
  }));
  lab.on('experiment.done', (p: EventPayload<'experiment.done'>) => onJob(p.jobId, (state) => {
    Object.assign(state, { jobId: null, fraction: 1, result: p.outcome.result, outcome: p.outcome, savedRuns: p.savedRuns ?? null });
  }));
  lab.on('experiment.error', (p: EventPayload<'experiment.error'>) => onJob(p.jobId, (state) => {
    Object.assign(state, { jobId: null, error: messageOf(p), errorParam: p.param ?? null });
  }));

  async function load() {
    try {
      listings.value = await lab.experiments.list();
      loadError.value = null;
    } catch (failure) {
      loadError.value = messageOf(failure);
    }
  }

  /** `runName`: the experiment's title in the user's language, naming the runs when they are saved. */
  async function run(id: string, runName?: string) {
    const state = stateOf(id);
    Object.assign(state, { error: null, errorParam: null, fraction: 0, outcome: null, savedRuns: null });
    const saveAsRuns = state.saveAsRuns && runName ? { saveAsRuns: { name: runName } } : {};
    try {
      const { jobId } = await lab.experiments.run({ id, params: plainCopy(state.params), seed: state.seed, ...saveAsRuns });
      state.jobId = jobId;
      for (const apply of early.get(jobId) ?? []) apply(state);
      early.delete(jobId);
    } catch (failure) {
      state.error = messageOf(failure);
    }
  }

  async function stop(id: string) {
    const state = stateOf(id);
    if (!state.jobId) return;
    try {
      await lab.experiments.stop(state.jobId);
    } catch (failure) {
      state.error = messageOf(failure);
    }
  }

  /** The course's settings of every parameter, and the default seed. */
  function reset(id: string) {
    const listing = listings.value.find((l) => l.id === id);
    if (!listing) return;
    const state = stateOf(id);
    state.params = courseSettings(listing);
    state.seed = DEFAULT_SEED;
  }

  return { listings, loadError, load, stateOf, run, stop, reset };
});

/** A copy without Vue's proxies (structuredClone refuses them); parameters are plain JSON. */
function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
