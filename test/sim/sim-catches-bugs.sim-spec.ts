import { RaftNode } from '@app/raft';
import { RaftFactory, RunResult, runSeed } from '@app/sim';

/**
 * The simulator must be able to fail: each mutant below breaks a rule a correct node or driver
 * keeps, and a modest batch of seeds must catch it. A simulator that passes these mutants would
 * be passing everything.
 */
const SEEDS = 15;

function failures(factory: RaftFactory): RunResult[] {
  const out: RunResult[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    // Small message budget: a node with amnesia can set off an append/reject storm.
    const r = runSeed(seed, { safetyMs: 2000, livenessDeadlineMs: 2000, factory, cluster: { maxInFlight: 2000 } });
    if (!r.ok) out.push(r);
  }
  return out;
}

describe('the simulator catches broken nodes', () => {
  it('a node that forgets its whole disk on restart (acknowledged writes get lost)', () => {
    const found = failures((config) => new RaftNode({ ...config, restore: undefined }));
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((f) => /leader completeness|election safety|state machine safety|log matching/.test(f.error ?? ''))).toBe(true);
  });

  it('a node that sends before its writes are durable (mustSync ignored)', () => {
    const found = failures((config) => {
      const node = new RaftNode(config);
      const ready = node.ready.bind(node);
      node.ready = () => ({ ...ready(), mustSync: false });
      return node;
    });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].error).toMatch(/apply-only-durable/);
  });
});
