/**
 * Errors of the Node hosts' own (main/runs, main/store, main/engine) that a person reads: a write that
 * failed, a resume that is refused, a run or model id the stores cannot use, a fine-tune that ends
 * without a model. Like core's and the contract's, they travel as a code and parameters; the English
 * text is here, the Chinese in renderer/i18n/locales/zh-CN/errors.json.
 */
import { fillTemplate } from '@backprop-lab/core';
import type { ErrorProblem } from './errors.js';

export const hostMessages = {
  'storage.no-space': 'Could not write {path}: no space left on the device ({errno})',
  'storage.read-only': 'Could not write {path}: the file system is read-only ({errno})',
  'storage.no-permission': 'Could not write {path}: permission denied ({errno})',
  'storage.write-failed': 'Could not write {path}: {reason}',
  'run.resume-completed':
    'Run {runId} has completed ({epochsDone} of {epochs} epochs) and is not resumed: start a new run, or fine-tune from its model {modelId}',
  'run.resume-diverged':
    'Run {runId} diverged and is not resumed (it would repeat the same steps from its last checkpoint): start a new run, with a lower learning rate for instance',
  'run.start-tensor-missing': 'Model {modelId} cannot start this network: it has no tensor {tensor} ({shape})',
  'run.start-tensor-shape': 'Model {modelId} cannot start this network: its {tensor} is {savedShape}, the network needs {shape}',
  'run.start-tensor-extra': 'Model {modelId} cannot start this network: it holds {tensor}, which the network does not have',
  // A run folder whose run.json cannot be read (main/store/run-store.ts): listed as damaged, deletable.
  'run.record-unreadable': '{file} cannot be read ({reason})',
  'run.record-not-json': '{file} is not valid JSON',
  'run.record-invalid': '{file} is not a run record: its field {field} is missing or not what a run record holds',
  'run.record-wrong-id': '{file} names the run "{named}", not its folder "{folder}"',
  'run.not-found': 'no run with id "{id}"',
  'run.bad-id': '"{id}" is not a run id',
  'run.still-active': 'run {id} is still {status} in process {pid}; stop it first',
  'run.training': 'run {id} is training; stop it before deleting it',
  // The model library (main/store/model-store.ts): a name or id it cannot use, a model it cannot delete or find.
  'library.bad-name': '"{name}" is not a usable model name (letters, digits, ".", "_", "-")',
  'library.bad-id': '"{id}" is not a model id (expected bundled:NAME or user:NAME)',
  'library.bundled': 'model {id} ships with the app and cannot be deleted',
  'library.not-found': 'no model with id "{id}"',
  'library.no-network': 'model {id} cannot be looked inside (no network loaded)',
  'library.input-size': '{file}: the model reads {inputs} values per sample ([{shape}]); the pad gives 28×28 = {pixels}',
  // Fine-tuning on the handwriting set (main/engine/fine-tune.ts, fine-tune-history.ts).
  'fine-tune.no-network': 'model {id} cannot be fine-tuned (no network loaded)',
  'fine-tune.no-runs': 'this host cannot start runs, so it cannot fine-tune',
  'fine-tune.no-model': 'the fine-tune ended {status} without a model',
  // A run.json written before runs kept their failure as data: `{reason}` is its English text.
  'fine-tune.run-failed': 'the fine-tune ended {status} without a model: {reason}',
  // The run's own failure as data (its record's errorData), worded into `{problem}`.
  'fine-tune.run-error': 'the fine-tune ended {status} without a model: {problem}',
  'fine-tune.diverged': 'the fine-tune diverged (the loss blew up), so it kept no model; try a smaller learning rate',
  'fine-tune.figures-invalid': "{file} does not hold a fine-tune's figures: its field {field} is missing or not what the figures hold",
} as const;

export type HostMessageCode = keyof typeof hostMessages;

/**
 * An error with a host message: `code` and `params` go on the wire (errorBodyOf), `message` to logs and the
 * CLI; a `problem` (another error's data, whose English is `problemText`) fills the message's `{problem}`.
 */
export class HostError extends Error {
  readonly problem?: ErrorProblem;

  constructor(
    readonly code: HostMessageCode, readonly params: Record<string, string | number>,
    options?: { cause?: unknown; problem?: ErrorProblem; problemText?: string },
  ) {
    super(fillTemplate(hostMessages[code], { ...params, ...(options?.problemText !== undefined ? { problem: options.problemText } : {}) }), options);
    this.name = 'HostError';
    if (options?.problem) this.problem = options.problem;
  }
}
