/**
 * The engine's answers to contract/run-history.ts: a run renamed (the name written to its run.json by
 * the run store, then announced as the run's latest word with `training.status`, so every list that
 * shows the run, in every window, shows the new name) and the checkpoints a run keeps.
 */
import type { MethodName, MethodParams, MethodResult, RunSummary } from '../../contract/index.js';
import type { RunStorePort, StoredRun } from './ports.js';
import type { EventSink } from './service.js';

type HistoryMethod = 'runs.rename' | 'runs.checkpoints';
type Handlers = { [M in HistoryMethod & MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> };

export interface RunHistoryDeps {
  runs: RunStorePort;
  emit: EventSink;
  /** The engine's summary of a stored run (its duration counts a run still training). */
  summarise(run: StoredRun): RunSummary;
}

export function runHistoryHandlers({ runs, emit, summarise }: RunHistoryDeps): Handlers {
  async function requireRun(id: string): Promise<StoredRun> {
    const run = await runs.get(id);
    if (!run) throw new Error(`no run with id "${id}"`);
    return run;
  }
  return {
    'runs.rename': async ({ id, name }) => {
      await requireRun(id);
      const summary = summarise(await runs.rename(id, name));
      emit('training.status', { run: summary });
      return summary;
    },
    'runs.checkpoints': async ({ id }) => {
      await requireRun(id);
      return runs.listCheckpoints(id);
    },
  };
}
