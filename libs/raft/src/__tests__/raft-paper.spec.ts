/**
 * One test per rule of the Raft paper (Ongaro & Ousterhout, "In Search of an Understandable
 * Consensus Algorithm", extended version), each written as init / step / check. Section numbers
 * refer to the paper; §6 and §7 use the single-server change of the dissertation (§4.1).
 */
import { NodeId, RaftMessage } from '@app/core';
import { RaftNode } from '../raft-node';
import { Network, drain, msg, paperNode, stored } from '../testing';

const V3 = ['1', '2', '3'];
const V5 = ['1', '2', '3', '4', '5'];

function of<T extends RaftMessage['type']>(ms: RaftMessage[], type: T): Extract<RaftMessage, { type: T }>[] {
  return ms.filter((m): m is Extract<RaftMessage, { type: T }> => m.type === type);
}

/**
 * Campaign and collect votes from every peer; then (unless ack is false) every member in ackFrom
 * acknowledges the leader's empty entry, so their progress is in 'replicate'.
 */
function leaderOf(id: NodeId, voters: NodeId[], extra: Parameters<typeof paperNode>[2] = {}, ack = true, ackFrom: NodeId[] = voters): RaftNode {
  const n = paperNode(id, voters, extra);
  n.campaign();
  const term = n.status().term;
  drain(n);
  for (const v of voters) if (v !== id) n.step(msg({ type: 'vote-resp', from: v, to: id, term, reject: false }));
  drain(n);
  if (ack) {
    const index = n.status().lastIndex;
    for (const v of ackFrom) if (v !== id) n.step(msg({ type: 'append-resp', from: v, to: id, term, reject: false, index, hintIndex: 0, hintTerm: 0 }));
    drain(n);
  }
  return n;
}

function tickN(n: RaftNode, k: number): void {
  for (let i = 0; i < k; i++) n.tick();
}

describe('Raft paper, Figure 2 — rules for all servers', () => {
  it('§5.3 / Fig.2: if commitIndex > lastApplied, committed entries are handed out in order and applied advances', () => {
    // init: a follower whose log holds 3 entries, none committed
    const n = paperNode('1', V3, { restore: stored(1, null, 0, [1, 1, 1]) });
    // step: the leader says 2 are committed
    n.step(msg({ type: 'heartbeat', from: '2', to: '1', term: 1, commit: 2, context: '' }));
    const out = drain(n);
    // check
    expect(out.committed.map((e) => e.index)).toEqual([1, 2]);
    expect(n.status().applied).toBe(2);
  });

  it('§5.1 / Fig.2: a message with a higher term makes any role adopt the term and become follower', () => {
    const roles: RaftNode[] = [paperNode('1', V3), paperNode('1', V3), leaderOf('1', V3)];
    roles[1].campaign();
    for (const n of roles) {
      const before = n.status().term;
      n.step(msg({ type: 'append', from: '2', to: '1', term: before + 3, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 }));
      expect(n.status()).toMatchObject({ role: 'follower', term: before + 3, leader: '2' });
    }
  });

  it('§5.1: a request with a stale term is rejected and changes nothing', () => {
    const n = paperNode('1', V3, { restore: stored(5, null, 0, []) });
    n.step(msg({ type: 'append', from: '2', to: '1', term: 4, prevIndex: 0, prevTerm: 0, entries: [{ index: 1, term: 4, kind: 'normal', data: 'x' }], commit: 1 }));
    n.step(msg({ type: 'vote', from: '3', to: '1', term: 4, lastLogIndex: 9, lastLogTerm: 4, transfer: false }));
    const out = drain(n);
    expect(n.status()).toMatchObject({ term: 5, lastIndex: 0, commit: 0, vote: null });
    expect(of(out.messages, 'vote-resp')).toHaveLength(0);
  });
});

