/**
 * Test support: leaves a finished run's folder as the run store leaves one whose process died after its
 * last checkpoint (run.json `interrupted`, no owner, no model yet), so it can be resumed: a completed run
 * is refused (lifecycle.ts, refuseFinished).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function leaveAsInterrupted(runDir: string): void {
  const path = join(runDir, 'run.json');
  const { finishedAt: _f, modelId: _m, testAccuracy: _t, metrics: _metrics, ownerPid: _o, ...record } = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(path, JSON.stringify({ ...record, status: 'interrupted' }, null, 2));
  rmSync(join(runDir, 'model.bplab'), { force: true });
}
