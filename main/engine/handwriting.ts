/**
 * The engine's handwriting and insight methods (contract/handwriting.ts): the personal handwriting set
 * under <dataDir>/datasets/handwriting (main/datasets/handwriting-set.ts), a model evaluated on it beside
 * its MNIST test figures, and core/insight's saliency, activations, filters, confusion and histograms.
 * A model's MNIST test answers are computed once per model id and kept (10,000 digits take seconds).
 */
import {
  classifyDataset, firstConvFilters, histogram, idxByte, inputSaliency, layerActivations, PIXELS_PER_IMAGE, type Dataset, type DatasetAnswers,
  type ProviderChoice, type Stroke,
} from '@backprop-lab/core';
import { HostError, type EventPayload, type HandwritingSampleRecord, type MethodParams, type MethodResult } from '../../contract/index.js';
import { exportFiles, HandwritingSet, loadMnist, readImportPath, readImportZip, writeExportFolder, zipOf, type HandwritingSample } from '../datasets/index.js';
import { evaluationOf } from './evaluation-record.js';
import { FineTunes, type FineTuneDeps } from './fine-tune.js';
import type { LoadedModel, ModelLibraryPort } from './ports.js';

export interface HandwritingDeps {
  dataDir: string;
  models: ModelLibraryPort;
  /** MNIST's test set; main/datasets' loader unless a test gives a smaller one. */
  mnistTest?: () => Promise<Dataset>;
  /** main/runs' startRun in the host's environment: fine-tuning is a run. */
  startRun?: FineTuneDeps['startRun'];
  emit?: (payload: EventPayload<'handwriting.finetune'>) => void;
  provider?: () => ProviderChoice;
}

export class HandwritingService {
  readonly set: HandwritingSet;
  private readonly mnistAnswers = new Map<string, Promise<DatasetAnswers>>();
  private readonly mnistTest: () => Promise<Dataset>;
  readonly fineTunes: FineTunes;

  constructor(private readonly deps: HandwritingDeps) {
    this.set = new HandwritingSet(deps.dataDir);
    this.mnistTest = deps.mnistTest ?? (() => loadMnist('test'));
    const { startRun, emit } = deps;
    this.fineTunes = new FineTunes({
      dataDir: deps.dataDir, models: deps.models, provider: deps.provider,
      startRun: startRun ?? (() => Promise.reject(new HostError('fine-tune.no-runs', {}))),
      mnistAnswers: (modelId, network) => this.mnistAnswersOf(modelId, network),
      emit: (payload) => emit?.(payload),
    });
  }

  handlers() {
    return {
      'handwriting.list': async (): Promise<MethodResult<'handwriting.list'>> => {
        const samples = await this.set.list();
        return { samples: samples.map(toRecord), classCounts: countsOf(samples.map((s) => s.label)) };
      },
      'handwriting.add': async ({ label, pixels, strokes }: MethodParams<'handwriting.add'>) => toRecord(await this.set.add({ label, pixels, strokes: strokes as Stroke[] | null })),
      'handwriting.relabel': async ({ id, label }: MethodParams<'handwriting.relabel'>) => toRecord(await this.set.relabel(id, label)),
      'handwriting.delete': async ({ id }: MethodParams<'handwriting.delete'>) => toRecord(await this.set.delete(id)),
      'handwriting.restore': async ({ sample }: MethodParams<'handwriting.restore'>) => toRecord(await this.set.restore(fromRecord(sample))),
      'handwriting.export': (params: MethodParams<'handwriting.export'>) => this.exportSet(params),
      'handwriting.import': (params: MethodParams<'handwriting.import'>) => this.importSet(params),
      'handwriting.evaluate': ({ modelId }: MethodParams<'handwriting.evaluate'>) => this.evaluate(modelId),
      'handwriting.finetune': (params: MethodParams<'handwriting.finetune'>) => this.fineTunes.start(params),
      'handwriting.finetunes': () => this.fineTunes.finished(),
      'insight.explain': (params: MethodParams<'insight.explain'>) => this.explain(params),
      'insight.mnist': ({ modelId }: MethodParams<'insight.mnist'>) => this.mnistInsight(modelId),
      'insight.mnistDigits': ({ indices }: MethodParams<'insight.mnistDigits'>) => this.mnistDigits(indices),
    };
  }

  private async exportSet({ format, path }: MethodParams<'handwriting.export'>): Promise<MethodResult<'handwriting.export'>> {
    const samples = await this.set.list();
    const files = exportFiles(samples, format);
    const fileName = `handwriting-${format}`;
    if (path) {
      await writeExportFolder(path, files);
      return { fileName, count: samples.length, path, byteLength: files.reduce((sum, f) => sum + f.bytes.byteLength, 0) };
    }
    const zip = zipOf(files);
    return { fileName: `${fileName}.zip`, count: samples.length, base64: Buffer.from(zip).toString('base64'), byteLength: zip.byteLength };
  }

