/**
 * Reading a confusion matrix (rows = true class, columns = predicted class, as core/train/evaluate.ts
 * counts it): accuracy per class = diagonal / row sum (recall); overall = trace / total. A class with
 * no samples has no accuracy (null), not 0.
 */
export function perClassAccuracy(confusion: readonly (readonly number[])[]): (number | null)[] {
  return confusion.map((row, k) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : row[k]! / total;
  });
}

/** Counts predictions against labels into a classes × classes matrix. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (labels.length !== predicted.length) throw new Error(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[labels[i]!]![predicted[i]!]! += 1;
  return matrix;
}
