import { FAULTS_WITH_MEMBERSHIP, formatFailure, RunOptions, RunResult, runSeed } from '@app/sim';

/**
 * The same campaign with single-server membership changes in the nemesis: learners promoted,
 * voters and learners removed, removed nodes re-added — on top of crashes and partitions.
 */
const SEEDS = 200;
const FIRST = 500_001;
const RUN: Partial<RunOptions> = { safetyMs: 2500, voterChoices: [3, 3, 5], learnerChoices: [0, 1, 1], faults: FAULTS_WITH_MEMBERSHIP };

describe(`Raft with membership changes under the simulator (${SEEDS} seeds)`, () => {
  it('no invariant broken, every run converges, and conf changes really happen', () => {
    const failed: RunResult[] = [];
    let confChanges = 0;
    for (let seed = FIRST; seed < FIRST + SEEDS; seed++) {
      const r = runSeed(seed, RUN);
      confChanges += r.stats.confChanges;
      if (!r.ok) failed.push(r);
    }
    if (failed.length > 0) process.stdout.write(`${failed.map(formatFailure).join('\n\n')}\n`);
    expect(failed.map((f) => `SEED=${f.seed} ${f.error?.split('\n')[0]} -> ${f.replay}`)).toEqual([]);
    expect(confChanges).toBeGreaterThan(SEEDS / 4);
  }, 60_000);
});
