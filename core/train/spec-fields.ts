/**
 * The TrainSpec's own numbers as field rules (core/fields.ts), so a bad batch size or seed is a field
 * problem like a layer's or an optimizer's: `train.field` with the key and the bounds, in the user's
 * language in the app and in English on the command line. The optimizer, schedule and regularisation
 * have their own tables beside their code.
 */
import type { FieldTable } from '../fields.js';

export const trainSpecFields = {
  batchSize: { kind: 'number', range: 'count', optional: false },
  epochs: { kind: 'number', range: 'whole', optional: false },
  /** Fraction of the training set held out for validation. */
  validationSplit: { kind: 'number', range: 'fraction', optional: false },
  seed: { kind: 'number', range: 'seed', optional: false },
} as const satisfies FieldTable;

/** `TrainSpec.earlyStopping`, read with the prefix `earlyStopping.`. */
export const earlyStoppingFields = {
  patience: { kind: 'number', range: 'count', optional: false },
  minDelta: { kind: 'number', range: 'non-negative', optional: true, default: 0 },
} as const satisfies FieldTable;
