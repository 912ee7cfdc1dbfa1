/**
 * A fine-tune's before/after figures kept with its run (contract/fine-tune-history.ts): written once,
 * atomically, to `<dataDir>/runs/<id>/fine-tune.json` when the run has ended with a model and that model
 * has been measured; read back for every run that started from a model on the handwriting set. Deleting
 * the run deletes its figures with its folder. A run without the file (it ended without a model, or the
 * engine stopped between its end and the write) is not a finished fine-tune and is not listed; a file
 * that does not read as figures is named in the error.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fineTuneFigureFile, HostError, type FineTuneFigureFile, type FinishedFineTune } from '../../contract/index.js';
import { RunStore, writeFileAtomic } from '../store/index.js';
import type { StoredRun } from './ports.js';
import { namePartsOf } from './name-parts.js';

export const FINE_TUNE_FIGURES_FILE = 'fine-tune.json';

export async function recordFineTuneFigures(dataDir: string, runId: string, figures: FineTuneFigureFile): Promise<void> {
  await writeFileAtomic(join(new RunStore(dataDir).runDir(runId), FINE_TUNE_FIGURES_FILE), `${JSON.stringify(fineTuneFigureFile.parse(figures), null, 2)}\n`);
}

/** Every finished fine-tune under the data folder, newest first. */
export async function finishedFineTunes(dataDir: string): Promise<FinishedFineTune[]> {
  const store = new RunStore(dataDir);
  const fineTuneRuns = (await store.listRuns()).filter((run) => run.dataset?.source === 'handwriting' && run.start?.from === 'model');
  const found = await Promise.all(fineTuneRuns.map(async (run) => {
    const figures = await readFigures(join(store.runDir(run.id), FINE_TUNE_FIGURES_FILE));
    return figures ? finished(run, figures) : null;
  }));
  return found.filter((f): f is FinishedFineTune => f !== null).sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
}

async function readFigures(path: string): Promise<FineTuneFigureFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = fineTuneFigureFile.safeParse(safeJson(text));
  // The first field the schema refuses; '—' when the file holds no object at all (not JSON, a number).
  if (!parsed.success) throw new HostError('fine-tune.figures-invalid', { file: path, field: parsed.error.issues[0]?.path.join('.') || '—' });
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function finished(run: StoredRun, figures: FineTuneFigureFile): FinishedFineTune {
  const { nameParts } = namePartsOf(run.name, run.nameParts);
  return { ...figures, runId: run.id, runName: run.name, ...(nameParts ? { runNameParts: nameParts } : {}), finishedAt: run.finishedAt ?? run.updatedAt };
}
