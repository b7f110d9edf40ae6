import { formatFailure, parseArgs, RunOptions, RunResult, runOptionsFromArgs, runSeed } from '@app/sim';

/**
 * Simulator campaign in CI: 1,000 seeds, each a randomized cluster (3 or 5 voters, sometimes a
 * learner, random network weather, disk latency and compaction cadence) through a 2.5 s safety
 * phase full of faults and a liveness phase, with every invariant checked after every step.
 * A failure prints SEED=<n> and the one-line command that replays it.
 */
const SEEDS = 1000;
const CHUNK = 250;
const RUN: Partial<RunOptions> = { safetyMs: 2500, voterChoices: [3, 3, 5] };

function runRange(from: number, count: number): RunResult[] {
  const failed: RunResult[] = [];
  for (let seed = from; seed < from + count; seed++) {
    const r = runSeed(seed, RUN);
    if (!r.ok) failed.push(r);
  }
  return failed;
}

describe(`Raft under the simulator (${SEEDS} seeds)`, () => {
  for (let from = 1; from <= SEEDS; from += CHUNK) {
    it(`seeds ${from}..${from + CHUNK - 1}: no invariant broken, every run converges`, () => {
      const failed = runRange(from, CHUNK);
      if (failed.length > 0) process.stdout.write(`${failed.map(formatFailure).join('\n\n')}\n`);
      expect(failed.map((f) => `SEED=${f.seed} ${f.error?.split('\n')[0]} -> ${f.replay}`)).toEqual([]);
    }, 60_000);
  }

  it('replays a seed exactly: same trace fingerprint and stats twice', () => {
    for (const seed of [7, 1234, 99_001]) {
      const a = runSeed(seed, RUN);
      const b = runSeed(seed, RUN);
      expect(b.fingerprint).toBe(a.fingerprint);
      expect(b.stats).toEqual(a.stats);
    }
    expect(runSeed(8, RUN).fingerprint).not.toBe(runSeed(7, RUN).fingerprint);
  });

  it('prints a replay command that reruns the very same run', () => {
    for (const seed of [4242, 31337]) {
      const original = runSeed(seed, RUN);
      const argv = original.replay.replace(/^npm run sim -- /, '').split(' ');
      const replayed = runSeed(seed, runOptionsFromArgs(parseArgs(argv)));
      expect(original.replay).toContain(`--from ${seed}`);
      expect(replayed.fingerprint).toBe(original.fingerprint);
    }
  });

  it('exercises what it claims to: crashes, lost writes, snapshots, reads, several leaders', () => {
    const totals = { crashes: 0, lostWrites: 0, snapshotsInstalled: 0, readsServed: 0, leaderTerms: 0, acknowledged: 0, leaderCompletenessChecks: 0 };
    for (let seed = 1; seed <= 50; seed++) {
      const r = runSeed(seed, RUN);
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r.stats[k];
    }
    for (const [k, v] of Object.entries(totals)) expect({ [k]: v > 0 }).toEqual({ [k]: true });
  });
});
