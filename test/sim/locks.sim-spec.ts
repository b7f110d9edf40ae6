import { LockTable } from '@app/locks';
import { SeededRandom } from '@app/core';
import { LockInvariants } from './locks-invariants';
import { DEFAULT_SHAPE, workload } from './locks-workload';

/**
 * Randomised lock-table runs (ARCHITECTURE §10): for each seed, a random command sequence is
 * applied to three tables — the one under check, a twin fed the same commands, and a copy
 * restored from a snapshot taken at a random step — and the invariants are checked after every
 * apply. Replay one seed: LOCK_SIM_SEED=<n> npx jest test/sim/locks.sim-spec.ts
 * Longer campaigns: LOCK_SIM_SEEDS=<count> LOCK_SIM_FROM=<first>.
 */
const ONE = process.env.LOCK_SIM_SEED;
const FROM = Number(process.env.LOCK_SIM_FROM ?? 1);
const COUNT = ONE !== undefined ? 1 : Number(process.env.LOCK_SIM_SEEDS ?? 1_000);
const FIRST = ONE !== undefined ? Number(ONE) : FROM;

interface RunStats {
  applies: number;
  grants: number;
  queued: number;
  deadlocks: number;
  expiries: number;
}

function runSeed(seed: number, stats: RunStats): void {
  const table = new LockTable();
  const twin = new LockTable();
  let restored: LockTable | undefined;
  const snapshotAt = new SeededRandom(seed ^ 0x5eed).int(DEFAULT_SHAPE.steps);
  const invariants = new LockInvariants();
  let step = 0;
  let before = table.view();
  for (const { command, index } of workload(seed)) {
    const outcome = table.apply(command, index);
    const after = table.view();
    const fail = (what: string): never => {
      throw new Error(`lock sim seed ${seed} step ${step} (${JSON.stringify(command)}): ${what}\nreplay: LOCK_SIM_SEED=${seed} npx jest test/sim/locks.sim-spec.ts`);
    };
    const problem = invariants.check(command, before, outcome, after);
    if (problem !== null) fail(problem);
    const expected = JSON.stringify(outcome);
    if (JSON.stringify(twin.apply(command, index)) !== expected) fail('twin table answered differently');
    if (restored && JSON.stringify(restored.apply(command, index)) !== expected) fail('table restored from a snapshot answered differently');
    if (step === snapshotAt) {
      restored = new LockTable();
      restored.restore(table.snapshot());
    }
    stats.applies++;
    if (outcome.result.type === 'granted') stats.grants++;
    if (outcome.result.type === 'queued') stats.queued++;
    if (outcome.result.type === 'deadlock') stats.deadlocks++;
    stats.expiries += outcome.events.filter((e) => e.type === 'leaseExpired').length;
    before = after;
    step++;
  }
  const final = table.snapshot();
  if (twin.snapshot() !== final) throw new Error(`lock sim seed ${seed}: twin snapshot differs`);
  if (restored?.snapshot() !== final) throw new Error(`lock sim seed ${seed}: restored snapshot differs`);
}

describe(`lock table simulation (${COUNT} seeds from ${FIRST})`, () => {
  it('keeps every invariant after every apply, deterministically', () => {
    const stats: RunStats = { applies: 0, grants: 0, queued: 0, deadlocks: 0, expiries: 0 };
    for (let seed = FIRST; seed < FIRST + COUNT; seed++) runSeed(seed, stats);
    if (process.env.LOCK_SIM_VERBOSE) console.log(`lock sim: ${COUNT} seeds`, stats);
    // The workload must actually reach the interesting states, or the invariants prove little.
    if (COUNT >= 100) {
      expect(stats.grants).toBeGreaterThan(stats.applies / 10);
      expect(stats.queued).toBeGreaterThan(stats.applies / 20);
      expect(stats.deadlocks).toBeGreaterThan(COUNT / 10);
      expect(stats.expiries).toBeGreaterThan(COUNT);
    }
  });
});
