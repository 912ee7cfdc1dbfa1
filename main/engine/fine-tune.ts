/**
 * Fine-tuning on the personal handwriting set (contract/handwriting-finetune.ts): a run of main/runs that
 * starts from a library model's weights and trains on the user's digits mixed with MNIST
 * (main/runs/run-data.ts' handwritingRunData, the one split of the set). Before the run starts, the
 * starting model is measured on the held-out digits and on MNIST's test set; when it ends, the new model
 * (already in the library, so usable on the pad) is measured the same way, with the same function.
 * Both are stored with the run (fine-tune-history.ts), so the figures outlive the session. Every failure
 * before the run starts (no network, an empty set, too few digits of a class) is thrown to the caller and
 * leaves no run.
 */
import {
  classifyDataset, englishName, fineTuneNameParts, fineTuneTrainSpec, type Dataset, type DatasetAnswers, type ProviderChoice, type TrainEvent,
} from '@backprop-lab/core';
import {
  errorBodyOf, HostError, type EventPayload, type FineTuneFigures, type MethodParams, type MethodResult, type RunSummary,
} from '../../contract/index.js';
import type { HandwritingReference, RunDescription } from '../runs/description.js';
import { handwritingRunData } from '../runs/run-data.js';
import { evaluationOf } from './evaluation-record.js';
import { finishedFineTunes, recordFineTuneFigures } from './fine-tune-history.js';
import type { LoadedModel, ModelLibraryPort } from './ports.js';

type Network = NonNullable<LoadedModel['network']>;

/** What a run's final record says of its end (main/store/run-record.ts; its status may be `diverged`). */
type EndedRun = Pick<RunSummary, 'modelId' | 'noModel' | 'error' | 'errorData'> & { status: string };

/** What a started run gives back: its id now, its final record (with the new model's id) later. */
export interface StartedRun {
  record: { id: string };
  finished: Promise<{ record: EndedRun }>;
}

export interface FineTuneDeps {
  dataDir: string;
  models: ModelLibraryPort;
  /** main/runs' startRun in this host's environment. */
  startRun(description: RunDescription, onEvent: (event: TrainEvent) => void): Promise<StartedRun>;
  /** A model's answers on MNIST's test set (kept per model id by the handwriting service). */
  mnistAnswers(modelId: string, network: Network): Promise<DatasetAnswers>;
  emit(payload: EventPayload<'handwriting.finetune'>): void;
  provider?: () => ProviderChoice;
}

export class FineTunes {
  /** Settles when every fine-tune started here has reported its end (tests, shutdown). */
  private pending = new Set<Promise<void>>();

  constructor(private readonly deps: FineTuneDeps) {}

  async start(params: MethodParams<'handwriting.finetune'>): Promise<MethodResult<'handwriting.finetune'>> {
    const { deps } = this;
    const starting = await deps.models.load(params.modelId);
    if (!starting.network) throw new HostError('fine-tune.no-network', { id: params.modelId });
    const reference: HandwritingReference = { source: 'handwriting', heldOutShare: params.heldOutShare, mnistShare: params.mnistShare, seed: params.seed };
    const data = await handwritingRunData(reference, deps.dataDir);
    const before = await this.figures(params.modelId, starting.network, data.heldOut);
    // Named by the model it starts from (core/run-name.ts); the parts let the app word it in its language.
    const nameParts = fineTuneNameParts(starting.info);
    const name = englishName(nameParts);
    const description: RunDescription = {
      name, nameParts,
      modelSpec: { ...starting.info.modelSpec, name },
      trainSpec: fineTuneTrainSpec(starting.trainSpec, {
        epochs: params.epochs, learningRate: params.learningRate, seed: params.seed, provider: deps.provider?.() ?? 'auto',
      }),
      dataset: reference,
      start: { from: 'model', modelId: params.modelId },
      executor: { threads: 1 },
    };
    let runId = '';
    const run = await deps.startRun(description, (event) => {
      if (event.type === 'epoch') deps.emit({ runId, state: 'epoch', epoch: event.epoch, epochs: event.epochs });
    });
    runId = run.record.id;
    const counts = { ...data.counts, heldOut: data.heldOut.count };
    const ending = run.finished.then(
      async ({ record }) => {
        if (!record.modelId) throw noModelFailure(record);
        const tuned = await deps.models.load(record.modelId);
        if (!tuned.network) throw new HostError('library.no-network', { id: record.modelId });
        const after = await this.figures(record.modelId, tuned.network, data.heldOut);
        await recordFineTuneFigures(deps.dataDir, runId, {
          startModelId: params.modelId, startModelName: starting.info.name, modelId: record.modelId, modelName: tuned.info.name, counts, before, after,
        });
        deps.emit({ runId, state: 'done', epoch: params.epochs, epochs: params.epochs, modelId: record.modelId, modelName: tuned.info.name, after });
      },
    ).catch((error: unknown) => {
      deps.emit({ runId, state: 'failed', epoch: 0, epochs: params.epochs, error: (error as Error).message, failure: errorBodyOf(error) });
    });
    this.pending.add(ending);
    void ending.finally(() => this.pending.delete(ending));
    return {
      runId,
      counts,
      heldOutIds: data.heldOutIds,
      before,
    };
  }

  /** The fine-tunes that ended with a model and stored their figures, newest first (after a restart too). */
  finished(): Promise<MethodResult<'handwriting.finetunes'>> {
    return finishedFineTunes(this.deps.dataDir);
  }

  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async figures(modelId: string, network: Network, heldOut: Dataset): Promise<FineTuneFigures> {
    const personal = classifyDataset(network.model, network.preprocessing, heldOut);
    return { personal: evaluationOf(personal), mnist: evaluationOf(await this.deps.mnistAnswers(modelId, network)) };
  }
}

/**
 * Why a fine-tune's run left no model, as data: it diverged; it failed, with the run's own failure as the
 * problem (its record's errorData, worded in the app's language), or, in a run.json written before runs
 * kept that, its English text as the reason; or it ended (stopped) with no error at all.
 */
function noModelFailure(record: EndedRun): HostError {
  const { status } = record;
  if (record.noModel === 'diverged' || status === 'diverged') return new HostError('fine-tune.diverged', {});
  if (record.errorData) {
    const { code, params = {}, problem } = record.errorData;
    return new HostError('fine-tune.run-error', { status }, { problem: { code, params, ...(problem ? { problem } : {}) }, problemText: record.error ?? code });
  }
  if (record.error !== undefined) return new HostError('fine-tune.run-failed', { status, reason: record.error });
  return new HostError('fine-tune.no-model', { status });
}
