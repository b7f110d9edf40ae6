import { LatencySummary, summarize } from './stats';

/**
 * Closed-loop load: `workers` concurrent async loops each call `op` back to back until the time
 * bound (or the total count bound) is reached. Bounded twice: no new op starts after `seconds`,
 * and after a further `graceSeconds` the run ends even if some op never returns (those are
 * reported as `abandoned`), so a hung reference system cannot hang the bench.
 */
export interface LoadOptions {
  label: string;
  workers: number;
  seconds: number;
  /** Stop after this many successful ops in total (default: unbounded, time decides). */
  maxOps?: number;
  graceSeconds?: number;
  /** Pause after a failed op, so a dead server does not turn the loop into a busy spin. */
  errorPauseMs?: number;
  /** Give up the level after this many failed ops. */
  maxErrors?: number;
}

export interface OpContext {
  worker: number;
  iteration: number;
  /** Adds to a named counter reported with the result (e.g. retries of a try-lock). */
  count(name: string, by?: number): void;
}

/**
 * One unit of work. Return a latency in ms to record that instead of the whole call's duration
 * (e.g. only the acquire part of an acquire+release cycle).
 */
export type Operation = (ctx: OpContext) => Promise<number | void>;

export interface LoadResult {
  label: string;
  workers: number;
  elapsedSeconds: number;
  ops: number;
  opsPerSecond: number;
  errors: number;
  abandoned: number;
  latencyMs: LatencySummary;
  /** CPU used by this (load-generating) process during the level, in % of one core. */
  clientCpuPercent: number;
  counters: Record<string, number>;
  errorSamples: string[];
}

const MAX_ERROR_SAMPLES = 5;

export async function runLoad(options: LoadOptions, op: Operation): Promise<LoadResult> {
  const maxOps = options.maxOps ?? Number.POSITIVE_INFINITY;
  const graceMs = (options.graceSeconds ?? 10) * 1000;
  const errorPauseMs = options.errorPauseMs ?? 10;
  const maxErrors = options.maxErrors ?? 10_000;
  const latencies: number[] = [];
  const counters: Record<string, number> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let running = options.workers;
  let stop = false;

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const shouldStop = () => stop || performance.now() >= deadline || latencies.length >= maxOps || errors >= maxErrors;

  const worker = async (w: number): Promise<void> => {
    for (let iteration = 0; !shouldStop(); iteration++) {
      const ctx: OpContext = {
        worker: w,
        iteration,
        count: (name, by = 1) => {
          counters[name] = (counters[name] ?? 0) + by;
        },
      };
      const t0 = performance.now();
      try {
        const reported = await op(ctx);
        latencies.push(typeof reported === 'number' ? reported : performance.now() - t0);
      } catch (err) {
        errors++;
        if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(err instanceof Error ? err.message : String(err));
        await new Promise((resolve) => setTimeout(resolve, errorPauseMs));
      }
    }
  };

  let graceTimer: NodeJS.Timeout | undefined;
  const all = Promise.all(
    Array.from({ length: options.workers }, (_, w) =>
      worker(w).finally(() => {
        running--;
      }),
    ),
  );
  const grace = new Promise<void>((resolve) => {
    graceTimer = setTimeout(resolve, options.seconds * 1000 + graceMs);
  });
  await Promise.race([all, grace]);
  clearTimeout(graceTimer);
  stop = true;

  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpuPercent = ((cpu.user + cpu.system) / 1e6 / elapsedSeconds) * 100;
  return {
    label: options.label,
    workers: options.workers,
    elapsedSeconds,
    ops: latencies.length,
    opsPerSecond: latencies.length / elapsedSeconds,
    errors,
    abandoned: running,
    latencyMs: summarize(latencies),
    clientCpuPercent,
    counters,
    errorSamples,
  };
}
