/**
 * The fake LabApi's experiments: core's own registry and runner, in the test's process (the real app
 * runs them in the engine), so component tests see real parameters and real results. Experiments that
 * train on MNIST end with the error the engine gives a host without data files.
 */
import type { EventName, EventPayload, MethodParams, MethodResult } from '../../contract/index.js';
import { TrainingControl, createReferenceKernels, experimentById, listExperiments, resolveParams, runExperiment } from '@backprop-lab/core';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export function fakeExperimentHandlers(emit: Emit) {
  const active = new Map<string, { id: string; control: TrainingControl }>();
  let next = 1;
  return {
    'experiments.list': (): MethodResult<'experiments.list'> => listExperiments() as MethodResult<'experiments.list'>,
    'experiments.run': ({ id, params, seed }: MethodParams<'experiments.run'>): MethodResult<'experiments.run'> => {
      resolveParams(id, experimentById(id).params, params);
      const jobId = `fake-experiment-${next++}`;
      const control = new TrainingControl();
      active.set(jobId, { id, control });
      setTimeout(() => {
        runExperiment(id, {
          params, seed, control, kernels: createReferenceKernels(),
          onProgress: (fraction, partial) => emit('experiment.progress', { jobId, id, fraction, ...(partial ? { partial: structuredClone(partial) } : {}) }),
        }).then(
          (outcome) => emit('experiment.done', { jobId, id, outcome: JSON.parse(JSON.stringify(outcome)) }),
          (error: Error) => emit('experiment.error', { jobId, id, message: error.message }),
        ).finally(() => active.delete(jobId));
      }, 0);
      return { jobId, id };
    },
    'experiments.stop': ({ jobId }: MethodParams<'experiments.stop'>): MethodResult<'experiments.stop'> => {
      const job = active.get(jobId);
      if (!job) throw new Error(`no experiment job "${jobId}" is running`);
      job.control.stop();
      return { jobId, id: job.id };
    },
  };
}
