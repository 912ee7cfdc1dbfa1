/**
 * The one place where an experiment's networks are trained. Plain: core's training loop, directly, on
 * the job's kernels, stopped with the job. Saved as runs: each network goes through the run lifecycle
 * (main/runs), so it becomes a stored run named "<experiment> · <network>" with its metrics, checkpoints
 * and model, shown in the Runs view like any other; the experiment still gets the loop's events and the
 * done event, exactly as when trained directly.
 */
import { trainDirectly, type ExperimentTrainer, type Kernels, type TrainingControl, type TrainSpec } from '@backprop-lab/core';
import { startRun, type ActiveRun, type RunDescription, type RunEnvironment } from '../runs/index.js';

/** Where and under which name an experiment's networks are stored as runs. */
export interface SaveAsRuns {
  /** The run name's first part: the experiment's title in the user's language. */
  name: string;
  experiment: string;
  provider: TrainSpec['provider'];
  env: Pick<RunEnvironment, 'dataDir' | 'appVersion' | 'models'>;
  /** Each run as it is created (before it trains). */
  onRun?(run: { id: string; name: string }): void;
}

export function trainForExperiment(kernels: Kernels, control: TrainingControl, save?: SaveAsRuns): ExperimentTrainer {
  if (!save) return trainDirectly(kernels, control);
  return async (job) => {
    const description: RunDescription = {
      name: `${save.name} · ${job.label}`,
      modelSpec: job.modelSpec,
      trainSpec: { ...job.trainSpec, provider: save.provider },
      dataset: { source: 'experiment', experiment: save.experiment, network: job.label, trainCount: job.train.count, testCount: job.test?.count ?? 0 },
      start: { from: 'fresh' },
      executor: { threads: 1 },
    };
    // The loop's first event comes after startRun has answered (the lifecycle yields before it trains).
    const active: ActiveRun = await startRun(description, {
      ...save.env,
      iterationEventIntervalMs: job.iterationEventIntervalMs,
      onEvent: (event) => {
        // The experiment's stop reaches the run at its next event (iterations come at least every 250 ms).
        if (control.stopRequested) active.stop();
        if (event.type === 'epoch') job.onEpoch?.(event);
        else if (event.type === 'iteration') job.onIteration?.(event);
      },
    }, { train: job.train, test: job.test });
    save.onRun?.({ id: active.record.id, name: active.record.name });
    if (control.stopRequested) active.stop();
    return (await active.finished).done;
  };
}