describe('Raft paper, Figure 2 — followers', () => {
  it('§5.2: a follower responds to RPCs from candidates and leaders', () => {
    const n = paperNode('1', V3);
    n.step(msg({ type: 'vote', from: '2', to: '1', term: 1, lastLogIndex: 0, lastLogTerm: 0, transfer: false }));
    n.step(msg({ type: 'append', from: '2', to: '1', term: 1, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 }));
    const out = drain(n);
    expect(out.messages.map((m) => m.type)).toEqual(['vote-resp', 'append-resp']);
  });

  it('§5.2: a follower that hears nothing for an election timeout becomes candidate and requests votes', () => {
    const n = paperNode('1', V3);
    tickN(n, 10);
    const out = drain(n);
    expect(n.status()).toMatchObject({ role: 'candidate', term: 1, vote: '1' });
    expect(of(out.messages, 'vote').map((m) => [m.to, m.term])).toEqual([
      ['2', 1],
      ['3', 1],
    ]);
  });

  it('§5.2: heartbeats from the leader reset the election timer', () => {
    const n = paperNode('1', V3);
    tickN(n, 9);
    n.step(msg({ type: 'heartbeat', from: '2', to: '1', term: 1, commit: 0, context: '' }));
    tickN(n, 9);
    expect(n.status().role).toBe('follower');
    tickN(n, 1);
    expect(n.status().role).toBe('candidate');
  });

  it('§5.2: the vote is persisted in the same Ready that carries the vote response', () => {
    const n = paperNode('1', V3);
    n.step(msg({ type: 'vote', from: '2', to: '1', term: 1, lastLogIndex: 0, lastLogTerm: 0, transfer: false }));
    const rd = n.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: '2', commit: 0 });
    expect(rd.mustSync).toBe(true);
    expect(rd.messages).toEqual([expect.objectContaining({ type: 'vote-resp', reject: false, to: '2' })]);
  });
});

describe('Raft paper, Figure 2 — candidates (§5.2)', () => {
  it('on conversion: increments term, votes for itself, sends RequestVote to all others', () => {
    const n = paperNode('1', V5, { restore: stored(3, null, 0, [1, 3]) });
    n.campaign();
    const out = drain(n);
    expect(n.status()).toMatchObject({ role: 'candidate', term: 4, vote: '1' });
    const votes = of(out.messages, 'vote');
    expect(votes.map((v) => v.to)).toEqual(['2', '3', '4', '5']);
    for (const v of votes) expect(v).toMatchObject({ term: 4, lastLogIndex: 2, lastLogTerm: 3 });
  });

  it('votes from a majority make it leader; it then replicates an empty entry of its term', () => {
    const n = paperNode('1', V5);
    n.campaign();
    drain(n);
    n.step(msg({ type: 'vote-resp', from: '2', to: '1', term: 1, reject: false }));
    expect(n.status().role).toBe('candidate');
    n.step(msg({ type: 'vote-resp', from: '3', to: '1', term: 1, reject: false }));
    expect(n.status().role).toBe('leader');
    const appends = of(drain(n).messages, 'append');
    expect(appends).toHaveLength(4);
    for (const a of appends) expect(a.entries).toEqual([{ index: 1, term: 1, kind: 'normal', data: '' }]);
  });

  it('rejections from a majority send it back to follower', () => {
    const n = paperNode('1', V3);
    n.campaign();
    n.step(msg({ type: 'vote-resp', from: '2', to: '1', term: 1, reject: true }));
    n.step(msg({ type: 'vote-resp', from: '3', to: '1', term: 1, reject: true }));
    expect(n.status().role).toBe('follower');
  });

  it('AppendEntries from a leader of its term: the candidate steps down and accepts it', () => {
    const n = paperNode('1', V3);
    n.campaign();
    n.step(msg({ type: 'append', from: '2', to: '1', term: 1, prevIndex: 0, prevTerm: 0, entries: [{ index: 1, term: 1, kind: 'normal', data: '' }], commit: 0 }));
    expect(n.status()).toMatchObject({ role: 'follower', leader: '2', term: 1, lastIndex: 1 });
  });

  it('if the election timeout elapses, it starts a new election in a new term', () => {
    const n = paperNode('1', V3);
    n.campaign();
    tickN(n, 10);
    expect(n.status()).toMatchObject({ role: 'candidate', term: 2 });
  });

  it('election timeouts are drawn from [electionTicks, 2*electionTicks) through the Random port', () => {
    const seen = new Set<number>();
    for (let v = 0; v < 10; v++) {
      const n = paperNode('1', V3, { random: { next: () => v / 10, int: (max) => v % max } });
      let ticks = 0;
      while (n.status().role === 'follower') {
        n.tick();
        ticks++;
      }
      seen.add(ticks);
      expect(ticks).toBeGreaterThanOrEqual(10);
      expect(ticks).toBeLessThan(20);
    }
    expect(seen.size).toBe(10);
  });
});

