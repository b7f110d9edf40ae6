import { formatFailure, lockProduct, parseArgs, RunOptions, RunResult, runOptionsFromArgs, runSeed } from '@app/sim';

/**
 * The lock manager under the simulator: every node applies the Raft log to a real LockTable while
 * the nemesis crashes nodes (losing un-fsynced writes), cuts and heals the network, drops,
 * duplicates and reorders messages and snapshots compact the log. Lock clients acquire, wait,
 * upgrade, renew, release and cancel, retrying with the same request id after leader loss; the
 * leader proposes expiries. Checked after every apply on every node: mutual exclusion, fencing
 * tokens strictly increasing per lock over the whole run, acyclic wait-for graph with real
 * deadlock refusals, FIFO grants, holders leave only by release or expiry, acknowledged releases
 * stick, identical tables at the same index. A failure prints SEED=<n> and its replay command.
 */
const SEEDS = 1000;
const CHUNK = 250;
const RUN: Partial<RunOptions> = { product: lockProduct(), safetyMs: 1200, voterChoices: [3, 3, 5] };

describe(`lock table on Raft under the simulator (${SEEDS} seeds)`, () => {
  const totals: Record<string, number> = {};
  for (let from = 1; from <= SEEDS; from += CHUNK) {
    it(`seeds ${from}..${from + CHUNK - 1}: every lock invariant holds on every node after every apply, every run converges`, () => {
      const failed: RunResult[] = [];
      for (let seed = from; seed < from + CHUNK; seed++) {
        const r = runSeed(seed, RUN);
        for (const [k, v] of Object.entries({ ...r.workload, crashes: r.stats.crashes, snapshots: r.stats.snapshotsInstalled, compactions: r.stats.compactions })) {
          totals[k] = (totals[k] ?? 0) + v;
        }
        if (!r.ok) failed.push(r);
      }
      if (failed.length > 0) process.stdout.write(`${failed.slice(0, 3).map(formatFailure).join('\n\n')}\n`);
      expect(failed.map((f) => `SEED=${f.seed} ${f.error?.split('\n')[0]} -> ${f.replay}`)).toEqual([]);
    }, 60_000);
  }

  it('reached the interesting states: waits, deadlocks, expiries, retries answered from request ids, snapshots, crashes', () => {
    if (process.env.SIM_VERBOSE) process.stdout.write(`locks on raft totals: ${JSON.stringify(totals)}\n`);
    for (const k of ['grantedAfterWait', 'deadlock', 'leaseExpired', 'replayed', 'released', 'waitCancelled', 'cancelTooLate', 'snapshots', 'compactions', 'crashes']) {
      expect({ [k]: (totals[k] ?? 0) > SEEDS / 20 }).toEqual({ [k]: true });
    }
    expect(totals.checks).toBeGreaterThan(SEEDS * 50);
  });

  it('prints a replay command that reruns the very same run', () => {
    const r = runSeed(4242, RUN);
    expect(r.replay).toMatch(/^npm run sim -- --machine locks --seeds 1 --from 4242 /);
    const argv = r.replay.replace(/^npm run sim -- /, '').split(' ');
    expect(runSeed(4242, runOptionsFromArgs(parseArgs(argv))).fingerprint).toBe(r.fingerprint);
  });
});
