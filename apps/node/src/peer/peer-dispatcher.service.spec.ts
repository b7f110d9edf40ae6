import { MemoryLogStore } from '@app/adapters/store-memory';
import { PeerHandler, PeerTransport, RaftMessage, TransportStats } from '@app/core';
import { RaftNodeApi } from '@app/raft';
import { loadNodeConfig } from '../config/node-config';
import { ControlGroup } from '../consensus/control-group.service';
import { GroupRegistry } from '../consensus/group-registry.service';
import { FakeRaftNode } from '../consensus/testing/fake-raft-node';
import { PeerDispatcher } from './peer-dispatcher.service';

class CapturingTransport extends PeerTransport {
  handler: PeerHandler | null = null;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  send(): void {}
  onReceive(h: PeerHandler): void {
    this.handler = h;
  }
  stats(): TransportStats {
    return { sent: 0, received: 0, droppedOutbound: 0, rejectedInbound: 0, rejectedByReason: {} };
  }
}

describe('PeerDispatcher', () => {
  async function setup() {
    const config = loadNodeConfig({ NODE_ID: 'node1', CLUSTER_MEMBERS: 'node1=h:1:2,node2=h:3:4,node3=h:5:6', STORE: 'memory', TRANSPORT: 'memory' });
    const store = new MemoryLogStore();
    await store.open();
    const fake = new FakeRaftNode();
    const stepped: RaftMessage[] = [];
    fake.step = (m) => void stepped.push(m);
    const registry = new GroupRegistry(config, store, { create: (): RaftNodeApi => fake });
    await new ControlGroup(config, registry).boot();
    const transport = new CapturingTransport();
    const dispatcher = new PeerDispatcher(config, registry, transport);
    dispatcher.attach();
    return { transport, dispatcher, stepped };
  }

  const msg = (over: Partial<RaftMessage> = {}): RaftMessage =>
    ({ group: 'control', from: 'node2', to: 'node1', term: 1, type: 'heartbeat', commit: 0, context: '', ...over }) as RaftMessage;

  it('steps messages for a hosted group into it', async () => {
    const { transport, dispatcher, stepped } = await setup();
    transport.handler!('node2', { channel: 'raft', message: msg() });
    expect(stepped).toHaveLength(1);
    expect(dispatcher.stats()).toMatchObject({ delivered: 1, dropped: 0 });
  });

  it.each([
    ['unknown-group', 'node2', { group: 'q/7' }],
    ['sender-mismatch', 'node2', { from: 'node3' }],
    ['wrong-recipient', 'node2', { to: 'node3' }],
    ['unknown-sender', 'node9', { from: 'node9' }],
  ])('drops and counts %s', async (reason, sender, over) => {
    const { transport, dispatcher, stepped } = await setup();
    transport.handler!(sender, { channel: 'raft', message: msg(over as Partial<RaftMessage>) });
    expect(stepped).toHaveLength(0);
    expect(dispatcher.stats()).toEqual({ delivered: 0, dropped: 1, droppedByReason: { [reason]: 1 } });
  });
});
