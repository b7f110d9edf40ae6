import { contextOf, FAST_RECONNECT, hb, makeNode, randomPorts, TestNode, waitFor } from './tcp-test-helpers';

const IDS = ['n1', 'n2', 'n3'];

describe('TcpPeerTransport', () => {
  let nodes: TestNode[] = [];

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.transport.stop()));
    nodes = [];
  });

  async function startAll(ids = IDS, ports = randomPorts(ids.length), options = FAST_RECONNECT): Promise<TestNode[]> {
    nodes = ids.map((id) => makeNode(id, ids, ports, options));
    await Promise.all(nodes.map((n) => n.transport.start()));
    await waitFor('full mesh', () => nodes.every((n) => n.transport.stats().connectedPeers.length === ids.length - 1));
    return nodes;
  }

  it('exchanges messages between three nodes in every direction, in order per pair', async () => {
    await startAll();
    for (const a of nodes) for (const b of nodes) if (a !== b) for (let i = 0; i < 3; i++) a.transport.send(b.id, hb(a.id, b.id, `${a.id}>${b.id}#${i}`));
    await waitFor('6 messages each', () => nodes.every((n) => n.inbox.length === 6));
    for (const n of nodes) {
      for (const other of IDS.filter((id) => id !== n.id)) {
        const got = n.inbox.filter((m) => m.from === other).map((m) => contextOf(m.payload));
        expect(got).toEqual([0, 1, 2].map((i) => `${other}>${n.id}#${i}`));
      }
      expect(n.transport.stats()).toMatchObject({ sent: 6, received: 6, droppedOutbound: 0, rejectedInbound: 0 });
    }
  });

  it('batches the sends of one tick into one frame per peer', async () => {
    const [n1, n2, n3] = await startAll();
    const before = n1.transport.stats().framesSent;
    for (let i = 0; i < 1000; i++) {
      n1.transport.send('n2', hb('n1', 'n2', `${i}`));
      n1.transport.send('n3', hb('n1', 'n3', `${i}`));
    }
    await waitFor('1000 each', () => n2.inbox.length === 1000 && n3.inbox.length === 1000);
    expect(n1.transport.stats().framesSent - before).toBe(2);
    expect(n2.transport.stats().framesReceived).toBe(1);
    expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual(Array.from({ length: 1000 }, (_, i) => `${i}`));
  });

  it('splits a tick larger than maxPayloadsPerBatch over several frames', async () => {
    const [n1, n2] = await startAll(['n1', 'n2'], randomPorts(2), { ...FAST_RECONNECT, maxPayloadsPerBatch: 100 });
    for (let i = 0; i < 1000; i++) n1.transport.send('n2', hb('n1', 'n2', `${i}`));
    await waitFor('1000', () => n2.inbox.length === 1000);
    expect(n1.transport.stats().framesSent).toBe(10);
    expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual(Array.from({ length: 1000 }, (_, i) => `${i}`));
  });

  it('keeps messages for a down peer and delivers them after it comes back', async () => {
    const ports = randomPorts(2);
    const [n1, n2] = await startAll(['n1', 'n2'], ports);
    n1.transport.send('n2', hb('n1', 'n2', 'before'));
    await waitFor('first message', () => n2.inbox.length === 1);

    await n2.transport.stop();
    await waitFor('n1 sees n2 down', () => n1.transport.stats().connectedPeers.length === 0);
    expect(() => n1.transport.send('n2', hb('n1', 'n2', 'while-down'))).not.toThrow();

    const n2b = makeNode('n2', ['n1', 'n2'], ports);
    nodes.push(n2b);
    await n2b.transport.start();
    n1.transport.send('n2', hb('n1', 'n2', 'after'));
    await waitFor('messages after restart', () => n2b.inbox.length === 2);
    expect(n2b.inbox.map((m) => contextOf(m.payload))).toEqual(['while-down', 'after']);
    expect(n1.transport.stats().connects).toBeGreaterThanOrEqual(2);
    // and the restarted node can answer
    n2b.transport.send('n1', hb('n2', 'n1', 'pong'));
    await waitFor('pong', () => n1.inbox.some((m) => contextOf(m.payload) === 'pong'));
  });

  it('bounds the queue of an unreachable peer, drops the oldest and counts them', async () => {
    const ports = randomPorts(2);
    const n1 = makeNode('n1', ['n1', 'n2'], ports, { ...FAST_RECONNECT, maxQueuedPerPeer: 100 });
    nodes = [n1];
    await n1.transport.start();
    for (let i = 0; i < 250; i++) n1.transport.send('n2', hb('n1', 'n2', `${i}`));
    n1.transport.send('n9', hb('n1', 'n9'));
    // let a few reconnect attempts fail: the queue must not grow
    await new Promise((r) => setTimeout(r, 100));
    const s = n1.transport.stats();
    expect(s.queued).toBe(100);
    expect(s.droppedByReason).toEqual({ 'queue-full': 150, 'no-route': 1 });
    expect(s.droppedOutbound).toBe(151);

    const n2 = makeNode('n2', ['n1', 'n2'], ports);
    nodes.push(n2);
    await n2.transport.start();
    await waitFor('queued 100 delivered', () => n2.inbox.length === 100);
    expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual(Array.from({ length: 100 }, (_, i) => `${150 + i}`));
    expect(n1.transport.stats().queued).toBe(0);
  });

  it('refuses outbound batches over maxBatchBytes instead of sending them', async () => {
    const [n1, n2] = await startAll(['n1', 'n2'], randomPorts(2), { ...FAST_RECONNECT, maxBatchBytes: 2000 });
    n1.transport.send('n2', hb('n1', 'n2', 'x'.repeat(3000)));
    await waitFor('oversize counted', () => n1.transport.stats().droppedOutbound === 1);
    expect(n1.transport.stats().droppedByReason).toEqual({ oversize: 1 });
    n1.transport.send('n2', hb('n1', 'n2', 'small'));
    await waitFor('small delivered', () => n2.inbox.length === 1);
  });

  it('backs off while a peer stays down: attempts grow slowly, not in a tight loop', async () => {
    const n1 = makeNode('n1', ['n1', 'n2'], randomPorts(2), { reconnect: { initialMs: 20, maxMs: 200, jitter: 0 } });
    nodes = [n1];
    await n1.transport.start();
    await new Promise((r) => setTimeout(r, 600));
    // delays 20, 40, 80, 160, 200, ... => about 6 attempts in 600 ms; a retry loop without backoff would make hundreds
    const attempts = n1.transport.stats().connectAttempts;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(10);
    expect(n1.transport.stats().connects).toBe(0);
  });

  it('reconnects at once when a peer it is backing off from speaks to it (a restarted node is reachable at once)', async () => {
    const ports = randomPorts(2);
    // A minute of backoff: without the wake-up, n1 could not reach n2 within the test at all.
    const slow = { reconnect: { initialMs: 60_000, maxMs: 60_000, jitter: 0 } };
    const n1 = makeNode('n1', ['n1', 'n2'], ports, slow);
    nodes = [n1];
    await n1.transport.start();
    await waitFor('first failed attempt', () => n1.transport.stats().connectAttempts >= 1);
    await new Promise((r) => setTimeout(r, 50));

    const n2 = makeNode('n2', ['n1', 'n2'], ports, FAST_RECONNECT);
    nodes.push(n2);
    await n2.transport.start();
    n2.transport.send('n1', hb('n2', 'n1', 'hello'));
    await waitFor('hello', () => n1.inbox.length === 1);
    n1.transport.send('n2', hb('n1', 'n2', 'answer'));
    await waitFor('answer delivered without waiting out the backoff', () => n2.inbox.length === 1);
    expect(n1.transport.stats().connects).toBe(1);
  });

  it('stop() is idempotent and send() after stop is a counted drop', async () => {
    const [n1] = await startAll(['n1', 'n2']);
    await n1.transport.stop();
    await n1.transport.stop();
    expect(() => n1.transport.send('n2', hb('n1', 'n2'))).not.toThrow();
    expect(n1.transport.stats().droppedByReason).toEqual({ stopped: 1 });
  });
});
