import { PeerEndpoint } from '@app/core';
import { contextOf, hb, makeNode, randomPorts, TestNode, waitFor } from './tcp-test-helpers';

/**
 * Peers learned at runtime (setPeers), as a node does when the replicated member list changes:
 * n1 and n2 were configured with each other only; n3 starts at an address they were never told.
 */
describe('TcpPeerTransport: peers added and removed at runtime', () => {
  let nodes: TestNode[] = [];

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.transport.stop()));
    nodes = [];
  });

  const at = (id: string, port: number): PeerEndpoint => ({ id, host: '127.0.0.1', peerPort: port });
  const inboxOf = (n: TestNode): string[] => n.inbox.map((m) => `${m.from}:${contextOf(m.payload)}`);

  async function threeNodes(): Promise<{ n1: TestNode; n2: TestNode; n3: TestNode; ports: number[] }> {
    const ports = randomPorts(4);
    const n1 = makeNode('n1', ['n1', 'n2'], ports.slice(0, 2));
    const n2 = makeNode('n2', ['n1', 'n2'], ports.slice(0, 2));
    // The new node is started knowing everyone (its CLUSTER_MEMBERS names the others and itself).
    const n3 = makeNode('n3', ['n1', 'n2', 'n3'], ports.slice(0, 3));
    nodes = [n1, n2, n3];
    await Promise.all(nodes.map((n) => n.transport.start()));
    return { n1, n2, n3, ports };
  }

  it('refuses a sender it was not told about, accepts it once added, and reaches it at its address', async () => {
    const { n1, n2, n3, ports } = await threeNodes();
    n3.transport.send('n1', hb('n3', 'n1', 'too early'));
    await waitFor('n1 refuses n3', () => (n1.transport.stats().rejectedByReason['unknown-sender'] ?? 0) >= 1);
    n1.transport.send('n3', hb('n1', 'n3', 'no route yet'));
    expect(n1.transport.stats().droppedByReason).toEqual({ 'no-route': 1 });

    n1.transport.setPeers([at('n1', ports[0]), at('n2', ports[1]), at('n3', ports[2])]);
    await waitFor('n1 connects to n3', () => n1.transport.stats().connectedPeers.includes('n3'));
    n3.transport.send('n1', hb('n3', 'n1', 'welcome'));
    n1.transport.send('n3', hb('n1', 'n3', 'hello'));
    n1.transport.send('n2', hb('n1', 'n2', 'still there'));
    await waitFor('both directions', () => n1.inbox.length === 1 && n3.inbox.length === 1 && n2.inbox.length === 1);
    expect([inboxOf(n1), inboxOf(n3), inboxOf(n2)]).toEqual([['n3:welcome'], ['n1:hello'], ['n1:still there']]);
    expect(n1.transport.stats().rejectedByReason).toEqual({ 'unknown-sender': 1 });
  });

  it('removing a peer closes its link, drops its queue and refuses its frames again', async () => {
    const { n1, n3, ports } = await threeNodes();
    n1.transport.setPeers([at('n2', ports[1]), at('n3', ports[2])]);
    await waitFor('n1 connects to n3', () => n1.transport.stats().connectedPeers.includes('n3'));

    n1.transport.setPeers([at('n2', ports[1])]);
    expect(n1.transport.stats().connectedPeers).toEqual(['n2']);
    n1.transport.send('n3', hb('n1', 'n3', 'after removal'));
    expect(n1.transport.stats().droppedByReason).toEqual({ 'no-route': 1 });
    n3.transport.send('n1', hb('n3', 'n1', 'after removal'));
    await waitFor('n1 refuses n3 again', () => (n1.transport.stats().rejectedByReason['unknown-sender'] ?? 0) >= 1);
    expect(n1.inbox).toEqual([]);
    expect(n3.inbox).toEqual([]);
  });

  it('a peer that moved to another address is reconnected there', async () => {
    const { n1, n3, ports } = await threeNodes();
    n1.transport.setPeers([at('n2', ports[1]), at('n3', ports[2])]);
    await waitFor('n1 connects to n3', () => n1.transport.stats().connectedPeers.includes('n3'));
    await n3.transport.stop();
    const moved = makeNode('n3', ['n1', 'n2', 'n3'], [ports[0], ports[1], ports[3]]);
    nodes = [...nodes.filter((n) => n !== n3), moved];
    await moved.transport.start();

    n1.transport.setPeers([at('n2', ports[1]), at('n3', ports[3])]);
    n1.transport.send('n3', hb('n1', 'n3', 'found you'));
    await waitFor('n3 at its new port receives', () => moved.inbox.length === 1);
    expect(inboxOf(moved)).toEqual(['n1:found you']);
  });
});
