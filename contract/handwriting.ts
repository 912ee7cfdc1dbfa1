/**
 * The handwriting part of the contract: the personal handwriting set collected on the pad (list, add,
 * relabel, delete and restore for undo, export and import as an IDX pair or a PNG folder), a model
 * evaluated on it beside its MNIST test figures, and looking inside a model ("why did it say that?":
 * saliency, every layer's activations, the first convolution's filters; the MNIST test confusion
 * matrix, misread digits and weight histograms for the Models view).
 * Pixels travel as base64 of 784 bytes (ink 255 on 0), sample by sample.
 */
import { z } from 'zod';

const digit = z.number().int().min(0).max(9);
const point = z.object({ x: z.number().finite(), y: z.number().finite() });
export const strokeRecord = z.object({ width: z.number().positive(), points: z.array(point).min(1) });

export const handwritingSample = z.object({
  id: z.string().min(1),
  label: digit,
  /** base64 of 784 bytes, ink 255 on 0, row-major. */
  pixels: z.string(),
  /** Pen strokes in pad units as drawn; null for an imported image. */
  strokes: z.array(strokeRecord).nullable(),
  createdAt: z.string(),
});
export type HandwritingSampleRecord = z.output<typeof handwritingSample>;

const handwritingListing = z.object({ samples: z.array(handwritingSample), classCounts: z.array(z.number().int()).length(10) });

/** Accuracy overall and per class (null: no sample of that class), confusion rows = true class. */
export const evaluationRecord = z.object({
  count: z.number().int(),
  accuracy: z.number(),
  perClass: z.array(z.number().nullable()),
  confusion: z.array(z.array(z.number().int())),
});
export type EvaluationRecord = z.output<typeof evaluationRecord>;

const misread = z.object({ id: z.string(), label: digit, predicted: digit, confidence: z.number() });

const layerActivation = z.object({ index: z.number().int(), type: z.string(), shape: z.array(z.number().int()), values: z.array(z.number()) });
export type LayerActivationRecord = z.output<typeof layerActivation>;

const filters = z.object({ layerIndex: z.number().int(), shape: z.array(z.number().int()), values: z.array(z.number()) });

const histogram = z.object({
  name: z.string(),
  count: z.number().int(),
  mean: z.number(),
  std: z.number(),
  /** bins + 1 edges, ascending. */
  edges: z.array(z.number()),
  counts: z.array(z.number().int()),
});
export type WeightHistogramRecord = z.output<typeof histogram>;

const modelId = z.string().min(1);

export const handwritingMethods = {
  'handwriting.list': { params: z.object({}).strict(), result: handwritingListing },
  'handwriting.add': {
    params: z.object({ label: digit, pixels: z.array(z.number().finite()).length(784), strokes: z.array(strokeRecord).nullable() }).strict(),
    result: handwritingSample,
  },
  'handwriting.relabel': { params: z.object({ id: z.string().min(1), label: digit }).strict(), result: handwritingSample },
  /** Returns the removed sample whole, for undo. */
  'handwriting.delete': { params: z.object({ id: z.string().min(1) }).strict(), result: handwritingSample },
  'handwriting.restore': { params: z.object({ sample: handwritingSample }).strict(), result: handwritingSample },
  'handwriting.export': {
    params: z.object({
      format: z.enum(['idx', 'png']),
      /** A new folder to write into; without it the files come back as one zip for a download. */
      path: z.string().min(1).optional(),
    }).strict(),
    result: z.object({ fileName: z.string(), count: z.number().int(), path: z.string().optional(), base64: z.string().optional(), byteLength: z.number().int() }),
  },
  /** From a path (an IDX images file with its labels beside it, or a PNG folder), or a zip as export makes it. */
  'handwriting.import': {
    params: z.union([
      z.object({ path: z.string().min(1) }).strict(),
      z.object({ fileName: z.string().min(1), zipBase64: z.string().min(1) }).strict(),
    ]),
    result: z.object({ added: z.number().int(), classCounts: z.array(z.number().int()).length(10) }),
  },
  'handwriting.evaluate': {
    params: z.object({ modelId }).strict(),
    result: z.object({ modelId: z.string(), personal: evaluationRecord, misread: z.array(misread), mnist: evaluationRecord }),
  },
  /** For one drawing: probabilities, the saliency of a class (the top one unless given), every layer's output, the first conv filters. */
  'insight.explain': {
    params: z.object({ modelId, input: z.array(z.number().finite()).length(784), classIndex: digit.optional() }).strict(),
    result: z.object({
      probabilities: z.array(z.number()),
      classIndex: digit,
      /** ∂(class score)/∂(input pixel), 784 values. */
      saliency: z.array(z.number()),
      layers: z.array(layerActivation),
      filters: filters.nullable(),
    }),
  },
  /** A model on the MNIST test set: confusion matrix, each digit's answer, weight histograms per layer. */
  'insight.mnist': {
    params: z.object({ modelId }).strict(),
    result: z.object({
      modelId: z.string(),
      test: evaluationRecord,
      /** base64 of one byte per test digit: the class the model gave it. */
      predicted: z.string(),
      /** base64 of one byte per test digit: its true class (with `predicted`, the digits of any cell). */
      labels: z.string(),
      /** The misread test digits, most confident first. */
      misread: z.array(z.object({ index: z.number().int(), label: digit, predicted: digit, confidence: z.number() })),
      weights: z.array(histogram),
    }),
  },
  /** MNIST test digits by index (at most 400 at once): pixels and labels. */
  'insight.mnistDigits': {
    params: z.object({ indices: z.array(z.number().int().min(0)).max(400) }).strict(),
    result: z.object({ digits: z.array(z.object({ index: z.number().int(), label: digit, pixels: z.string() })) }),
  },
} as const;
