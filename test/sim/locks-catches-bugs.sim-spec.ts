import { formatFailure, lockProduct, RunResult, runSeed } from '@app/sim';
import { GrantsOverHolders, SnapshotForgetsWaiters } from './lock-mutants';

/** The lock checkers must be able to fail: each broken lock machine is caught within a few seeds. */
const SEEDS = 20;

function failures(machine: () => GrantsOverHolders | SnapshotForgetsWaiters): RunResult[] {
  const out: RunResult[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = runSeed(seed, { product: lockProduct(machine), safetyMs: 1200 });
    if (!r.ok) out.push(r);
  }
  return out;
}

describe('the lock simulation catches broken lock tables', () => {
  it('a table that grants without checking the holder', () => {
    const found = failures(() => new GrantsOverHolders());
    expect(found.length).toBeGreaterThan(SEEDS / 2);
    expect(formatFailure(found[0])).toMatch(/lock table: .*(vanished without release|exclusive shared with others)/);
    expect(found[0].replay).toContain('--machine locks');
  });

  it('a snapshot that forgets the wait queues (replicas diverge)', () => {
    const found = failures(() => new SnapshotForgetsWaiters());
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((f) => /differs from .* at the same index|different tables|lock table/.test(f.error ?? ''))).toBe(true);
  });
});
