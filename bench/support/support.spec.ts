import { backoffDelayMs } from './backoff';
import { runLoad } from './load-runner';
import { CONTENDED, lockNameFor, UNCONTENDED } from './lock-bench';
import { formatTable } from './report';
import { percentile, summarize } from './stats';

describe('bench/support', () => {
  it('takes nearest-rank percentiles of observed values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(summarize(values)).toMatchObject({ count: 100, p50: 50, p99: 99, max: 100, mean: 50.5 });
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives every client its own lock names when uncontended and one shared name when contended', () => {
    const workers = 64;
    const owners = new Map<string, number>();
    for (let w = 0; w < workers; w++) {
      for (let i = 0; i < 40; i++) {
        const name = lockNameFor(UNCONTENDED, w, workers, i);
        expect(owners.get(name) ?? w).toBe(w);
        owners.set(name, w);
      }
    }
    expect(owners.size).toBeLessThanOrEqual(UNCONTENDED.names);
    expect(owners.size).toBeGreaterThan(workers);
    expect(new Set(Array.from({ length: workers }, (_, w) => lockNameFor(CONTENDED, w, workers, w))).size).toBe(1);
  });

  it('bounds the backoff by the cap and the attempt', () => {
    const policy = { baseMs: 1, capMs: 50 };
    expect(backoffDelayMs(policy, 0, () => 0.999)).toBeLessThan(1);
    expect(backoffDelayMs(policy, 3, () => 0.999)).toBeLessThan(8);
    expect(backoffDelayMs(policy, 40, () => 0.999)).toBeLessThan(50);
  });

  it('stops at the count bound, counts errors, and uses a latency the op reports', async () => {
    let calls = 0;
    const result = await runLoad({ label: 't', workers: 4, seconds: 30, maxOps: 20, errorPauseMs: 0 }, async (ctx) => {
      calls++;
      ctx.count('calls');
      if (calls % 5 === 0) throw new Error('boom');
      return 7;
    });
    expect(result.ops).toBeGreaterThanOrEqual(20);
    expect(result.ops).toBeLessThan(24); // at most one op in flight per worker past the bound
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errorSamples[0]).toBe('boom');
    expect(result.latencyMs.p50).toBe(7);
    expect(result.counters.calls).toBe(result.ops + result.errors);
  });

  it('ends a level after the grace period even if an op never returns', async () => {
    const result = await runLoad({ label: 'hung', workers: 2, seconds: 0.05, graceSeconds: 0.05 }, () => new Promise<void>(() => undefined));
    expect(result.ops).toBe(0);
    expect(result.abandoned).toBe(2);
  });

  it('aligns table columns, numbers to the right', () => {
    const table = formatTable(['name', 'ops/s'], [['a', 5], ['longer', 1234]]).split('\n');
    expect(table[0]).toBe('name    ops/s');
    expect(table[2]).toBe('a           5');
    expect(table[3]).toBe('longer   1234');
  });
});
