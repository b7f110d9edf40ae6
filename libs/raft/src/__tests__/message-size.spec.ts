import { RaftMessage } from '@app/core';
import { ENTRY_OVERHEAD_BYTES, entrySize } from '../entry-size';
import { Network } from '../testing';

type Append = Extract<RaftMessage, { type: 'append' }>;

const appendBytes = (m: Append): number => m.entries.reduce((n, e) => n + entrySize(e), 0);
const big = (tag: string, size: number): string => tag + 'x'.repeat(size - tag.length);

describe('message sizes: appends, snapshot chunks and committed batches are bounded in bytes', () => {
  const MAX = 10_000;

  it('a follower far behind with big entries catches up through several bounded appends', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 3, maxBytesPerAppend: MAX });
    net.elect('a');
    net.crash('c');
    const data = Array.from({ length: 40 }, (_, i) => big(`m${i}:`, 2_000));
    // One entry alone larger than the bound: it must still travel (alone).
    data.splice(20, 0, big('huge:', 3 * MAX));
    for (const d of data) net.propose('a', d);
    net.start('c');
    net.tick(3);
    expect(net.applied.get('c')).toEqual(data);
    expect(net.node('c').status().applied).toBe(net.node('a').status().applied);
    const toC = net.sent.filter((m): m is Append => m.type === 'append' && m.to === 'c' && m.entries.length > 0);
    // 40 x 2 KB + 30 KB cannot fit in fewer than 12 messages of 10 KB.
    expect(toC.length).toBeGreaterThanOrEqual(12);
    for (const m of toC) expect(appendBytes(m) <= MAX || m.entries.length === 1).toBe(true);
    expect(toC.some((m) => m.entries.length === 1 && appendBytes(m) > MAX)).toBe(true);
  });

  it('the byte bound applies to probes after a rejection too', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 4, maxBytesPerAppend: MAX });
    net.elect('a');
    for (let i = 0; i < 5; i++) net.propose('a', `p${i}`);
    // c misses 30 big entries, then its log is probed from the leader's last index backwards.
    net.isolate('c');
    for (let i = 0; i < 30; i++) net.node('a').propose(big(`q${i}:`, 4_000));
    net.stabilize();
    net.heal();
    net.tick(3);
    expect(net.node('c').status().lastIndex).toBe(net.node('a').status().lastIndex);
    const toC = net.sent.filter((m): m is Append => m.type === 'append' && m.to === 'c');
    for (const m of toC) expect(appendBytes(m) <= MAX || m.entries.length === 1).toBe(true);
  });

  it('a snapshot larger than maxBytesPerAppend travels in chunks and is installed whole', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 6, maxBytesPerAppend: MAX });
    net.elect('a');
    net.crash('c');
    const data = Array.from({ length: 20 }, (_, i) => big(`s${i}:`, 3_000));
    for (const d of data) net.propose('a', d);
    const snap = net.compact('a')!;
    expect(snap.data.length).toBeGreaterThan(5 * MAX);
    net.start('c');
    net.tick(2);
    const chunks = net.sent.filter((m): m is Extract<RaftMessage, { type: 'snapshot' }> => m.type === 'snapshot' && m.to === 'c');
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(snap.data.length / MAX));
    for (const m of chunks) expect(m.snapshot.data.length).toBeLessThanOrEqual(MAX);
    expect(chunks.filter((m) => m.chunk?.done)).toHaveLength(1);
    expect(net.storage.get('c')?.snapshot?.data).toBe(snap.data);
    expect(net.applied.get('c')).toEqual(data);
    net.propose('a', 'after');
    expect(net.applied.get('c')).toEqual([...data, 'after']);
    expect(net.node('a').status().progress?.c.state).toBe('replicate');
  });

  it('a lost chunk makes the leader resend the whole snapshot, which then installs', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 6, electionTicks: 5, maxBytesPerAppend: MAX });
    net.elect('a');
    net.crash('c');
    const data = Array.from({ length: 10 }, (_, i) => big(`s${i}:`, 3_000));
    for (const d of data) net.propose('a', d);
    net.compact('a');
    net.start('c');
    let seen = 0;
    // Drop the second chunk of the first round only.
    net.addFilter((m) => !(m.type === 'snapshot' && ++seen === 2));
    net.tick(40);
    expect(net.sent.filter((m) => m.type === 'snapshot' && m.chunk?.offset === 0).length).toBeGreaterThanOrEqual(2);
    expect(net.applied.get('c')).toEqual(data);
  });

  it('hands committed entries out in batches of at most maxCommittedBytesPerReady (a long replay after restart)', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 5 });
    net.elect('a');
    const data = Array.from({ length: 30 }, (_, i) => big(`r${i}:`, 1_000));
    for (const d of data) net.propose('a', d);
    const cap = 5 * (1_000 + ENTRY_OVERHEAD_BYTES);
    net.crash('b');
    const b = net.start('b', undefined, { maxCommittedBytesPerReady: cap });
    // The restored log is committed up to the stored commit index: replay it Ready by Ready.
    const readies = net.processReady('b');
    const batches = readies.map((rd) => rd.committed).filter((c) => c.length > 0);
    expect(batches.length).toBeGreaterThanOrEqual(6);
    for (const c of batches) expect(c.reduce((n, e) => n + entrySize(e), 0)).toBeLessThanOrEqual(cap);
    expect(net.applied.get('b')).toEqual(data);
    expect(b.status().applied).toBe(b.status().commit);
  });
});
