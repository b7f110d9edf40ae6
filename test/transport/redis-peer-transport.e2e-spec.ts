import Redis from 'ioredis';
import { RedisPeerTransport, RedisPeerTransportOptions } from '@app/adapters/transport-redis';
import { contextOf, hb, waitFor } from './tcp-test-helpers';
import { connectAdmin, killConnection, makeRedisNode, receivedByPair, RedisTestNode, sendToEveryPeer, TEST_REDIS_URL, uniquePrefix } from './redis-test-helpers';

const IDS = ['n1', 'n2', 'n3'];

describe('RedisPeerTransport (against the machine Redis)', () => {
  let admin: Redis;
  let nodes: RedisTestNode[] = [];
  let prefix: string;

  beforeAll(async () => {
    admin = await connectAdmin();
  });

  afterAll(() => {
    admin?.disconnect();
  });

  beforeEach(() => {
    prefix = uniquePrefix('transport');
  });

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.transport.stop()));
    nodes = [];
  });

  async function startAll(ids = IDS, options: RedisPeerTransportOptions = {}): Promise<RedisTestNode[]> {
    nodes = ids.map((id) => makeRedisNode(id, ids, prefix, options));
    await Promise.all(nodes.map((n) => n.transport.start()));
    return nodes;
  }

  it('exchanges messages between three nodes in every direction, in order per pair', async () => {
    await startAll();
    const expected = sendToEveryPeer(nodes, 3);
    await waitFor('6 messages each', () => nodes.every((n) => n.inbox.length === 6));
    expect(receivedByPair(nodes)).toEqual(expected);
    await waitFor('publish replies', () => nodes.every((n) => n.transport.stats().inflightFrames === 0));
    for (const n of nodes) expect(n.transport.stats()).toMatchObject({ sent: 6, received: 6, droppedOutbound: 0, rejectedInbound: 0, connected: true });
  });

  it('batches the sends of one tick into one PUBLISH per peer (seen by an independent subscriber)', async () => {
    const [n1, n2, n3] = await startAll();
    const spy = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    const published: string[] = [];
    try {
      await spy.connect();
      spy.on('message', (channel: string) => published.push(channel));
      await spy.subscribe(n2.transport.channel, n3.transport.channel);
      // 300 heartbeats (~33 KB) per frame: frames above ~64 KB make ioredis' parser start a
      // self-ending buffer-shrink interval that would keep jest alive past its exit check.
      for (let i = 0; i < 300; i++) {
        n1.transport.send('n2', hb('n1', 'n2', `${i}`));
        n1.transport.send('n3', hb('n1', 'n3', `${i}`));
      }
      await waitFor('300 each', () => n2.inbox.length === 300 && n3.inbox.length === 300);
      await waitFor('spy saw the frames', () => published.length >= 2);
      expect(published.sort()).toEqual([n2.transport.channel, n3.transport.channel].sort());
      await waitFor('publish replies', () => n1.transport.stats().inflightFrames === 0);
      expect(n1.transport.stats()).toMatchObject({ framesSent: 2, sent: 600 });
      expect(n2.transport.stats().framesReceived).toBe(1);
      expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual(Array.from({ length: 300 }, (_, i) => `${i}`));
    } finally {
      await spy.quit();
    }
  });

  it('splits a tick larger than maxPayloadsPerBatch over several PUBLISHes', async () => {
    const [n1, n2] = await startAll(['n1', 'n2'], { maxPayloadsPerBatch: 100 });
    for (let i = 0; i < 1000; i++) n1.transport.send('n2', hb('n1', 'n2', `${i}`));
    await waitFor('1000', () => n2.inbox.length === 1000);
    await waitFor('publish replies', () => n1.transport.stats().inflightFrames === 0);
    expect(n1.transport.stats().framesSent).toBe(10);
    expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual(Array.from({ length: 1000 }, (_, i) => `${i}`));
  });

  it('refuses and counts malformed messages published by a raw client, and keeps working', async () => {
    const [n1, n2] = await startAll(IDS, { maxBatchBytes: 64 * 1024 });
    const ch = n1.transport.channel;
    const good = hb('n2', 'n1', 'good');
    const event = (data: unknown): string => JSON.stringify({ pattern: ch, data });
    const messages = [
      'garbage \u0000 not json',
      '42',
      JSON.stringify({ pattern: ch, data: { v: 1, from: 'n2', payloads: [good] }, id: 'req-1' }), // a request, not an event
      JSON.stringify({ pattern: `${ch}-other`, data: { v: 1, from: 'n2', payloads: [good] } }),
      event({ v: 2, from: 'n2', payloads: [good] }),
      event({ v: 1, from: 'n2', payloads: 'nope' }),
      event({ v: 1, from: 'mallory', payloads: [hb('mallory', 'n1', 'x')] }),
      event({ v: 1, from: 'n2', payloads: [{ channel: 'raft', message: { type: 'heartbeat' } }, hb('n3', 'n1', 'spoofed'), hb('n2', 'n3', 'misrouted'), good] }),
      event({ v: 1, from: 'n2', payloads: [hb('n2', 'n1', 'x'.repeat(70 * 1024))] }),
    ];
    for (const m of messages) expect(await admin.publish(ch, m)).toBe(1);
    await waitFor('the one good payload', () => n1.inbox.length === 1);
    await waitFor('all refusals counted', () => n1.transport.stats().rejectedInbound === 11);
    expect(n1.transport.stats().rejectedByReason).toEqual({
      'bad-json': 1,
      'bad-envelope': 3,
      'bad-batch': 2,
      'unknown-sender': 1,
      'malformed-payload': 1,
      'sender-mismatch': 1,
      'wrong-recipient': 1,
      oversize: 1,
    });
    expect(contextOf(n1.inbox[0].payload)).toBe('good');
    // No reply was ever published for the request-shaped packet.
    expect(n1.transport.stats().framesSent).toBe(0);

    n2.transport.send('n1', hb('n2', 'n1', 'after'));
    await waitFor('a real message after the garbage', () => n1.inbox.length === 2);
    expect(contextOf(n1.inbox[1].payload)).toBe('after');
  });

  it('recovers after the subscriber connection is killed (CLIENT KILL)', async () => {
    const [n1, n2] = await startAll(['n1', 'n2']);
    n1.transport.send('n2', hb('n1', 'n2', 'before'));
    await waitFor('first message', () => n2.inbox.length === 1);

    await killConnection(admin, n2.transport, 'sub');
    // Pub/sub does not store: keep sending (as Raft does) until the resubscribed node hears us.
    let i = 0;
    await waitFor(
      'a message after the kill',
      () => {
        n1.transport.send('n2', hb('n1', 'n2', `after#${i++}`));
        return n2.inbox.some((m) => contextOf(m.payload).startsWith('after#'));
      },
      10_000,
    );
    expect(n2.transport.stats().reconnects).toBeGreaterThanOrEqual(1);
    expect(n2.transport.stats().connected).toBe(true);
    // and it can still publish
    n2.transport.send('n1', hb('n2', 'n1', 'pong'));
    await waitFor('pong', () => n1.inbox.some((m) => contextOf(m.payload) === 'pong'));
  });

  it('recovers after the publisher connection is killed, delivering what was queued meanwhile', async () => {
    const [n1, n2] = await startAll(['n1', 'n2']);
    await killConnection(admin, n1.transport, 'pub');
    await waitFor('n1 sees its publisher down', () => !n1.transport.stats().connected, 5000);
    for (let k = 0; k < 5; k++) n1.transport.send('n2', hb('n1', 'n2', `queued#${k}`));
    await waitFor('queued messages after reconnect', () => n2.inbox.length === 5, 10_000);
    expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual([0, 1, 2, 3, 4].map((k) => `queued#${k}`));
    expect(n1.transport.stats()).toMatchObject({ connected: true, droppedOutbound: 0 });
    expect(n1.transport.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('bounds the send queue while it cannot publish, dropping the oldest and counting them', async () => {
    const n1 = makeRedisNode('n1', ['n1', 'n2'], prefix, { maxQueuedPerPeer: 100 });
    const n2 = makeRedisNode('n2', ['n1', 'n2'], prefix);
    nodes = [n1, n2];
    await n2.transport.start();
    for (let k = 0; k < 250; k++) n1.transport.send('n2', hb('n1', 'n2', `${k}`)); // n1 not started: nothing can go out
    await new Promise((r) => setImmediate(r));
    expect(n1.transport.stats()).toMatchObject({ queued: 100, droppedOutbound: 150, droppedByReason: { 'queue-full': 150 } });
    await n1.transport.start();
    await waitFor('the newest 100', () => n2.inbox.length === 100);
    expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual(Array.from({ length: 100 }, (_, k) => `${150 + k}`));
  });

  it('keeps at most maxInflightFrames PUBLISHes unanswered, and still delivers everything in order', async () => {
    const [n1, n2] = await startAll(['n1', 'n2'], { maxInflightFrames: 1 });
    let maxInflight = 0;
    for (let k = 0; k < 200; k++) {
      n1.transport.send('n2', hb('n1', 'n2', `${k}`));
      await new Promise((r) => setImmediate(r));
      maxInflight = Math.max(maxInflight, n1.transport.stats().inflightFrames);
    }
    await waitFor('all 200', () => n2.inbox.length === 200);
    expect(maxInflight).toBe(1);
    expect(n2.inbox.map((m) => contextOf(m.payload))).toEqual(Array.from({ length: 200 }, (_, k) => `${k}`));
    expect(n1.transport.stats().droppedOutbound).toBe(0);
  });

  it('counts a throwing receive handler and keeps delivering the rest', async () => {
    const errors: string[] = [];
    const [n1, n2] = await startAll(['n1', 'n2'], { onError: (_e: unknown, where: string) => errors.push(where) });
    const seen: string[] = [];
    n2.transport.onReceive((_from, p) => {
      if (contextOf(p) === 'boom') throw new Error('handler bug');
      seen.push(contextOf(p));
    });
    for (const c of ['a', 'boom', 'b']) n1.transport.send('n2', hb('n1', 'n2', c));
    await waitFor('the two good ones', () => seen.length === 2);
    expect(seen).toEqual(['a', 'b']);
    expect(n2.transport.stats()).toMatchObject({ received: 3, handlerErrors: 1 });
    expect(errors).toEqual(['handler']);
  });

  it('counts a batch nobody is subscribed to as dropped (no-subscriber)', async () => {
    const [n1, n2] = await startAll(['n1', 'n2']);
    await n2.transport.stop();
    n1.transport.send('n2', hb('n1', 'n2', 'lost'));
    n1.transport.send('n2', hb('n1', 'n2', 'lost too'));
    await waitFor('the drop is counted', () => n1.transport.stats().droppedOutbound === 2);
    expect(n1.transport.stats().droppedByReason).toEqual({ 'no-subscriber': 2 });
  });

  it('stop() closes both connections', async () => {
    const [n1] = await startAll(['n1', 'n2']);
    const named = async (): Promise<number> =>
      String(await admin.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=${n1.transport.channel} `)).length;
    expect(await named()).toBe(2);
    await n1.transport.stop();
    // Redis drops a connection right after answering its QUIT; give CLIENT LIST a moment to agree.
    for (let k = 0; k < 100 && (await named()) > 0; k++) await new Promise((r) => setTimeout(r, 10));
    expect(await named()).toBe(0);
  });

  it('fails start() with a message naming the address when Redis is unreachable, leaving nothing running', async () => {
    const t = new RedisPeerTransport('n1', ['n1', 'n2'], 'redis://127.0.0.1:1', { connectTimeoutMs: 500 });
    await expect(t.start()).rejects.toThrow('RedisPeerTransport n1: cannot reach Redis at 127.0.0.1:1');
    expect(() => t.send('n2', hb('n1', 'n2', 'x'))).not.toThrow();
    await expect(t.start()).rejects.toThrow('cannot be restarted');
    await t.stop();
  });
});