  private async importSet(params: MethodParams<'handwriting.import'>): Promise<MethodResult<'handwriting.import'>> {
    const data = 'path' in params ? await readImportPath(params.path) : readImportZip(Uint8Array.from(Buffer.from(params.zipBase64, 'base64')), params.fileName);
    const entries = Array.from({ length: data.count }, (_, i) => ({
      label: data.labels[i]!, pixels: data.images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE), strokes: null,
    }));
    const added = await this.set.addMany(entries);
    return { added: added.length, classCounts: countsOf(Array.from(data.labels)) };
  }

  private async evaluate(modelId: string): Promise<MethodResult<'handwriting.evaluate'>> {
    const network = await this.networkOf(modelId);
    const { data, ids } = await this.set.dataset();
    const personal = data.count > 0 ? classifyDataset(network.model, network.preprocessing, data) : null;
    const mnist = await this.mnistAnswersOf(modelId, network);
    const misread = personal
      ? ids.flatMap((id, i) => (personal.predicted[i] !== data.labels[i] ? [{ id, label: data.labels[i]!, predicted: personal.predicted[i]!, confidence: personal.confidence[i]! }] : []))
      : [];
    return {
      modelId,
      personal: personal ? evaluationOf(personal) : { count: 0, accuracy: 0, perClass: new Array(10).fill(null), confusion: Array.from({ length: 10 }, () => new Array(10).fill(0)) },
      misread: misread.sort((a, b) => b.confidence - a.confidence),
      mnist: evaluationOf(mnist),
    };
  }

  private async explain({ modelId, input, classIndex }: MethodParams<'insight.explain'>): Promise<MethodResult<'insight.explain'>> {
    const { model, preprocessing } = await this.networkOf(modelId);
    const { layers, probabilities } = layerActivations(model, preprocessing, input);
    let top = 0;
    for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[top]!) top = k;
    const chosen = classIndex ?? top;
    const saliency = inputSaliency(model, preprocessing, input, chosen);
    const filters = firstConvFilters(model);
    return {
      probabilities: Array.from(probabilities),
      classIndex: chosen,
      saliency: Array.from(saliency),
      layers: layers.map((l) => ({ index: l.index, type: l.type, shape: l.shape, values: Array.from(l.values) })),
      filters: filters ? { layerIndex: filters.layerIndex, shape: filters.shape, values: Array.from(filters.values) } : null,
    };
  }

  private async mnistInsight(modelId: string): Promise<MethodResult<'insight.mnist'>> {
    const network = await this.networkOf(modelId);
    const answers = await this.mnistAnswersOf(modelId, network);
    const test = await this.mnistTest();
    const misread: MethodResult<'insight.mnist'>['misread'] = [];
    for (let i = 0; i < answers.count; i++) {
      if (answers.predicted[i] !== test.labels[i]) misread.push({ index: i, label: test.labels[i]!, predicted: answers.predicted[i]!, confidence: answers.confidence[i]! });
    }
    misread.sort((a, b) => b.confidence - a.confidence);
    const weights = network.model.parameters().filter((p) => p.regularised).map((p) => ({ name: p.name, ...histogram(p.value.data, 30) }));
    return {
      modelId, test: evaluationOf(answers), predicted: Buffer.from(answers.predicted).toString('base64'),
      labels: Buffer.from(test.labels.subarray(0, answers.count)).toString('base64'), misread, weights,
    };
  }

  private async mnistDigits(indices: number[]): Promise<MethodResult<'insight.mnistDigits'>> {
    const test = await this.mnistTest();
    const digits = indices.map((index) => {
      if (index >= test.count) throw new Error(`MNIST test digit ${index} does not exist (the test set has ${test.count})`);
      const image = test.images.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE);
      return { index, label: test.labels[index]!, pixels: Buffer.from(Uint8Array.from(image, idxByte)).toString('base64') };
    });
    return { digits };
  }

  private mnistAnswersOf(modelId: string, network: NonNullable<LoadedModel['network']>): Promise<DatasetAnswers> {
    let answers = this.mnistAnswers.get(modelId);
    if (!answers) {
      answers = this.mnistTest().then((test) => classifyDataset(network.model, network.preprocessing, test));
      this.mnistAnswers.set(modelId, answers);
      answers.catch(() => this.mnistAnswers.delete(modelId));
    }
    return answers;
  }

  private async networkOf(modelId: string): Promise<NonNullable<LoadedModel['network']>> {
    const loaded = await this.deps.models.load(modelId);
    if (!loaded.network) throw new HostError('library.no-network', { id: modelId });
    return loaded.network;
  }
}


function countsOf(labels: number[]): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

function toRecord(sample: HandwritingSample): HandwritingSampleRecord {
  return { id: sample.id, label: sample.label, pixels: Buffer.from(sample.pixels).toString('base64'), strokes: sample.strokes, createdAt: sample.createdAt };
}

function fromRecord(record: HandwritingSampleRecord): HandwritingSample {
  return { id: record.id, label: record.label, pixels: Uint8Array.from(Buffer.from(record.pixels, 'base64')), strokes: record.strokes, createdAt: record.createdAt };
}
