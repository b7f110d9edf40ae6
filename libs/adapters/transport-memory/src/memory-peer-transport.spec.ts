import { NodeId, PeerPayload } from '@app/core';
import { MemoryNetwork } from './memory-network';
import { MemoryPeerTransport } from './memory-peer-transport';

const MEMBERS = ['n1', 'n2', 'n3'];

const hb = (from: NodeId, to: NodeId, context = ''): PeerPayload => ({
  channel: 'raft',
  message: { group: 'control', from, to, term: 1, type: 'heartbeat', commit: 0, context },
});

/** Lets batch flushes (setImmediate) and deliveries (microtasks) run. */
async function settle(ticks = 3): Promise<void> {
  for (let i = 0; i < ticks; i++) await new Promise<void>((r) => setImmediate(r));
}

async function cluster(members = MEMBERS) {
  const net = new MemoryNetwork();
  const inbox = new Map<NodeId, Array<{ from: NodeId; payload: PeerPayload }>>();
  const nodes = new Map<NodeId, MemoryPeerTransport>();
  for (const id of members) {
    const t = new MemoryPeerTransport(id, net, MEMBERS);
    inbox.set(id, []);
    t.onReceive((from, payload) => inbox.get(id)!.push({ from, payload }));
    await t.start();
    nodes.set(id, t);
  }
  const contexts = (id: NodeId): string[] =>
    inbox.get(id)!.map(({ payload }) => (payload.message.type === 'heartbeat' ? payload.message.context : payload.message.type));
  return { net, nodes, inbox, contexts, stopAll: () => Promise.all([...nodes.values()].map((n) => n.stop())) };
}