describe('Raft paper §5.2 — one vote per term', () => {
  it('grants at most one vote per term (first come, first served) and repeats it to the same candidate', () => {
    const n = paperNode('1', V3);
    n.step(msg({ type: 'vote', from: '2', to: '1', term: 1, lastLogIndex: 0, lastLogTerm: 0, transfer: false }));
    n.step(msg({ type: 'vote', from: '3', to: '1', term: 1, lastLogIndex: 0, lastLogTerm: 0, transfer: false }));
    n.step(msg({ type: 'vote', from: '2', to: '1', term: 1, lastLogIndex: 0, lastLogTerm: 0, transfer: false }));
    const resps = of(drain(n).messages, 'vote-resp');
    expect(resps.map((r) => [r.to, r.reject])).toEqual([
      ['2', false],
      ['3', true],
      ['2', false],
    ]);
  });

  it('at most one leader per term in a randomized cluster run', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const net = new Network(V5, { seed, preVote: false, checkQuorum: false });
      const leaders = new Map<number, string>();
      for (let t = 0; t < 100; t++) {
        net.tick(1);
        for (const [id, node] of net.nodes) {
          const s = node.status();
          if (s.role !== 'leader') continue;
          expect(leaders.get(s.term) ?? id).toBe(id);
          leaders.set(s.term, id);
        }
      }
      expect(leaders.size).toBeGreaterThan(0);
    }
  });
});

describe('Raft paper, Figure 2 — leaders', () => {
  it('§5.2: sends heartbeats every heartbeat interval while idle', () => {
    const n = leaderOf('1', V3);
    n.tick();
    const beats = of(drain(n).messages, 'heartbeat');
    expect(beats.map((b) => b.to)).toEqual(['2', '3']);
  });

  it('§5.3: a client command is appended to the leader log and replicated', () => {
    const n = leaderOf('1', V3);
    const res = n.propose('cmd');
    expect(res).toEqual({ ok: true, index: 2, term: 1 });
    const appends = of(drain(n).messages, 'append');
    expect(appends.length).toBeGreaterThan(0);
    for (const a of appends) expect(a.entries.map((e) => e.data)).toContain('cmd');
  });

  it('§5.3: commits an entry of its term once a majority stored it, and tells followers', () => {
    const n = leaderOf('1', V5);
    n.propose('cmd');
    drain(n);
    n.step(msg({ type: 'append-resp', from: '2', to: '1', term: 1, reject: false, index: 2, hintIndex: 0, hintTerm: 0 }));
    expect(n.status().commit).toBe(1);
    n.step(msg({ type: 'append-resp', from: '3', to: '1', term: 1, reject: false, index: 2, hintIndex: 0, hintTerm: 0 }));
    expect(n.status().commit).toBe(2);
    const out = drain(n);
    expect(out.committed.map((e) => e.index)).toEqual([2]);
    for (const a of of(out.messages, 'append')) expect(a.commit).toBe(2);
  });

  it('§5.3: on rejection it moves nextIndex back and retries until the logs match', () => {
    // init: leader of term 3 with log [1,1,2,3(noop)]; follower has only [1]
    const n = paperNode('1', V3, { restore: stored(2, null, 1, [1, 1, 2]) });
    n.campaign();
    n.step(msg({ type: 'vote-resp', from: '2', to: '1', term: 3, reject: false }));
    const first = of(drain(n).messages, 'append').find((a) => a.to === '2');
    expect(first?.prevIndex).toBe(3);
    // step: follower 2 rejects, its log ends at 1
    n.step(msg({ type: 'append-resp', from: '2', to: '1', term: 3, reject: true, index: 3, hintIndex: 1, hintTerm: 0 }));
    const retry = of(drain(n).messages, 'append').find((a) => a.to === '2');
    // check: resent from index 2 with every entry the follower lacks
    expect(retry).toMatchObject({ prevIndex: 1, prevTerm: 1 });
    expect(retry?.entries.map((e) => e.index)).toEqual([2, 3, 4]);
  });
});

