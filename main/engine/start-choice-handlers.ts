/**
 * The engine's answers to contract/start-choices.ts: the user's imported datasets (main/datasets reads
 * them) and, for a network, which library models can start it. A listed model's weights are exactly
 * the tensors of its own modelSpec (the library loads them into it), so comparing the two specs' tensors
 * with main/runs' own check gives the answer runs.start would give, without reading any weights.
 */
import { errorBodyOf, type MethodName, type MethodParams, type MethodResult } from '../../contract/index.js';
import { UserDatasets } from '../datasets/user-datasets.js';
import { tensorShapesOf, weightsMisfit } from '../runs/index.js';
import type { ModelLibraryPort } from './ports.js';

type StartChoiceMethod = 'datasets.list' | 'models.fitting';
type Handlers = { [M in StartChoiceMethod & MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> };

export function startChoiceHandlers({ dataDir, models }: { dataDir: string; models: ModelLibraryPort }): Handlers {
  return {
    'datasets.list': () => new UserDatasets(dataDir).list(),
    'models.fitting': async ({ modelSpec }) => {
      const needed = await tensorShapesOf(modelSpec);
      return Promise.all((await models.list()).map(async (model) => {
        const misfit = weightsMisfit(model.id, needed, await tensorShapesOf(model.modelSpec));
        return misfit ? { modelId: model.id, problem: errorBodyOf(misfit) } : { modelId: model.id };
      }));
    },
  };
}
