import { PeerPayload } from '@app/core';
import { contextOf, FAST_RECONNECT, hb, makeNode, randomPorts, TestNode, waitFor } from './tcp-test-helpers';

/** An append of one entry of `size` characters, tagged so the order can be checked. */
const append = (from: string, to: string, i: number, size: number): PeerPayload => ({
  channel: 'raft',
  message: {
    group: 'q-0',
    from,
    to,
    term: 1,
    type: 'append',
    prevIndex: i,
    prevTerm: 1,
    commit: 0,
    entries: [{ index: i + 1, term: 1, kind: 'normal', data: `${i}:`.padEnd(size, 'x') }],
  },
});

const prevIndexOf = (p: PeerPayload): number => (p.message.type === 'append' ? p.message.prevIndex : -1);

describe('TcpPeerTransport: frames near the size limit', () => {
  let nodes: TestNode[] = [];

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.transport.stop()));
    nodes = [];
  });

  async function pair(options = FAST_RECONNECT): Promise<[TestNode, TestNode]> {
    const ports = randomPorts(2);
    nodes = ['n1', 'n2'].map((id) => makeNode(id, ['n1', 'n2'], ports, options));
    await Promise.all(nodes.map((n) => n.transport.start()));
    await waitFor('connected', () => nodes.every((n) => n.transport.stats().connectedPeers.length === 1));
    return [nodes[0], nodes[1]];
  }

  it('sends 40 appends of 200 KB queued in one tick as several frames under the 4 MiB limit, in order, none dropped', async () => {
    const [n1, n2] = await pair();
    for (let i = 0; i < 40; i++) n1.transport.send('n2', append('n1', 'n2', i, 200_000));
    await waitFor('40 appends', () => n2.inbox.length === 40, 10_000);
    expect(n2.inbox.map((m) => prevIndexOf(m.payload))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const s = n1.transport.stats();
    expect(s.droppedOutbound).toBe(0);
    // 8 MB cannot fit in fewer than 2 frames of 4 MiB; the batcher fills each to ~1 MiB (a quarter).
    expect(s.framesSent).toBeGreaterThanOrEqual(8);
    expect(n2.transport.stats().rejectedInbound).toBe(0);
  });

  it('a multi-payload frame that escaping pushed over the limit is resent as smaller frames in order, not dropped', async () => {
    const [n1, n2] = await pair({ ...FAST_RECONNECT, maxBatchBytes: 20_000 });
    // A control character costs 1 in the batcher's estimate and 6 in JSON ("\u0001").
    const ctx = (i: number): string => `${i}:`.padEnd(2000, '\u0001');
    for (let i = 0; i < 10; i++) n1.transport.send('n2', hb('n1', 'n2', ctx(i)));
    await waitFor('10 heartbeats', () => n2.inbox.length === 10);
    expect(n2.inbox.map((m) => contextOf(m.payload).split(':')[0])).toEqual(Array.from({ length: 10 }, (_, i) => `${i}`));
    const s = n1.transport.stats();
    expect(s.droppedOutbound).toBe(0);
    expect(s.oversizeSplits).toBeGreaterThan(0);
  });

  it('still drops a single payload over the limit (nothing to split)', async () => {
    const [n1, n2] = await pair({ ...FAST_RECONNECT, maxBatchBytes: 20_000 });
    n1.transport.send('n2', hb('n1', 'n2', 'x'.repeat(30_000)));
    n1.transport.send('n2', hb('n1', 'n2', 'small'));
    await waitFor('small delivered', () => n2.inbox.length === 1);
    expect(contextOf(n2.inbox[0].payload)).toBe('small');
    expect(n1.transport.stats().droppedByReason).toEqual({ oversize: 1 });
  });
});