describe('Raft paper §5.3 — log matching', () => {
  it('the consistency check rejects an append whose prevIndex/prevTerm is not in the log', () => {
    const n = paperNode('1', V3, { restore: stored(2, null, 0, [1, 2]) });
    n.step(msg({ type: 'append', from: '2', to: '1', term: 2, prevIndex: 3, prevTerm: 2, entries: [], commit: 0 }));
    n.step(msg({ type: 'append', from: '2', to: '1', term: 2, prevIndex: 2, prevTerm: 1, entries: [], commit: 0 }));
    const resps = of(drain(n).messages, 'append-resp');
    expect(resps.map((r) => r.reject)).toEqual([true, true]);
    expect(n.status().lastIndex).toBe(2);
  });

  it('a conflicting entry and all that follow it are deleted and replaced', () => {
    const n = paperNode('1', V3, { restore: stored(2, null, 1, [1, 1, 1, 1]) });
    n.step(msg({ type: 'append', from: '2', to: '1', term: 3, prevIndex: 2, prevTerm: 1, entries: [{ index: 3, term: 3, kind: 'normal', data: 'new' }], commit: 1 }));
    const rd = n.ready();
    expect(rd.entries).toEqual([{ index: 3, term: 3, kind: 'normal', data: 'new' }]);
    n.advance(rd);
    expect(n.status().lastIndex).toBe(3);
  });

  it('entries already present are not truncated by a delayed shorter append', () => {
    const n = paperNode('1', V3, { restore: stored(1, null, 0, [1, 1, 1]) });
    n.step(msg({ type: 'append', from: '2', to: '1', term: 1, prevIndex: 0, prevTerm: 0, entries: [{ index: 1, term: 1, kind: 'normal', data: 'e1t1' }], commit: 0 }));
    expect(n.status().lastIndex).toBe(3);
    expect(n.ready().entries).toEqual([]);
  });

  it('commitIndex becomes min(leaderCommit, index of last new entry)', () => {
    const n = paperNode('1', V3, { restore: stored(1, null, 0, [1, 1, 1, 1]) });
    n.step(msg({ type: 'append', from: '2', to: '1', term: 1, prevIndex: 1, prevTerm: 1, entries: [{ index: 2, term: 1, kind: 'normal', data: 'e2t1' }], commit: 4 }));
    expect(n.status().commit).toBe(2);
  });

  it('fast backtracking: the follower names the first index of the conflicting term and the leader skips it in one step', () => {
    // follower 2 has a long run of term-2 entries the leader never had
    const f = paperNode('2', V3, { restore: stored(2, null, 1, [1, 2, 2, 2, 2, 2, 2]) });
    f.step(msg({ type: 'append', from: '1', to: '2', term: 3, prevIndex: 7, prevTerm: 3, entries: [], commit: 1 }));
    const [rej] = of(drain(f).messages, 'append-resp');
    expect(rej).toMatchObject({ reject: true, index: 7, hintIndex: 2, hintTerm: 2 });
    // the leader has [1,3,3,3,3,3,3] (+ noop of term 4): it jumps straight to index 2
    const l = paperNode('1', V3, { restore: stored(3, null, 1, [1, 3, 3, 3, 3, 3, 3]) });
    l.campaign();
    l.step(msg({ type: 'vote-resp', from: '3', to: '1', term: 4, reject: false }));
    drain(l);
    l.step({ ...rej, term: 4, index: 7 });
    const retry = of(drain(l).messages, 'append').find((a) => a.to === '2');
    expect(retry).toMatchObject({ prevIndex: 1, prevTerm: 1 });
  });
});

