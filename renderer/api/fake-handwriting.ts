/**
 * The fake LabApi's handwriting set and insight, in memory: samples are kept as sent; `evaluate` and
 * `insight.*` answer with figures computed from the samples by simple published rules (below) so
 * component tests can check what the views show against what the "engine" said.
 *
 *   a sample is "read as" (number of pixels above ½) mod 10, like the fake's predict;
 *   a fine-tune holds out the last sample of each class, and reports "before" by the same rule;
 *   MNIST figures are a fixed 3-class story: confusion diag 980…, see `mnistConfusion`;
 *   saliency = the input itself (so its overlay is the drawing); activations: one 2×4×4 conv map and a
 *   dense layer of 10 bars, each the input's total ink × (k + 1) / 100.
 */
import type { HandwritingSampleRecord, MethodParams, MethodResult } from '../../contract/index.js';

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The class the fake reads a 784-pixel image (values in [0, 1]) as. */
export function fakeReading(pixels: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < pixels.length; i++) if (pixels[i]! > 0.5) count++;
  return count % 10;
}

/** The MNIST test confusion matrix the fake reports: 1000 digits per class, 10 of class k read as k+1. */
export function mnistConfusion(): number[][] {
  return Array.from({ length: 10 }, (_, k) => Array.from({ length: 10 }, (_, j) => (j === k ? 990 : j === (k + 1) % 10 ? 10 : 0)));
}

function evaluation(labels: number[], predicted: number[]) {
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  labels.forEach((label, i) => confusion[label]![predicted[i]!]!++);
  const perClass = confusion.map((row, k) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : row[k]! / total;
  });
  const correct = confusion.reduce((sum, row, k) => sum + row[k]!, 0);
  return { count: labels.length, accuracy: labels.length ? correct / labels.length : 0, perClass, confusion };
}

