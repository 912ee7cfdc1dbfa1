/**
 * Distillation's soft targets (Hinton, Vinyals & Dean 2015, "Distilling the knowledge in a neural
 * network", at temperature 1): a fine-tune keeps what a teacher knows by learning the teacher's whole
 * distribution over the classes, not only the label. For a batch row x_i of class c_i,
 *
 *   y_i = (1 − λ)·onehot(c_i) + λ·softmax(teacher(x_i))   where the teacher reads x_i as c_i,
 *   y_i = onehot(c_i)                                      where it does not (its mistakes are not taught),
 *
 * and softmax cross-entropy, linear in its target, is then the mix of the two losses:
 *   CE(z, y_i) = (1 − λ)·CE(z, onehot) + λ·CE(z, p_teacher),   dJ/dz = (softmax(z) − y)/m.
 * Only the rows the teacher reads right carry its soft targets, so on writer variants it misreads (a
 * closed 4 read as 9) the student still learns the label. The teacher runs in inference mode (BatchNorm's
 * running statistics) on the batch as the student takes it; a model of its own, never trained.
 */
import { oneHot } from '../losses.js';
import type { Model } from '../model.js';
import { argmaxRow } from '../metrics.js';
import type { BatchTargets } from './loop.js';

/** Targets for trainModel's `targets`: the teacher's probabilities blended in at share λ = `share`. */
export function distillationTargets(teacher: Model, share: number): BatchTargets {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`distillationTargets: the teacher's share ${share} is outside [0, 1]`);
  return (x, labels, classes) => {
    const y = oneHot(labels, classes);
    const p = teacher.predict(x).data;
    if (p.length !== y.size) throw new RangeError(`distillationTargets: the teacher gives ${p.length / labels.length} outputs a row, the data has ${classes} classes`);
    for (let i = 0; i < labels.length; i++) {
      if (argmaxRow(p, i, classes) !== labels[i]) continue;
      for (let j = 0; j < classes; j++) {
        const at = i * classes + j;
        y.data[at] = (1 - share) * y.data[at]! + share * p[at]!;
      }
    }
    return y;
  };
}
