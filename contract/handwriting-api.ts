/** The LabApi's handwriting and insight groups, bound on the same typed call as the rest (api.ts). */
import type { MethodName, MethodParams, MethodResult } from './methods.js';
import { fineTuneParams, type FineTuneParams } from './handwriting-finetune.js';

type Call = <M extends MethodName>(method: M, params: MethodParams<M>) => Promise<MethodResult<M>>;

export interface HandwritingApi {
  list(): Promise<MethodResult<'handwriting.list'>>;
  add(params: MethodParams<'handwriting.add'>): Promise<MethodResult<'handwriting.add'>>;
  relabel(id: string, label: number): Promise<MethodResult<'handwriting.relabel'>>;
  delete(id: string): Promise<MethodResult<'handwriting.delete'>>;
  restore(sample: MethodParams<'handwriting.restore'>['sample']): Promise<MethodResult<'handwriting.restore'>>;
  export(params: MethodParams<'handwriting.export'>): Promise<MethodResult<'handwriting.export'>>;
  import(params: MethodParams<'handwriting.import'>): Promise<MethodResult<'handwriting.import'>>;
  evaluate(modelId: string): Promise<MethodResult<'handwriting.evaluate'>>;
  /** Settings left out take the contract's defaults. */
  fineTune(params: FineTuneParams): Promise<MethodResult<'handwriting.finetune'>>;
  /** The fine-tunes that ended with a model, newest first, with their before/after figures. */
  fineTunes(): Promise<MethodResult<'handwriting.finetunes'>>;
}

export interface InsightApi {
  explain(params: MethodParams<'insight.explain'>): Promise<MethodResult<'insight.explain'>>;
  mnist(modelId: string): Promise<MethodResult<'insight.mnist'>>;
  mnistDigits(indices: number[]): Promise<MethodResult<'insight.mnistDigits'>>;
}

export function bindHandwritingApi(call: Call): HandwritingApi {
  return {
    list: () => call('handwriting.list', {}),
    add: (params) => call('handwriting.add', params),
    relabel: (id, label) => call('handwriting.relabel', { id, label }),
    delete: (id) => call('handwriting.delete', { id }),
    restore: (sample) => call('handwriting.restore', { sample }),
    export: (params) => call('handwriting.export', params),
    import: (params) => call('handwriting.import', params),
    evaluate: (modelId) => call('handwriting.evaluate', { modelId }),
    fineTune: (params) => call('handwriting.finetune', fineTuneParams.parse(params)),
    fineTunes: () => call('handwriting.finetunes', {}),
  };
}

export function bindInsightApi(call: Call): InsightApi {
  return {
    explain: (params) => call('insight.explain', params),
    mnist: (modelId) => call('insight.mnist', { modelId }),
    mnistDigits: (indices) => call('insight.mnistDigits', { indices }),
  };
}
