/** A model's answers on a dataset as the contract carries them: accuracy overall and per class, confusion. */
import type { DatasetAnswers } from '@backprop-lab/core';
import type { EvaluationRecord } from '../../contract/index.js';

export function evaluationOf(answers: DatasetAnswers): EvaluationRecord {
  return { count: answers.count, accuracy: answers.accuracy, perClass: answers.perClass, confusion: answers.confusion };
}