describe('MemoryPeerTransport', () => {
  it('delivers both ways, in order, asynchronously, with the sender id', async () => {
    const { nodes, inbox, contexts, stopAll } = await cluster();
    nodes.get('n1')!.send('n2', hb('n1', 'n2', 'a'));
    nodes.get('n1')!.send('n2', hb('n1', 'n2', 'b'));
    nodes.get('n2')!.send('n1', hb('n2', 'n1', 'c'));
    nodes.get('n3')!.send('n1', hb('n3', 'n1', 'd'));
    expect(inbox.get('n2')).toHaveLength(0);
    await settle();
    expect(contexts('n2')).toEqual(['a', 'b']);
    expect(inbox.get('n2')![0].from).toBe('n1');
    expect(contexts('n1').sort()).toEqual(['c', 'd']);
    expect(nodes.get('n1')!.stats()).toMatchObject({ sent: 2, framesSent: 1, received: 2, droppedOutbound: 0, rejectedInbound: 0 });
    await stopAll();
  });

  it('setPeers: accepts and reaches a peer only while it is in the set', async () => {
    const net = new MemoryNetwork();
    const n1 = new MemoryPeerTransport('n1', net, ['n1', 'n2']);
    const n4 = new MemoryPeerTransport('n4', net, ['n1', 'n4']);
    const got: string[] = [];
    n1.onReceive((from) => got.push(from));
    await Promise.all([n1.start(), n4.start()]);
    const peers = (ids: string[]) => ids.map((id) => ({ id, host: 'unused', peerPort: 1 }));
    n4.send('n1', hb('n4', 'n1'));
    await settle();
    expect([got, n1.stats().rejectedByReason]).toEqual([[], { 'unknown-sender': 1 }]);
    n1.setPeers(peers(['n1', 'n2', 'n4']));
    n4.send('n1', hb('n4', 'n1'));
    await settle();
    expect(got).toEqual(['n4']);
    n1.setPeers(peers(['n2']));
    n4.send('n1', hb('n4', 'n1'));
    n1.send('n4', hb('n1', 'n4'));
    await settle();
    expect([got, n1.stats().rejectedByReason, n1.stats().droppedByReason]).toEqual([['n4'], { 'unknown-sender': 2 }, { 'no-route': 1 }]);
    await Promise.all([n1.stop(), n4.stop()]);
  });

  it('batches all sends of a tick into one frame per peer', async () => {
    const { nodes, net, contexts, stopAll } = await cluster();
    for (let i = 0; i < 100; i++) {
      nodes.get('n1')!.send('n2', hb('n1', 'n2', `${i}`));
      nodes.get('n1')!.send('n3', hb('n1', 'n3', `${i}`));
    }
    await settle();
    expect(contexts('n2')).toHaveLength(100);
    expect(nodes.get('n1')!.stats().framesSent).toBe(2);
    expect(net.stats().delivered).toBe(2);
    await stopAll();
  });

  it('drops frames across a partition and delivers again after heal', async () => {
    const { nodes, net, contexts, stopAll } = await cluster();
    net.block('n1', 'n2');
    nodes.get('n1')!.send('n2', hb('n1', 'n2', 'lost'));
    nodes.get('n2')!.send('n1', hb('n2', 'n1', 'lost-too'));
    nodes.get('n1')!.send('n3', hb('n1', 'n3', 'ok'));
    await settle();
    expect(contexts('n2')).toEqual([]);
    expect(contexts('n1')).toEqual([]);
    expect(contexts('n3')).toEqual(['ok']);
    expect(nodes.get('n1')!.stats().droppedByReason).toEqual({ unreachable: 1 });
    net.heal();
    nodes.get('n1')!.send('n2', hb('n1', 'n2', 'after'));
    await settle();
    expect(contexts('n2')).toEqual(['after']);
    await stopAll();
  });

  it('supports one-way blocks and isolation', async () => {
    const { nodes, net, contexts, stopAll } = await cluster();
    net.blockOneWay('n1', 'n2');
    nodes.get('n1')!.send('n2', hb('n1', 'n2', 'x'));
    nodes.get('n2')!.send('n1', hb('n2', 'n1', 'y'));
    await settle();
    expect(contexts('n2')).toEqual([]);
    expect(contexts('n1')).toEqual(['y']);
    net.heal();
    net.isolate('n3');
    nodes.get('n3')!.send('n1', hb('n3', 'n1', 'z'));
    nodes.get('n2')!.send('n3', hb('n2', 'n3', 'w'));
    await settle();
    expect(contexts('n1')).toEqual(['y']);
    expect(contexts('n3')).toEqual([]);
    await stopAll();
  });

  it('holds messages for a peer that is not running yet, then delivers when it starts', async () => {
    const { nodes, net, contexts, inbox, stopAll } = await cluster(['n1', 'n2']);
    nodes.get('n1')!.send('n3', hb('n1', 'n3', 'early'));
    await settle();
    expect(nodes.get('n1')!.stats().queued).toBe(1);
    const n3 = new MemoryPeerTransport('n3', net, MEMBERS);
    inbox.set('n3', []);
    n3.onReceive((from, payload) => inbox.get('n3')!.push({ from, payload }));
    await n3.start();
    await settle();
    expect(contexts('n3')).toEqual(['early']);
    await n3.stop();
    await stopAll();
  });

  it('runs a drop filter (lossy links) until heal', async () => {
    const { nodes, net, contexts, stopAll } = await cluster();
    let n = 0;
    net.setDropFilter(() => n++ % 2 === 0);
    for (let i = 0; i < 4; i++) {
      nodes.get('n1')!.send('n2', hb('n1', 'n2', `${i}`));
      await settle();
    }
    expect(contexts('n2')).toEqual(['1', '3']);
    await stopAll();
  });

  it('rejects what does not survive JSON and keeps going', async () => {
    const { nodes, contexts, stopAll } = await cluster();
    const nan = { channel: 'raft', message: { ...hb('n1', 'n2').message, term: NaN } } as PeerPayload;
    nodes.get('n1')!.send('n2', nan);
    nodes.get('n1')!.send('n2', hb('n1', 'n2', 'fine'));
    await settle();
    expect(contexts('n2')).toEqual(['fine']);
    expect(nodes.get('n2')!.stats().rejectedByReason).toEqual({ 'malformed-payload': 1 });

    const big = { channel: 'raft', message: { ...hb('n1', 'n2').message, commit: BigInt(1) } } as unknown as PeerPayload;
    nodes.get('n1')!.send('n2', big);
    await settle();
    expect(nodes.get('n1')!.stats().droppedByReason).toEqual({ 'send-error': 1 });
    await stopAll();
  });

  it('refuses frames from a node that is not a member', async () => {
    const { nodes, net, contexts, stopAll } = await cluster();
    const mallory = new MemoryPeerTransport('mallory', net, [...MEMBERS, 'mallory']);
    await mallory.start();
    mallory.send('n1', hb('mallory', 'n1', 'evil'));
    await settle();
    expect(contexts('n1')).toEqual([]);
    expect(nodes.get('n1')!.stats().rejectedByReason).toEqual({ 'unknown-sender': 1 });
    await mallory.stop();
    await stopAll();
  });

  it('contains a throwing handler and counts it', async () => {
    const errors: unknown[] = [];
    const net2 = new MemoryNetwork();
    const a = new MemoryPeerTransport('n1', net2, MEMBERS);
    const b = new MemoryPeerTransport('n2', net2, MEMBERS, { onError: (e) => errors.push(e) });
    b.onReceive(() => {
      throw new Error('handler bug');
    });
    await a.start();
    await b.start();
    a.send('n2', hb('n1', 'n2'));
    a.send('n2', hb('n1', 'n2'));
    await settle();
    expect(b.stats()).toMatchObject({ received: 2, handlerErrors: 2 });
    expect(errors).toHaveLength(2);
    await a.stop();
    await b.stop();
  });

  it('drops sends after stop and to unknown peers, without throwing', async () => {
    const { nodes, stopAll } = await cluster();
    const n1 = nodes.get('n1')!;
    n1.send('nobody', hb('n1', 'nobody'));
    await stopAll();
    expect(() => n1.send('n2', hb('n1', 'n2'))).not.toThrow();
    expect(n1.stats().droppedByReason).toEqual({ 'no-route': 1, stopped: 1 });
  });
});
