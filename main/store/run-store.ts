/**
 * The run store, modelled on MLflow's file store: one folder per run under <dataDir>/runs/<id>/ with
 *   run.json       the RunRecord (specs, status, timestamps, final metrics, owner pid), rewritten atomically
 *   metrics.jsonl  one JSON object per event, appended and fsynced
 *   checkpoints/   epoch-NNNN.ckpt, the newest and the best kept (checkpoint-files.ts)
 *   model.bplab    the final model (core/io's native format)
 * A run whose status says it is active (queued, running, paused) but whose owner process is gone is
 * reported as `interrupted`, and run.json is rewritten so; it resumes from `loadLatestCheckpoint`.
 * Updates to one run are applied one after another, so concurrent patches never lose a field.
 * It also serves as the engine's RunStorePort (list/get/create/update/appendMetrics/readMetrics/delete).
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeModelFile, MODEL_FILE_EXTENSION, type SavedModel } from '@backprop-lab/core';
import type { TrainingCheckpoint } from '@backprop-lab/core';
import { errorBodyOf, HostError, type CheckpointInfo, type DamagedRun } from '../../contract/index.js';
import { appendLineDurable, removeStaleTemporaries, writeFileAtomic } from './atomic-write.js';
import { describeCheckpointFiles, loadLatestCheckpointFile, saveCheckpointFile } from './checkpoint-files.js';
import { isProcessAlive } from './process-alive.js';
import { makeDirectory } from './write-failure.js';
import { ACTIVE_STATUSES, isChartLine, runRecordIssue, type FinalMetrics, type MetricLine, type NewRun, type RunRecord, type RunRecordStatus } from './run-record.js';

export interface RunStoreOptions {
  /** Liveness check for owner pids (tests pass a fake). */
  isAlive?: (pid: number) => boolean;
  /** This process's id, recorded as the owner of the runs it creates. */
  pid?: number;
}

export interface FinishRun {
  status: Extract<RunRecordStatus, 'completed' | 'stopped' | 'diverged' | 'failed'>;
  metrics?: FinalMetrics;
  /** The final model, written to model.bplab (bytes already encoded, or a SavedModel). */
  model?: Uint8Array | SavedModel;
  modelId?: string;
  /** Why the run adds no model (main/runs decides). */
  noModel?: RunRecord['noModel'];
  error?: string;
  errorData?: RunRecord['errorData'];
  epochsDone?: number;
  durationMs?: number;
}

export class RunStore {
  readonly runsDir: string;
  private readonly isAlive: (pid: number) => boolean;
  private readonly pid: number;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(dataDir: string, options: RunStoreOptions = {}) {
    this.runsDir = join(dataDir, 'runs');
    this.isAlive = options.isAlive ?? isProcessAlive;
    this.pid = options.pid ?? process.pid;
  }

  runDir(id: string): string {
    return join(this.runsDir, checkRunId(id));
  }

  modelPath(id: string): string {
    return join(this.runDir(id), `model${MODEL_FILE_EXTENSION}`);
  }