export function fakeHandwritingHandlers() {
  let samples: HandwritingSampleRecord[] = [];
  let next = 1;
  const counts = () => Array.from({ length: 10 }, (_, k) => samples.filter((s) => s.label === k).length);
  const byId = (id: string) => {
    const sample = samples.find((s) => s.id === id);
    if (!sample) throw new Error(`the handwriting set has no sample "${id}"`);
    return sample;
  };
  const pixelsOf = (sample: HandwritingSampleRecord) => Array.from(fromBase64(sample.pixels), (v) => v / 255);
  return {
    'handwriting.list': (): MethodResult<'handwriting.list'> => ({ samples: structuredClone(samples), classCounts: counts() }),
    'handwriting.add': ({ label, pixels, strokes }: MethodParams<'handwriting.add'>): MethodResult<'handwriting.add'> => {
      const sample = {
        id: `sample-${next++}`, label, strokes, createdAt: new Date(Date.UTC(2026, 0, 1, 10, 0, next)).toISOString(),
        pixels: toBase64(Uint8Array.from(pixels, (v) => Math.round(255 * Math.min(1, Math.max(0, v))))),
      };
      samples.push(sample);
      return structuredClone(sample);
    },
    'handwriting.relabel': ({ id, label }: MethodParams<'handwriting.relabel'>): MethodResult<'handwriting.relabel'> => {
      byId(id).label = label;
      return structuredClone(byId(id));
    },
    'handwriting.delete': ({ id }: MethodParams<'handwriting.delete'>): MethodResult<'handwriting.delete'> => {
      const sample = byId(id);
      samples = samples.filter((s) => s.id !== id);
      return sample;
    },
    'handwriting.restore': ({ sample }: MethodParams<'handwriting.restore'>): MethodResult<'handwriting.restore'> => {
      if (samples.some((s) => s.id === sample.id)) throw new Error(`the handwriting set already holds a sample "${sample.id}"`);
      samples = [...samples, sample].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      return sample;
    },
    'handwriting.export': ({ format }: MethodParams<'handwriting.export'>): MethodResult<'handwriting.export'> =>
      ({ fileName: `handwriting-${format}.zip`, count: samples.length, base64: 'UEsFBg==', byteLength: 4 }),
    'handwriting.import': (): MethodResult<'handwriting.import'> => ({ added: 0, classCounts: new Array(10).fill(0) }),
    'handwriting.evaluate': ({ modelId }: MethodParams<'handwriting.evaluate'>): MethodResult<'handwriting.evaluate'> => {
      const labels = samples.map((s) => s.label);
      const predicted = samples.map((s) => fakeReading(pixelsOf(s)));
      const misread = samples.flatMap((s, i) => (predicted[i] !== s.label ? [{ id: s.id, label: s.label, predicted: predicted[i]!, confidence: 0.91 }] : []));
      const mnist = mnistConfusion();
      return { modelId, personal: evaluation(labels, predicted), misread, mnist: { count: 10_000, accuracy: 0.99, perClass: new Array(10).fill(0.99), confusion: mnist } };
    },
    // Holds out the last sample of each class (the engine draws by seed); the run's events are the test's to push.
    'handwriting.finetune': ({ modelId }: MethodParams<'handwriting.finetune'>): MethodResult<'handwriting.finetune'> => {
      if (samples.length === 0) throw new Error('The personal handwriting set is empty: draw digits on the pad and keep them first');
      const held = samples.filter((s, i) => !samples.slice(i + 1).some((later) => later.label === s.label));
      const mnist = { count: 10_000, accuracy: 0.99, perClass: new Array(10).fill(0.99), confusion: mnistConfusion() };
      return {
        runId: `finetune-${modelId}`,
        counts: { own: samples.length - held.length, mnist: samples.length - held.length, heldOut: held.length },
        heldOutIds: held.map((s) => s.id),
        before: { personal: evaluation(held.map((s) => s.label), held.map((s) => fakeReading(pixelsOf(s)))), mnist },
      };
    },
    // No fine-tune finishes in the fake (its events are the test's to push), so none is stored.
    'handwriting.finetunes': (): MethodResult<'handwriting.finetunes'> => [],
    'insight.explain': ({ input, classIndex }: MethodParams<'insight.explain'>): MethodResult<'insight.explain'> => {
      const digit = fakeReading(input);
      const ink = input.reduce((a, b) => a + b, 0);
      return {
        probabilities: Array.from({ length: 10 }, (_, k) => (k === digit ? 0.91 : 0.01)),
        classIndex: classIndex ?? digit,
        saliency: [...input],
        layers: [
          { index: 0, type: 'conv2d', shape: [2, 4, 4], values: Array.from({ length: 32 }, (_, i) => i / 31) },
          { index: 1, type: 'dense', shape: [10], values: Array.from({ length: 10 }, (_, k) => (ink * (k + 1)) / 100) },
        ],
        filters: { layerIndex: 0, shape: [2, 1, 3, 3], values: Array.from({ length: 18 }, (_, i) => i - 9) },
      };
    },
    'insight.mnist': ({ modelId }: MethodParams<'insight.mnist'>): MethodResult<'insight.mnist'> => ({
      modelId,
      test: { count: 10_000, accuracy: 0.99, perClass: new Array(10).fill(0.99), confusion: mnistConfusion() },
      // Per test digit: 1000 of each class in order; digit 1000·k + j for j < 10 is read as k + 1.
      predicted: toBase64(Uint8Array.from({ length: 10_000 }, (_, i) => (i % 1000 < 10 ? (Math.floor(i / 1000) + 1) % 10 : Math.floor(i / 1000)))),
      labels: toBase64(Uint8Array.from({ length: 10_000 }, (_, i) => Math.floor(i / 1000))),
      // Digit 1000·k + j for j < 10 is a misread k, read as k + 1.
      misread: Array.from({ length: 100 }, (_, i) => ({ index: 1000 * Math.floor(i / 10) + (i % 10), label: Math.floor(i / 10), predicted: (Math.floor(i / 10) + 1) % 10, confidence: 0.9 - i / 1000 })),
      weights: [{ name: 'layers.0.weight', count: 6, mean: 0, std: 1, edges: [-1, 0, 1], counts: [2, 4] }],
    }),
    'insight.mnistDigits': ({ indices }: MethodParams<'insight.mnistDigits'>): MethodResult<'insight.mnistDigits'> => ({
      digits: indices.map((index) => ({ index, label: Math.floor(index / 1000), pixels: toBase64(new Uint8Array(784).fill(index % 256)) })),
    }),
  };
}
