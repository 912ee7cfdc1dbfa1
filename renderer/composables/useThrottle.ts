/**
 * Runs `action` at most once per `intervalMs`: the first call runs at once, later calls within the
 * interval collapse into one trailing run at its end (so the last state is always acted on).
 */
import { onScopeDispose, getCurrentScope } from 'vue';

export interface Throttled {
  call(): void;
  /** Drops a pending trailing run. */
  cancel(): void;
}

export function useThrottle(action: () => void, intervalMs: number): Throttled {
  let lastRunAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const run = () => {
    timer = null;
    lastRunAt = Date.now();
    action();
  };

  const throttled: Throttled = {
    call() {
      if (timer !== null) return;
      const waitMs = lastRunAt + intervalMs - Date.now();
      if (waitMs <= 0) run();
      else timer = setTimeout(run, waitMs);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
  if (getCurrentScope()) onScopeDispose(throttled.cancel);
  return throttled;
}
