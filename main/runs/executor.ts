/**
 * The executor of a run, from its description: `{ threads: 1 }` is core's own one-thread step,
 * `{ threads: N }` the worker executor of main/parallel with N threads, `auto` the faster of one thread
 * and the machine's cores by a short probe (main/parallel/probe.ts). A resumed run takes the thread
 * count its run.json recorded, so it continues exactly as it would have without the stop.
 */
import { availableParallelism } from 'node:os';
import type { Dataset, Kernels, ModelSpec, ProviderName, StepFunction, TrainSpec } from '@backprop-lab/core';
import { probeExecutors, startWorkerExecutor } from '../parallel/index.js';
import { MAX_EXECUTOR_THREADS } from '../../contract/index.js';
import type { ChosenExecutor, ExecutorChoice } from './description.js';

export { MAX_EXECUTOR_THREADS };

export interface RunningExecutor {
  chosen: ChosenExecutor;
  /** Undefined: the loop's own one-thread step. */
  step?: StepFunction;
  close(): Promise<void>;
}

/** Throws naming the value when the description's executor cannot be used. */
export function checkExecutorChoice(choice: ExecutorChoice): void {
  const threads = choice?.threads;
  if (threads === 'auto') return;
  if (!(typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 && threads <= MAX_EXECUTOR_THREADS)) {
    throw new Error(`executor.threads must be 'auto' or a whole number from 1 to ${MAX_EXECUTOR_THREADS}, got ${JSON.stringify(threads)}`);
  }
}

export async function startRunExecutor(
  choice: ExecutorChoice,
  run: { modelSpec: ModelSpec; trainSpec: TrainSpec; train: Dataset; kernels: Kernels },
  recorded?: ChosenExecutor,
): Promise<RunningExecutor> {
  const { modelSpec, trainSpec, train, kernels } = run;
  const workers = (threads: number) =>
    startWorkerExecutor({
      modelSpec, threads, provider: kernels.name as ProviderName, maxRows: trainSpec.batchSize, classes: train.classes,
    });
  let chosen: ChosenExecutor;
  if (recorded) chosen = recorded;
  else if (choice.threads !== 'auto') {
    chosen = { threads: choice.threads, reason: choice.threads === 1 ? 'one thread, as asked' : `${choice.threads} threads, as asked` };
  } else {
    const probe = await probeExecutors({ modelSpec, trainSpec, train, kernels, threads: availableParallelism() });
    chosen = { threads: probe.threads, reason: probe.reason, measured: probe.measured };
    if (probe.executor) return { chosen, step: probe.executor.step, close: () => probe.executor!.close() };
  }
  if (chosen.threads === 1) return { chosen, close: async () => undefined };
  const executor = await workers(chosen.threads);
  return { chosen, step: executor.step, close: () => executor.close() };
}