  async createRun(fields: NewRun): Promise<RunRecord> {
    const now = new Date();
    const id = `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;
    const record: RunRecord = {
      status: 'running', epochsDone: 0, durationMs: 0, ...fields,
      id, createdAt: now.toISOString(), updatedAt: now.toISOString(), ownerPid: this.pid,
    };
    await makeDirectory(join(this.runDir(id), 'checkpoints'));
    try {
      await writeFileAtomic(join(this.runDir(id), 'run.json'), JSON.stringify(record, null, 2));
    } catch (error) {
      // A folder without run.json is no run: it goes, so a refused start leaves nothing.
      await rm(this.runDir(id), { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    return record;
  }

  updateRun(id: string, patch: Partial<Omit<RunRecord, 'id' | 'createdAt'>>): Promise<RunRecord> {
    return this.modify(id, (record) => ({ ...record, ...withoutUndefined(patch) }));
  }

  /** Takes over a run (to resume it): this process becomes its owner and it is running again. */
  claimRun(id: string): Promise<RunRecord> {
    return this.updateRun(id, { status: 'running', ownerPid: this.pid });
  }

  appendMetrics(id: string, line: MetricLine): Promise<void> {
    return this.serialise(id, () => appendLineDurable(join(this.runDir(id), 'metrics.jsonl'), JSON.stringify({ time: Date.now(), ...line })));
  }

  /** Every line of metrics.jsonl in order; a line cut short by a crash, or one that is no event, is skipped. */
  async readMetricLines(id: string): Promise<MetricLine[]> {
    const text = await readFile(join(this.runDir(id), 'metrics.jsonl'), 'utf8').catch(() => '');
    const lines: MetricLine[] = [];
    for (const row of text.split('\n')) {
      if (!row.trim()) continue;
      try {
        const line = JSON.parse(row) as unknown;
        if (typeof line === 'object' && line !== null && typeof (line as MetricLine).kind === 'string') lines.push(line as MetricLine);
      } catch {
        // The torn last line of a crashed writer.
      }
    }
    return lines;
  }

  /** Iteration and epoch points, as the engine's charts want them. */
  async readMetrics<I = unknown, E = unknown>(id: string): Promise<{ iterations: I[]; epochs: E[] }> {
    const iterations: I[] = [];
    const epochs: E[] = [];
    for (const line of await this.readMetricLines(id)) {
      // A line edited into something else is left out, as a torn one is: one bad point is no reason to lose the curves.
      if (!isChartLine(line)) continue;
      if (line.kind === 'iteration') iterations.push(line.point as I);
      else if (line.kind === 'epoch') epochs.push(line.point as E);
    }
    return { iterations, epochs };
  }

  async saveCheckpoint(id: string, checkpoint: TrainingCheckpoint): Promise<string> {
    return saveCheckpointFile(join(this.runDir(id), 'checkpoints'), checkpoint, async () => {
      await this.updateRun(id, { epochsDone: checkpoint.epoch, durationMs: checkpoint.elapsedMs });
    });
  }

  async loadLatestCheckpoint(id: string): Promise<TrainingCheckpoint | null> {
    return (await loadLatestCheckpointFile(join(this.runDir(id), 'checkpoints')))?.checkpoint ?? null;
  }

  /** The checkpoints the run keeps, newest (the resume point) first. */
  async listCheckpoints(id: string): Promise<CheckpointInfo[]> {
    await this.readRecord(id);
    return describeCheckpointFiles(join(this.runDir(id), 'checkpoints'));
  }

  /**
   * Records how a run ended, with its model.bplab written first. If run.json cannot be written the model
   * file is removed again: a complete model never sits beside a status that does not say it was saved.
   */
  async finishRun(id: string, outcome: FinishRun): Promise<RunRecord> {
    if (outcome.model) {
      const bytes = outcome.model instanceof Uint8Array ? outcome.model : encodeModelFile(outcome.model);
      await writeFileAtomic(this.modelPath(id), bytes);
    }
    try {
      return await this.recordFinish(id, outcome);
    } catch (error) {
      if (outcome.model) await rm(this.modelPath(id), { force: true }).catch(() => undefined);
      throw error;
    }
  }

  private recordFinish(id: string, outcome: FinishRun): Promise<RunRecord> {
    const patch: Partial<RunRecord> = withoutUndefined({
      status: outcome.status,
      finishedAt: new Date().toISOString(),
      metrics: outcome.metrics,
      validationAccuracy: outcome.metrics?.validation?.accuracy,
      testAccuracy: outcome.metrics?.test?.accuracy,
      modelId: outcome.modelId,
      noModel: outcome.noModel,
      error: outcome.error,
      errorData: outcome.errorData,
      epochsDone: outcome.epochsDone,
      durationMs: outcome.durationMs,
    });
    // The run no longer has an owner: it cannot be interrupted any more.
    return this.modify(id, ({ ownerPid: _owner, ...record }) => ({ ...record, ...patch }));
  }

  /** All runs, newest first; unreadable folders are skipped, dead owners reported as interrupted. */
  async listRuns(): Promise<RunRecord[]> {
    const ids = await readdir(this.runsDir).catch(() => [] as string[]);
    const runs = await Promise.all(ids.filter(isRunId).map((id) => this.getRun(id).catch(() => undefined)));
    return runs.filter((run): run is RunRecord => run !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * The run folders whose run.json cannot be read or is no run record, each with why as error data:
   * listRuns leaves them out, and each can still be deleted (deleteRun).
   */
  async damagedRuns(): Promise<DamagedRun[]> {
    const ids = await readdir(this.runsDir).catch(() => [] as string[]);
    const read = await Promise.all(ids.filter(isRunId).sort().map(async (id) => {
      try {
        await this.getRun(id);
        return null;
      } catch (error) {
        return { id, error: errorBodyOf(error) };
      }
    }));
    return read.filter((run): run is DamagedRun => run !== null);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    if (!isRunId(id)) return undefined;
    let record: RunRecord;
    try {
      record = await this.readRecord(id);
    } catch (error) {
      // No such run is undefined; a run.json that cannot be read or is no run record says so (runs.list leaves it out).
      if (error instanceof MissingRun) return undefined;
      throw error;
    }
    if (this.isOrphaned(record)) {
      const asInterrupted = (current: RunRecord): RunRecord => {
        if (!this.isOrphaned(current)) return current;
        const { ownerPid: _owner, ...rest } = current;
        return { ...rest, status: 'interrupted' };
      };
      // On a read-only data folder the run is still listed, as interrupted; only the rewrite is skipped.
      const interrupted = await this.modify(id, asInterrupted).catch(() => asInterrupted(record));
      await removeStaleTemporaries(this.runDir(id)).catch(() => undefined);
      await removeStaleTemporaries(join(this.runDir(id), 'checkpoints')).catch(() => undefined);
      return interrupted;
    }
    return record;
  }

  /** Deletes a run's folder; refuses while another live process trains it. */
  async deleteRun(id: string): Promise<void> {
    // A run whose run.json is damaged can still be deleted: nothing can train it.
    const record = await this.getRun(id).catch((error: unknown) => (error instanceof MissingRun ? undefined : null));
    if (record === undefined) throw new MissingRun(id);
    if (record && ACTIVE_STATUSES.includes(record.status) && record.ownerPid !== undefined && record.ownerPid !== this.pid) {
      throw new HostError('run.still-active', { id, status: record.status, pid: record.ownerPid });
    }
    await rm(this.runDir(id), { recursive: true, force: true });
    this.queues.delete(id);
  }

  // The engine's RunStorePort names.
  list(): Promise<RunRecord[]> {
    return this.listRuns();
  }
  damaged(): Promise<DamagedRun[]> {
    return this.damagedRuns();
  }
  get(id: string): Promise<RunRecord | undefined> {
    return this.getRun(id);
  }
  create(fields: NewRun): Promise<RunRecord> {
    return this.createRun(fields);
  }
  update(id: string, patch: Partial<Omit<RunRecord, 'id' | 'createdAt'>>): Promise<RunRecord> {
    return this.updateRun(id, patch);
  }
  /** A name the user gave: the parts of the engine-made name it replaces go (they would word the old name). */
  rename(id: string, name: string): Promise<RunRecord> {
    return this.modify(id, ({ nameParts: _parts, ...record }) => ({ ...record, name }));
  }
  delete(id: string): Promise<void> {
    return this.deleteRun(id);
  }

  private isOrphaned(record: RunRecord): boolean {
    return ACTIVE_STATUSES.includes(record.status) && !(record.ownerPid !== undefined && this.isAlive(record.ownerPid));
  }

  /** Read-modify-write of run.json, one at a time per run; updatedAt is set when something changed. */
  private modify(id: string, change: (record: RunRecord) => RunRecord): Promise<RunRecord> {
    return this.serialise(id, async () => {
      const record = await this.readRecord(id);
      const changed = change(record);
      if (changed === record) return record;
      const updated = { ...changed, updatedAt: new Date().toISOString() };
      await this.writeRecord(updated);
      return updated;
    });
  }

  private async readRecord(id: string): Promise<RunRecord> {
    const path = join(this.runDir(id), 'run.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const errno = (error as NodeJS.ErrnoException).code;
      if (errno === 'ENOENT' || errno === 'ENOTDIR') throw new MissingRun(id);
      throw new HostError('run.record-unreadable', { file: path, reason: errno ?? (error as Error).message }, { cause: error });
    }
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      throw new HostError('run.record-not-json', { file: path });
    }
    const issue = runRecordIssue(record);
    if (issue) throw new HostError('run.record-invalid', { file: path, field: issue.field || '—' });
    if ((record as RunRecord).id !== id) throw new HostError('run.record-wrong-id', { file: path, named: String((record as RunRecord).id).slice(0, 80), folder: id });
    return record as RunRecord;
  }

  private writeRecord(record: RunRecord): Promise<void> {
    return writeFileAtomic(join(this.runDir(record.id), 'run.json'), JSON.stringify(record, null, 2));
  }

  private serialise<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.queues.set(id, next);
    return next;
  }
}

/** A run id with no folder (or no run.json) under runs/. */
class MissingRun extends HostError {
  constructor(id: string) {
    super('run.not-found', { id });
    this.name = 'MissingRun';
  }
}

export function isRunId(id: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(id) && id !== '.' && id !== '..';
}

function checkRunId(id: string): string {
  if (!isRunId(id)) throw new HostError('run.bad-id', { id });
  return id;
}

function withoutUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
