import { BackoffPolicy, backoffDelayMs, sleep } from './backoff';
import { LoadResult, OpContext, runLoad } from './load-runner';
import { BenchRow } from './report';

/**
 * The lock scenarios of issue 4, for any lock system: each client loops acquire → release on
 * one name. Throughput counts full cycles; the latency recorded is the acquire part only
 * (from the first attempt until held, retries included). While held, the runner checks that no
 * other client of this process holds the same name (reported as `overlaps`, must be 0).
 */
export interface LockScenario {
  name: string;
  /** How many distinct lock names the clients use. */
  names: number;
}

/** Each client cycles over its own share of the names, so no two clients ever contend. */
export const UNCONTENDED: LockScenario = { name: 'uncontended (1,000 names)', names: 1000 };
/** Every client wants the same name. */
export const CONTENDED: LockScenario = { name: 'contended (1 name)', names: 1 };

export function lockNameFor(scenario: LockScenario, worker: number, workers: number, iteration: number): string {
  if (scenario.names === 1) return 'lock-0';
  const share = Math.max(1, Math.floor(scenario.names / workers));
  // worker w owns names w, w + workers, w + 2*workers, ... (< names).
  const slot = iteration % share;
  return `lock-${(worker + slot * workers) % scenario.names}`;
}

/** One client's connection to a lock service. `acquire` resolves only once the lock is held. */
export interface LockSession<H> {
  acquire(name: string, ctx: OpContext): Promise<H>;
  release(handle: H): Promise<void>;
  close(): Promise<void>;
}

/**
 * Turns a try-lock (one attempt, null when busy) into a blocking acquire with backoff. Counts
 * `attempts` and `busy` so the report shows the retry traffic a contended try-lock causes.
 */
export async function acquireWithRetry<H>(
  tryAcquire: () => Promise<H | null>,
  policy: BackoffPolicy,
  ctx: OpContext,
  timeoutMs = 30_000,
): Promise<H> {
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    ctx.count('attempts');
    const handle = await tryAcquire();
    if (handle !== null) return handle;
    ctx.count('busy');
    if (performance.now() >= deadline) throw new Error(`lock not acquired within ${timeoutMs} ms`);
    await sleep(backoffDelayMs(policy, attempt));
  }
}

/** Runs one scenario with one session per client; returns a report row. */
export async function runLockScenario<H>(
  system: string,
  scenario: LockScenario,
  sessions: readonly LockSession<H>[],
  seconds: number,
): Promise<BenchRow> {
  // In-process check of the lock itself: a name held twice at once is counted as an overlap.
  const holders = new Set<string>();
  const result: LoadResult = await runLoad({ label: `${system} ${scenario.name}`, workers: sessions.length, seconds }, async (ctx) => {
    const session = sessions[ctx.worker];
    const name = lockNameFor(scenario, ctx.worker, sessions.length, ctx.iteration);
    const t0 = performance.now();
    const handle = await session.acquire(name, ctx);
    const acquireMs = performance.now() - t0;
    if (holders.has(name)) ctx.count('overlaps');
    holders.add(name);
    // The critical section: one event-loop turn, so a wrong grant to another client can show.
    await new Promise<void>((resolve) => setImmediate(resolve));
    holders.delete(name); // the holder is done before it asks for the release
    await session.release(handle);
    return acquireMs;
  });
  const extra: Record<string, string | number> = {};
  const attempts = result.counters.attempts;
  if (attempts !== undefined && result.ops > 0) extra['attempts/cycle'] = (attempts / result.ops).toFixed(2);
  extra.overlaps = result.counters.overlaps ?? 0;
  return { system, scenario: scenario.name, result, extra };
}
