/**
 * Which of the course's experiments (TEXTBOOK §10, the Experiments view at `#/experiments/<id>`) shows
 * what a part of the Train form does: one table, read by the form's sections and by its warnings.
 */
export const experimentOf = {
  data: 'overfitting',
  augmentation: 'overfitting',
  architecture: 'initialisation',
  initialisation: 'initialisation',
  activation: 'vanishing-gradients',
  loss: 'loss-functions',
  optimizer: 'optimizer-race',
  schedule: 'schedules',
  regularisation: 'overfitting',
  earlyStopping: 'overfitting',
  batchSize: 'batch-size',
} as const;

export type FormPart = keyof typeof experimentOf;

export const experimentHref = (part: FormPart) => `#/experiments/${experimentOf[part]}`;
