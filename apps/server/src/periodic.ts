/** Work the server repeats on a timer: periodic jobs, webhook dispatch. */
export interface Periodic {
  /** One run now, or the run already in progress: runs never overlap in this process. */
  runOnce(): Promise<void>;
  /** No run starts after this; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `run` `intervalMs` after the previous run ended (never two at once), until stopped; with
 * `intervalMs: null` only when `runOnce` is called. A failing run goes to `onError` and the next
 * one still comes. The timer doesn't keep the process alive.
 */
export function startPeriodic(
  run: () => Promise<void>,
  options: { intervalMs: number | null; onError: (error: unknown) => void },
): Periodic {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  function runOnce(): Promise<void> {
    running ??= run()
      .catch(options.onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(): void {
    if (stopped || options.intervalMs === null) return;
    timer = setTimeout(() => void runOnce().then(schedule), options.intervalMs);
    timer.unref();
  }

  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