describe('Raft paper §5.4.1 — election restriction', () => {
  it.each([
    ['higher last term', 1, 3, false],
    ['same last term, longer log', 4, 2, false],
    ['same last term, same length', 3, 2, false],
    ['same last term, shorter log', 2, 2, true],
    ['lower last term', 5, 1, true],
  ])('a voter whose log is more up-to-date denies its vote (candidate: %s)', (_name, lastLogIndex, lastLogTerm, reject) => {
    const n = paperNode('1', V3, { restore: stored(2, null, 0, [1, 2, 2]) });
    n.step(msg({ type: 'vote', from: '2', to: '1', term: 3, lastLogIndex, lastLogTerm, transfer: false }));
    const [resp] = of(drain(n).messages, 'vote-resp');
    expect(resp.reject).toBe(reject);
  });
});

describe('Raft paper §5.4.2 — committing entries from previous terms (Figure 8)', () => {
  it('a leader never commits an entry of an earlier term by counting replicas; a later term entry commits it', () => {
    // init, Figure 8 (c): S1 leads in term 4 with [1(t1), 2(t2)]; S2 has [1, 2(t2)]; S3 has [1]; S5 has [1, 2(t3)].
    const net = new Network(V5, { preVote: false, checkQuorum: false });
    const logs: Record<string, number[]> = { '1': [1, 2], '2': [1, 2], '3': [1], '4': [1], '5': [1, 3] };
    for (const id of V5) {
      net.storage.set(id, stored(3, null, 1, logs[id]));
      net.restart(id);
    }
    // Let S1 win term 4 (S5 stays away), and let its appends carry only the term-2 entry.
    net.cut('1', '5');
    net.node('1').campaign();
    for (let i = 0; i < 10; i++) {
      const ms = net.take();
      for (const m of ms) {
        if (m.type === 'append' && m.from === '1') net.send({ ...m, entries: m.entries.filter((e) => e.term !== 4) });
        else if (m.from !== '5' && m.to !== '5') net.send(m);
      }
    }
    // check: term-2 entry is on S1, S2, S3 (a majority of five) and still not committed
    expect(net.node('1').status()).toMatchObject({ role: 'leader', term: 4 });
    expect(net.node('3').status().lastIndex).toBe(2);
    expect(net.node('1').status().commit).toBe(1);
    // Figure 8 (d): S1 crashes; S5 (last term 3) can win and overwrite index 2 everywhere — safe, as it was never committed.
    net.crash('1');
    net.heal();
    net.clearFilters();
    net.elect('5'); // loses term 4: everyone voted for S1 in it
    net.elect('5');
    expect(net.leader()).toBe('5');
    net.tick(2);
    for (const id of ['2', '3', '4', '5']) expect(net.node(id).status().commit).toBeGreaterThanOrEqual(3);
    expect(net.storedEntries('3')[1]).toMatchObject({ index: 2, term: 3 });
  });

  it('Figure 8 (e): once an entry of the leader term is on a majority, it and the earlier-term entries commit', () => {
    const net = new Network(V5, { preVote: false, checkQuorum: false });
    const logs: Record<string, number[]> = { '1': [1, 2], '2': [1, 2], '3': [1], '4': [1], '5': [1, 3] };
    for (const id of V5) {
      net.storage.set(id, stored(3, null, 1, logs[id]));
      net.restart(id);
    }
    net.cut('1', '5');
    net.elect('1');
    net.tick(1, ['1']);
    expect(net.node('1').status().commit).toBe(3);
    expect(net.node('2').status().commit).toBe(3);
  });
});

