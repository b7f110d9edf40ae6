/**
 * Cleanup that runs however the bench ends: normal end, thrown error, Ctrl-C (SIGINT), SIGTERM.
 * Two kinds of steps: `sync` steps (kill a child with SIGKILL, remove a temp dir) also run from
 * the process 'exit' hook, where nothing async can happen; `async` steps (delete Redis keys,
 * delete a queue) run on the normal path and on a signal, bounded in time.
 */
type Step = { kind: 'sync'; run: () => void } | { kind: 'async'; run: () => Promise<void> };

const steps: Step[] = [];
let installed = false;
let running: Promise<void> | undefined;

const ASYNC_STEP_TIMEOUT_MS = 5000;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runSyncSteps);
  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      // Second Ctrl-C: stop waiting for async steps, just kill and remove.
      runSyncSteps();
      process.exit(130);
    }
    console.error(`\n# ${signal}: cleaning up...`);
    void runCleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function runSyncSteps(): void {
  for (const step of steps.splice(0).reverse()) {
    if (step.kind !== 'sync') continue;
    try {
      step.run();
    } catch (err) {
      console.error('# cleanup step failed:', err);
    }
  }
}

/** Registers a synchronous step; returns a function that unregisters it (after it ran normally). */
export function onCleanupSync(run: () => void): () => void {
  install();
  const step: Step = { kind: 'sync', run };
  steps.push(step);
  return () => remove(step);
}

export function onCleanupAsync(run: () => Promise<void>): () => void {
  install();
  const step: Step = { kind: 'async', run };
  steps.push(step);
  return () => remove(step);
}

function remove(step: Step): void {
  const i = steps.indexOf(step);
  if (i >= 0) steps.splice(i, 1);
}

/** Runs every registered step, newest first, each async step bounded in time. Idempotent. */
export function runCleanup(): Promise<void> {
  if (!running) {
    running = (async () => {
      for (const step of steps.splice(0).reverse()) {
        try {
          if (step.kind === 'sync') step.run();
          else await withTimeout(step.run(), ASYNC_STEP_TIMEOUT_MS);
        } catch (err) {
          console.error('# cleanup step failed:', err instanceof Error ? err.message : err);
        }
      }
    })();
  }
  return running;
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cleanup step timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs a bench's main function with cleanup guaranteed, and exits with its status
 * (open client handles must not keep a finished bench alive).
 */
export function runBench(main: () => Promise<void>): void {
  install();
  main()
    .then(
      () => 0,
      (err: unknown) => {
        console.error(err);
        return 1;
      },
    )
    .then(async (code) => {
      await runCleanup();
      process.exit(code);
    });
}
