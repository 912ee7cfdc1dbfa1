/**
 * The course's experiments as jobs in the engine process (never in the renderer's thread): each
 * `experiments.run` starts one and answers at once with its job id; the job pushes
 * `experiment.progress` (with a partial result, so charts grow while it runs), then `experiment.done`
 * with the whole outcome, or `experiment.error`. `experiments.stop` ends it early: it finishes the step
 * it is in and reports what it has. Parameters are checked by core's registry before the job starts.
 */
import {
  ExperimentParamError, TrainingControl, experimentById, listExperiments, resolveParams, runExperiment, selectKernels,
  type Dataset, type ExperimentResult, type ProviderName,
} from '@backprop-lab/core';
import type { EventSink } from './service.js';
import { errorBodyOf, type MethodParams, type MethodResult } from '../../contract/index.js';
import { trainForExperiment, type SaveAsRuns } from './experiment-training.js';

export interface ExperimentJobsOptions {
  emit: EventSink;
  /** The kernel provider the user chose ('auto' unless told). */
  provider(): 'auto' | ProviderName;
  mnist(): Promise<{ train: Dataset; test: Dataset }>;
  /** Where runs are stored, for jobs asked to save their networks as runs; a host without one refuses. */
  runEnvironment?: SaveAsRuns['env'];
}

/** Progress events at most this often per job (a chart does not need more). */
const PROGRESS_INTERVAL_MS = 200;

export class ExperimentJobs {
  private readonly active = new Map<string, { id: string; control: TrainingControl; finished: Promise<void> }>();
  private nextJob = 1;

  constructor(private readonly options: ExperimentJobsOptions) {}

  list(): MethodResult<'experiments.list'> {
    return listExperiments() as MethodResult<'experiments.list'>;
  }

  start({ id, params, seed, saveAsRuns }: MethodParams<'experiments.run'>): MethodResult<'experiments.run'> {
    const definition = experimentById(id);
    resolveParams(id, definition.params, params);
    if (saveAsRuns && !definition.trains) throw new Error(`experiment ${id} trains no network on MNIST, so there is nothing to save as a run`);
    if (saveAsRuns && !this.options.runEnvironment) throw new Error('this engine has no run store to save the experiment\'s networks in');
    const jobId = `experiment-${Date.now().toString(36)}-${this.nextJob++}`;
    const control = new TrainingControl();
    const finished = this.execute(jobId, id, params, seed, control, saveAsRuns?.name).finally(() => this.active.delete(jobId));
    this.active.set(jobId, { id, control, finished });
    return { jobId, id };
  }

  stop(jobId: string): MethodResult<'experiments.stop'> {
    const job = this.active.get(jobId);
    if (!job) throw new Error(`no experiment job "${jobId}" is running`);
    job.control.stop();
    return { jobId, id: job.id };
  }

  async shutdown(): Promise<void> {
    for (const job of this.active.values()) job.control.stop();
    await Promise.all([...this.active.values()].map((job) => job.finished));
  }

  private async execute(
    jobId: string, id: string, params: Record<string, unknown> | undefined, seed: number | undefined, control: TrainingControl, runName: string | undefined,
  ): Promise<void> {
    const { emit } = this.options;
    const savedRuns: { id: string; name: string }[] = [];
    const save: SaveAsRuns | undefined = runName === undefined ? undefined : {
      name: runName, experiment: id, provider: this.options.provider(), env: this.options.runEnvironment!, onRun: (run) => savedRuns.push(run),
    };
    // Answer the request before the CPU-heavy work begins.
    await new Promise((resolve) => setTimeout(resolve, 0));
    let lastProgress = -Infinity;
    try {
      const kernels = await selectKernels(this.options.provider());
      try {
        const outcome = await runExperiment(id, {
          params, seed, kernels, control,
          train: trainForExperiment(kernels, control, save),
          mnist: this.options.mnist,
          onProgress: (fraction, partial) => {
            const now = performance.now();
            if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
            lastProgress = now;
            emit('experiment.progress', { jobId, id, fraction, ...(partial ? { partial: plainNumbers(partial) } : {}) });
          },
        });
        emit('experiment.done', { jobId, id, outcome: { ...outcome, result: plainNumbers(outcome.result) }, ...(save ? { savedRuns } : {}) });
      } finally {
        kernels.dispose?.();
      }
    } catch (error) {
      const param = error instanceof ExperimentParamError ? { param: error.param } : {};
      emit('experiment.error', { jobId, id, ...errorBodyOf(error), ...param });
    }
  }
}

/** NaN and ±Infinity as null, the same on every transport (JSON has no such numbers). */
function plainNumbers(result: ExperimentResult): ExperimentResult {
  return JSON.parse(JSON.stringify(result)) as ExperimentResult;
}