describe('Raft dissertation §4.1 / paper §6 — membership changes', () => {
  it('a configuration change takes effect when its entry commits, not when it is appended', () => {
    const n = leaderOf('1', V3);
    expect(n.proposeConfChange({ type: 'add-voter', node: '4' }).ok).toBe(true);
    drain(n);
    expect(n.status().conf.voters).toEqual(['1', '2', '3']);
    n.step(msg({ type: 'append-resp', from: '2', to: '1', term: 1, reject: false, index: 2, hintIndex: 0, hintTerm: 0 }));
    expect(n.status().conf.voters).toEqual(['1', '2', '3', '4']);
    expect(n.status().progress?.['4']).toBeDefined();
  });

  it('only one change may be uncommitted at a time, and none before the leader committed an entry of its term', () => {
    const n = leaderOf('1', V3, {}, false);
    expect(n.proposeConfChange({ type: 'add-learner', node: '4' })).toEqual({ ok: false, reason: 'conf-change-pending' });
    n.step(msg({ type: 'append-resp', from: '2', to: '1', term: 1, reject: false, index: 1, hintIndex: 0, hintTerm: 0 }));
    expect(n.proposeConfChange({ type: 'add-learner', node: '4' }).ok).toBe(true);
    expect(n.proposeConfChange({ type: 'add-learner', node: '5' })).toEqual({ ok: false, reason: 'conf-change-pending' });
  });

  it('learners receive entries but are not counted for commitment or elections', () => {
    const n = leaderOf('1', ['1', '2', '3'], { initialConf: { voters: ['1', '2', '3'], learners: ['4'] } }, true, ['2', '3', '4']);
    n.propose('x');
    expect(of(drain(n).messages, 'append').map((a) => a.to)).toContain('4');
    n.step(msg({ type: 'append-resp', from: '4', to: '1', term: 1, reject: false, index: 2, hintIndex: 0, hintTerm: 0 }));
    expect(n.status().commit).toBe(1);
    n.step(msg({ type: 'append-resp', from: '2', to: '1', term: 1, reject: false, index: 2, hintIndex: 0, hintTerm: 0 }));
    expect(n.status().commit).toBe(2);
    const learner = paperNode('4', ['1', '2', '3'], { initialConf: { voters: ['1', '2', '3'], learners: ['4'] } });
    tickN(learner, 100);
    expect(learner.status().role).toBe('follower');
  });
});

describe('Raft paper §7 — log compaction and InstallSnapshot', () => {
  const snapshot = { meta: { index: 5, term: 2, conf: { voters: V3, learners: [] } }, data: 'state@5' };

  it('the leader sends InstallSnapshot to a follower that needs compacted entries', () => {
    const net = new Network(V3);
    net.elect('1');
    net.crash('3');
    for (let i = 0; i < 3; i++) net.propose('1', `p${i}`);
    net.compact('1');
    net.start('3');
    net.tick(1);
    const snaps = net.sent.filter((m) => m.type === 'snapshot');
    expect(snaps).toHaveLength(1);
    expect(net.node('3').status().commit).toBe(4);
  });

  it('if the snapshot describes a prefix of the follower log, the entries after it are retained', () => {
    const n = paperNode('1', V3, { restore: stored(2, null, 3, [1, 1, 2, 2, 2, 2, 2]) });
    n.step(msg({ type: 'snapshot', from: '2', to: '1', term: 2, snapshot }));
    const out = drain(n);
    expect(out.readies.some((r) => r.snapshot)).toBe(false);
    expect(n.status()).toMatchObject({ commit: 5, lastIndex: 7 });
    expect(of(out.messages, 'append-resp')[0]).toMatchObject({ reject: false, index: 7 });
  });

  it('otherwise the follower discards its log, restores the state machine from the snapshot and commits its index', () => {
    const n = paperNode('1', V3, { restore: stored(2, null, 1, [1, 1, 1]) });
    n.step(msg({ type: 'snapshot', from: '2', to: '1', term: 2, snapshot }));
    const rd = n.ready();
    expect(rd.snapshot).toEqual(snapshot);
    expect(rd.committed).toEqual([]);
    expect(rd.messages).toEqual([expect.objectContaining({ type: 'append-resp', reject: false, index: 5 })]);
    n.advance(rd);
    expect(n.status()).toMatchObject({ commit: 5, applied: 5, firstIndex: 6, lastIndex: 5 });
  });

  it('a snapshot older than the commit index is ignored', () => {
    const n = paperNode('1', V3, { restore: stored(2, null, 6, [1, 1, 2, 2, 2, 2]) });
    n.step(msg({ type: 'snapshot', from: '2', to: '1', term: 2, snapshot }));
    const out = drain(n);
    expect(out.readies.some((r) => r.snapshot)).toBe(false);
    expect(of(out.messages, 'append-resp')[0]).toMatchObject({ reject: false, index: 6 });
  });
});
