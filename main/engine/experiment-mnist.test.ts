/**
 * The experiments that train, on real MNIST images with small settings, against what the course
 * states: augmentation beats the plain network on over-fitted data, early stopping follows the plain
 * network's own path until it stops, the bagged ensemble beats its average member; the handwriting
 * experiment's per-digit accuracies are the confusion matrix's diagonal.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceKernels, runExperiment, selectKernels } from '@backprop-lab/core';
import { loadMnist } from '../datasets/mnist.js';

const mnist = async () => ({ train: await loadMnist('train'), test: await loadMnist('test') });

describe('experiments on MNIST', () => {
  it('over-fitting on 300 images: augmentation beats the plain network; early stopping is the plain path cut short; bagging beats its average member', async () => {
    const kernels = await selectKernels('js').catch(() => createReferenceKernels());
    const { result } = await runExperiment('overfitting', {
      kernels, mnist, params: { trainImages: 300, testImages: 2000, epochs: 40, patience: 3, baggingNetworks: 3 },
    });
    const accuracy = (variant: string) => result.values[`testAccuracy.${variant}`] as number;
    expect(accuracy('augmentation')).toBeGreaterThan(accuracy('baseline'));
    expect(accuracy('bagging')).toBeGreaterThan(accuracy('bagging-member'));
    const curves = result.figures[0]!.series;
    const plain = curves.find((s) => s.name.endsWith('baseline'))!.points;
    const early = curves.find((s) => s.name.endsWith('early-stopping'))!.points;
    expect(early.length).toBeLessThan(plain.length);
    expect(early).toEqual(plain.slice(0, early.length));
    const table = result.tables[0]!;
    expect(table.rows.find((row) => row[0] === 'experiments.overfitting.variant.augmentation')![4]).toBe(0.9016);
  }, 600_000);
});
