/**
 * Errors of the Node hosts' own (main/runs, main/store) that a person reads: a write that failed and a
 * resume that is refused. Like core's and the contract's, they travel as a code and parameters; the
 * English text is here, the Chinese in renderer/i18n/locales/zh-CN/errors.json.
 */
import { fillTemplate } from '@backprop-lab/core';

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
} as const;

export type HostMessageCode = keyof typeof hostMessages;

/** An error with a host message: `code` and `params` go on the wire (errorBodyOf), `message` to logs and the CLI. */
export class HostError extends Error {
  constructor(readonly code: HostMessageCode, readonly params: Record<string, string | number>, options?: { cause?: unknown }) {
    super(fillTemplate(hostMessages[code], params), options);
    this.name = 'HostError';
  }
}
