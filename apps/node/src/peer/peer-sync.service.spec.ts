import { ConfState, MemberAddress, NodeId, PeerEndpoint, PeerTransport, TransportStats } from '@app/core';
import { ClusterMembership } from '../consensus/cluster-membership.service';
import { GroupRegistry } from '../consensus/group-registry.service';
import { MembershipRecord } from '../consensus/membership-register';
import { JsonLogger } from '../logging/json-logger';
import { PeerSync } from './peer-sync.service';

class CapturingTransport extends PeerTransport {
  readonly calls: string[][] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  send(): void {}
  onReceive(): void {}
  stats(): TransportStats {
    return { sent: 0, received: 0, droppedOutbound: 0, rejectedInbound: 0, rejectedByReason: {} };
  }
  override setPeers(peers: readonly PeerEndpoint[]): void {
    this.calls.push(peers.map((p) => `${p.id}@${p.peerPort}`).sort());
  }
}

/** A transport that keeps the port's default: its peers are fixed. */
class FixedTransport extends CapturingTransport {
  override setPeers(peers: readonly PeerEndpoint[]): void {
    PeerTransport.prototype.setPeers.call(this, peers);
  }
}

const member = (id: NodeId, peerPort: number): MemberAddress => ({ id, host: '127.0.0.1', httpPort: peerPort - 1000, peerPort, role: 'voter' });

function setup(transport: CapturingTransport = new CapturingTransport()) {
  let record: MembershipRecord | null = null;
  const listeners: ((r: MembershipRecord) => void)[] = [];
  const known = new Map<NodeId, MemberAddress>();
  const membership = {
    get record() {
      return record;
    },
    address: (id: NodeId) => record?.members.find((m) => m.id === id) ?? known.get(id),
    onChange: (l: (r: MembershipRecord) => void) => listeners.push(l),
  } as unknown as ClusterMembership;
  const confs: ConfState[] = [];
  let memberCheck: (id: NodeId) => boolean = () => false;
  const registry = {
    all: () => confs.map((conf) => ({ status: () => ({ conf }) })),
    setMemberCheck: (check: (id: NodeId) => boolean) => (memberCheck = check),
  } as unknown as GroupRegistry;
  const logs: string[] = [];
  const sync = new PeerSync(membership, registry, transport, new JsonLogger('node1', 'info', (line) => logs.push(line)));
  const apply = (members: MemberAddress[]): void => {
    for (const m of members) known.set(m.id, m);
    record = { version: 1, members, bootstrap: members, bootstrapVersion: 1, seen: [] };
    for (const l of listeners) l(record);
  };
  return { sync, transport, confs, apply, logs, accepts: (id: NodeId) => memberCheck(id) };
}

describe('PeerSync', () => {
  it('leaves the transport on CLUSTER_MEMBERS until a member list is applied, then follows every applied list', () => {
    const { sync, transport, apply, accepts } = setup();
    sync.sync();
    expect(transport.calls).toEqual([]);
    apply([member('node1', 9001), member('node2', 9002)]);
    apply([member('node1', 9001), member('node2', 9002), member('node4', 19004)]);
    expect(transport.calls).toEqual([
      ['node1@9001', 'node2@9002'],
      ['node1@9001', 'node2@9002', 'node4@19004'],
    ]);
    expect([accepts('node4'), accepts('node9')]).toEqual([true, false]);
    sync.sync();
    expect(transport.calls).toHaveLength(2);
  });

  it('keeps a removed member while a group hosted here still lists it, and drops it once none does', () => {
    const { sync, transport, confs, apply, accepts } = setup();
    apply([member('node1', 9001), member('node2', 9002), member('node3', 9003)]);
    confs.push({ voters: ['node1', 'node2', 'node3'], learners: [] });
    apply([member('node1', 9001), member('node2', 9002)]);
    expect(transport.calls.at(-1)).toEqual(['node1@9001', 'node2@9002', 'node3@9003']);
    expect(accepts('node3')).toBe(true);
    confs[0] = { voters: ['node1', 'node2'], learners: [] };
    sync.sync();
    expect(transport.calls.at(-1)).toEqual(['node1@9001', 'node2@9002']);
    expect(accepts('node3')).toBe(false);
  });

  it('a transport with fixed peers is logged once per change and never throws into the apply', () => {
    const { sync, apply, logs } = setup(new FixedTransport());
    expect(() => apply([member('node1', 9001), member('node4', 19004)])).not.toThrow();
    sync.sync();
    expect(logs.filter((l) => l.includes('the transport refused the new peers'))).toHaveLength(1);
  });
});
