import { QueuePartitionMachine } from '@app/queue';
import { DEFAULT_QUEUE_SHAPE, queueProduct, RunResult, runSeed } from '@app/sim';
import { DeliversNewestFirst, ForgetsAcks, SnapshotDropsVisible } from './queue-mutants';

/** The queue checkers must be able to fail: each broken partition machine is caught within a few seeds. */
const SEEDS = 20;

function failures(machine: () => QueuePartitionMachine): RunResult[] {
  const out: RunResult[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = runSeed(seed, { product: queueProduct(machine), safetyMs: 1500 });
    if (!r.ok) out.push(r);
  }
  return out;
}

describe('the queue simulation catches broken partitions', () => {
  it('a partition that forgets acks (the message is delivered again)', () => {
    const found = failures(() => new ForgetsAcks());
    expect(found.length).toBeGreaterThan(SEEDS / 2);
    expect(found[0].error).toMatch(/queue: .*delivered .* again .* after it was acked/);
    expect(found[0].replay).toContain('--machine queue');
  });

  it('a snapshot that drops waiting messages (acknowledged produces lost, replicas diverge)', () => {
    const found = failures(() => new SnapshotDropsVisible());
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => /queue: .*(differs from|never delivered|without a first one|partition order|different partitions)|liveness/.test(f.error ?? ''))).toBe(true);
  });

  it('a partition that hands out newer messages first (partition order)', () => {
    const found = failures(() => new DeliversNewestFirst());
    expect(found.length).toBeGreaterThan(SEEDS / 2);
    expect(found.some((f) => /partition order|produce got seq/.test(f.error ?? ''))).toBe(true);
  });
});

describe('the simulator catches an unsafe disk replacement', () => {
  it('a wiped node that rejoins under its old id (a stale member counts its forgotten vote)', () => {
    const product = queueProduct(undefined, { ...DEFAULT_QUEUE_SHAPE, rejoinWithSameIdentity: true });
    const found: RunResult[] = [];
    for (let seed = 110; seed <= 160; seed++) {
      const r = runSeed(seed, { product, safetyMs: 3000, voterChoices: [3] });
      if (!r.ok) found.push(r);
    }
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((f) => /leader completeness|log matching|state machine safety/.test(f.error ?? ''))).toBe(true);
    expect(found[0].replay).toContain('--machine queue-same-id-rejoin');
  });
});
