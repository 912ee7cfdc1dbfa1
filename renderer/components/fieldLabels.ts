/**
 * The label of a spec's field, as the Train form shows it: the one map from where a field sits (a
 * layer, the optimizer, the schedule, the penalties, the TrainSpec itself) and its key to the i18n key
 * of its words. The editors label their fields with it, the run page names settings with it, and an
 * error about a field (`layer.field` …, core/fields.ts) names the field with it, so the message and
 * the form say the same word.
 */

/** Where a field sits: the first segment of the error code that reports it (`optimizer.field` → 'optimizer'). */
export const FIELD_PLACES = ['layer', 'optimizer', 'schedule', 'regularisation', 'train'] as const;
export type FieldPlace = (typeof FIELD_PLACES)[number];

export const isFieldPlace = (value: unknown): value is FieldPlace => (FIELD_PLACES as readonly unknown[]).includes(value);

/** The TrainSpec's own fields (core's trainSpecFields, earlyStoppingFields), each where the form groups it. */
const trainLabels: Readonly<Record<string, string>> = {
  batchSize: 'train.iteration.batchSize',
  epochs: 'train.iteration.epochs',
  seed: 'train.iteration.seed',
  validationSplit: 'train.data.validationSplit',
  'earlyStopping.patience': 'train.earlyStopping.patience',
  'earlyStopping.minDelta': 'train.earlyStopping.minDelta',
};

/** The i18n key of the label of field `key` at `place`. */
export function fieldLabelKey(place: FieldPlace, key: string): string {
  switch (place) {
    case 'layer': return `train.layer.field.${key}`;
    case 'optimizer': return key === 'lr' ? 'train.optimizer.lr' : `train.optimizer.field.${key}`;
    case 'schedule': return key === 'unit' ? 'train.schedule.unit' : `train.schedule.field.${key}`;
    case 'regularisation': return `train.regularisation.${key}`;
    case 'train': return trainLabels[key] ?? `train.${key}`;
  }
}
