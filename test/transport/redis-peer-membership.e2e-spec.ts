import Redis from 'ioredis';
import { PeerEndpoint } from '@app/core';
import { contextOf, hb, waitFor } from './tcp-test-helpers';
import { connectAdmin, makeRedisNode, RedisTestNode, uniquePrefix } from './redis-test-helpers';

/** Peers learned at runtime (setPeers) over Redis pub/sub: channels are per id, so only the member set changes. */
describe('RedisPeerTransport: peers added and removed at runtime (against the machine Redis)', () => {
  let admin: Redis;
  let nodes: RedisTestNode[] = [];

  beforeAll(async () => {
    // Fails (never skips) when Redis is down.
    admin = await connectAdmin();
  });

  afterAll(() => {
    admin?.disconnect();
  });

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.transport.stop()));
    nodes = [];
  });

  // Redis routes by id; the address is carried for the port's sake only.
  const peer = (id: string): PeerEndpoint => ({ id, host: 'unused', peerPort: 1 });
  const inboxOf = (n: RedisTestNode): string[] => n.inbox.map((m) => `${m.from}:${contextOf(m.payload)}`);

  it('refuses a sender it was not told about, accepts it once added, refuses it again once removed', async () => {
    const prefix = uniquePrefix('membership');
    const n1 = makeRedisNode('n1', ['n1', 'n2'], prefix);
    const n3 = makeRedisNode('n3', ['n1', 'n2', 'n3'], prefix);
    nodes = [n1, n3];
    await Promise.all(nodes.map((n) => n.transport.start()));

    n3.transport.send('n1', hb('n3', 'n1', 'too early'));
    await waitFor('n1 refuses n3', () => (n1.transport.stats().rejectedByReason['unknown-sender'] ?? 0) === 1);
    n1.transport.send('n3', hb('n1', 'n3', 'no route yet'));
    expect(n1.transport.stats().droppedByReason).toEqual({ 'no-route': 1 });

    n1.transport.setPeers([peer('n2'), peer('n3')]);
    n3.transport.send('n1', hb('n3', 'n1', 'welcome'));
    n1.transport.send('n3', hb('n1', 'n3', 'hello'));
    await waitFor('both directions', () => n1.inbox.length === 1 && n3.inbox.length === 1);
    expect([inboxOf(n1), inboxOf(n3)]).toEqual([['n3:welcome'], ['n1:hello']]);

    n1.transport.setPeers([peer('n2')]);
    n3.transport.send('n1', hb('n3', 'n1', 'after removal'));
    await waitFor('n1 refuses n3 again', () => (n1.transport.stats().rejectedByReason['unknown-sender'] ?? 0) === 2);
    n1.transport.send('n3', hb('n1', 'n3', 'after removal'));
    expect(n1.transport.stats().droppedByReason).toEqual({ 'no-route': 2 });
    expect([inboxOf(n1), inboxOf(n3)]).toEqual([['n3:welcome'], ['n1:hello']]);
  });
});
