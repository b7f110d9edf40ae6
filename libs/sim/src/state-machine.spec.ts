import { LogEntry } from '@app/core';
import { RaftNode } from '@app/raft';
import { AppliedLog } from './applied-log';
import { Cluster, DEFAULT_CLUSTER, SubmitOutcome } from './cluster';
import { decodeNodeSnapshot, encodeNodeSnapshot } from './node-snapshot';
import { SimStateMachine } from './state-machine';

/** A running sum: the answer to each entry is the new total. */
class Sum implements SimStateMachine {
  total = 0;
  apply(e: LogEntry): number {
    this.total += Number(e.data);
    return this.total;
  }
  snapshot(): string {
    return String(this.total);
  }
  restore(data: string): void {
    this.total = data === '' ? 0 : Number(data);
  }
}

function calmCluster(seed: number, compactEvery = 0): Cluster {
  const c = new Cluster({ ...DEFAULT_CLUSTER, seed, clients: 0, compactEvery, slowDiskProbability: 0, machine: () => new Sum() }, (config) => new RaftNode(config));
  c.start();
  c.runUntil(1000, () => c.leader() !== undefined);
  return c;
}

function submitAndWait(c: Cluster, node: string, data: string): SubmitOutcome {
  let outcome: SubmitOutcome | undefined;
  c.submit(node, data, (o) => (outcome = o));
  c.runUntil(c.now + 1000, () => outcome !== undefined);
  if (!outcome) throw new Error('no outcome');
  return outcome;
}

describe('pluggable state machine', () => {
  it('a node snapshot carries the applied-log record and the machine state', () => {
    const log = new AppliedLog();
    log.apply({ index: 1, term: 1, kind: 'normal', data: '5' });
    const m = new Sum();
    m.total = 5;
    const restored = new Sum();
    const back = decodeNodeSnapshot(encodeNodeSnapshot(log, m), restored);
    expect(back.index).toBe(1);
    expect(back.digest).toBe(log.digest);
    expect(restored.total).toBe(5);
  });

  it('submit() answers with the machine result at the leader, refuses at a follower with a leader hint', () => {
    const c = calmCluster(11);
    const lead = c.leader();
    expect(lead).toBeDefined();
    const leaderId = lead?.id ?? '';
    const ok = submitAndWait(c, leaderId, '7');
    expect(ok).toMatchObject({ kind: 'applied', node: leaderId, result: 7 });
    const follower = c.nodeIds.find((id) => id !== leaderId) ?? '';
    expect(submitAndWait(c, follower, '1')).toMatchObject({ kind: 'refused', leader: leaderId, why: 'not-leader' });
  });

  it('a crash of the proposing node answers lost', () => {
    const c = calmCluster(12);
    const leaderId = c.leader()?.id ?? '';
    let outcome: SubmitOutcome | undefined;
    c.submit(leaderId, '3', (o) => (outcome = o));
    c.crash(leaderId);
    c.runUntil(c.now + 10, () => outcome !== undefined);
    expect(outcome).toMatchObject({ kind: 'lost', node: leaderId, why: 'crashed' });
  });

  it('every node reaches the same machine state, through snapshots too; a replaced node comes back under a new id', () => {
    const c = calmCluster(13, 3);
    for (let i = 1; i <= 30; i++) expect(submitAndWait(c, c.leader()?.id ?? '', '1').kind).toBe('applied');
    const fresh = c.replaceNode(c.nodeIds.find((id) => id !== c.leader()?.id) ?? '');
    expect(fresh).toMatch(/^n\dr1$/);
    expect(c.nodeIds).toContain(fresh);
    expect(c.proposeConfChange({ type: 'add-learner', node: fresh })).toBe(true);
    c.runUntil(c.now + 2000, () => c.node(fresh).applied.index >= (c.leader()?.status.commit ?? Infinity));
    for (const id of c.nodeIds) expect({ id, total: (c.node(id).machine as Sum).total }).toEqual({ id, total: 30 });
    expect(c.stats.snapshotsInstalled).toBeGreaterThan(0);
  });
});
