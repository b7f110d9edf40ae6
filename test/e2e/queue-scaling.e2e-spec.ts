import { waitForLeader } from '@app/client';
import { MemberAddress } from '@app/core';
import request from 'supertest';
import { formatClusterMembers } from '../../apps/node/src/config/cluster-members';
import { PartitionPlacement } from '../../apps/node/src/queue/partition-placement';
import { InProcessCluster } from '../support/in-process-cluster';
import { Delivered, eventually, queueClient, retrying } from './queue-helpers';

// Ports 18486-18495 (HTTP) for this file; peers use the in-memory network.
const BASE_PORT = 18485 + Math.floor(Math.random() * 2) * 5;
const PARTITIONS = 8;
const QUEUES = ['orders', 'emails', 'payments', 'audit', 'jobs', 'events'];

interface GroupStatus {
  group: string;
  role: string;
  leader: string | null;
  commit: number;
  applied: number;
  conf: { voters: string[]; learners: string[] };
}

/**
 * node1..node4 bootstrap the cluster; node5 is only an address until POST /admin/members adds it.
 * Its own CLUSTER_MEMBERS lists all five (it must name itself): the replicated list decides.
 */
class ScalingCluster extends InProcessCluster {
  override env(id: string): Record<string, string> {
    const env = super.env(id);
    const listed = id === 'node5' ? this.members : this.members.filter((m) => m.id !== 'node5');
    return { ...env, CLUSTER_MEMBERS: formatClusterMembers(listed) };
  }
}

describe('queue scaling: add and remove a node at runtime (in-process, memory transport)', () => {
  const cluster = new ScalingCluster({ voters: 3, learners: 2, basePort: BASE_PORT, tickMs: 10, env: { QUEUE_PARTITIONS: String(PARTITIONS) } });
  const q = queueClient(cluster);
  const produced = new Map<string, string[]>(QUEUES.map((name) => [name, []]));
  const consumed = new Map<string, string[]>(QUEUES.map((name) => [name, []]));
  const running = (): string[] => [...cluster.nodes.keys()];
  const member = (id: string): MemberAddress => cluster.members.find((m) => m.id === id)!;

  beforeAll(async () => {
    for (const id of ['node1', 'node2', 'node3', 'node4']) await cluster.start(id);
    await waitForLeader(cluster.clients(), 10_000, 50);
    // The control leader records the bootstrap member list; partitions are hosted once it applied.
    await eventually(async () => expect((await request(q.server('node1')).get('/admin/members').expect(200)).body.version).toBeGreaterThan(0), 10_000);
    await converged(['node1', 'node2', 'node3', 'node4']);
  }, 40_000);

  afterAll(async () => {
    await cluster.stopAll();
  });

  const statuses = async (): Promise<Map<string, GroupStatus[]>> => {
    const all = new Map<string, GroupStatus[]>();
    for (const id of running()) all.set(id, (await request(q.server(id)).get('/raft/status').expect(200)).body.groups as GroupStatus[]);
    return all;
  };

  /** Every partition group's leader has exactly the placement's replicas as voters, and each replica applied its commit. */
  async function converged(members: string[]): Promise<PartitionPlacement> {
    const placement = new PartitionPlacement(members, PARTITIONS, 3);
    await eventually(async () => {
      const all = await statuses();
      for (const p of placement.partitions) {
        const leader = [...all.values()].flat().find((g) => g.group === p.group && g.role === 'leader');
        expect({ group: p.group, leader: leader !== undefined }).toEqual({ group: p.group, leader: true });
        expect({ group: p.group, voters: [...leader!.conf.voters].sort(), learners: leader!.conf.learners }).toEqual({ group: p.group, voters: [...p.replicas].sort(), learners: [] });
        for (const r of p.replicas) {
          const g = all.get(r)?.find((x) => x.group === p.group);
          expect({ group: p.group, replica: r, caughtUp: g !== undefined && g.applied >= leader!.commit }).toEqual({ group: p.group, replica: r, caughtUp: true });
        }
      }
      // Nodes not in a partition's placement no longer host it.
      for (const [id, groups] of all) {
        const extra = groups.filter((g) => g.group.startsWith('q/') && !placement.partitions[Number(g.group.slice(2))].replicas.includes(id));
        expect({ node: id, extra: extra.map((g) => g.group) }).toEqual({ node: id, extra: [] });
      }
    }, 30_000);
    return placement;
  }

  async function produceRound(round: string, perQueue: number): Promise<void> {
    for (let i = 0; i < perQueue; i++) {
      for (const name of QUEUES) {
        const via = running()[i % running().length];
        const res = await retrying(() => q.produce(via, name, { round, i }, `${name}-${round}-${i}`));
        expect(res.status).toBe(201);
        produced.get(name)!.push(res.body.message_id as string);
      }
    }
  }

  /** Consumes (and acks) `count` messages of each queue through varying nodes. */
  async function consumeSome(count: number | 'all'): Promise<void> {
    for (const name of QUEUES) {
      const want = count === 'all' ? produced.get(name)!.length - consumed.get(name)!.length : count;
      for (let i = 0; i < want; i++) {
        const via = running()[i % running().length];
        const res = await retrying(() => q.consume(via, name));
        expect({ name, i, status: res.status }).toEqual({ name, i, status: 200 });
        const d = res.body as Delivered;
        consumed.get(name)!.push(d.message_id);
        const acked = await retrying(() => q.ack(running()[(i + 1) % running().length], name, d.ack_token));
        if (acked.status !== 200) throw new Error(`ack of ${name} #${i} via ${running()[(i + 1) % running().length]}: ${acked.status} ${JSON.stringify(acked.body)}`);
      }
    }
  }

  it('adding node5 moves the partitions the ring gives it (learner → promoted → old replica removed) and loses nothing', async () => {
    await produceRound('a', 6);
    const before = new PartitionPlacement(['node1', 'node2', 'node3', 'node4'], PARTITIONS, 3);
    await cluster.start('node5');
    const m = member('node5');
    const res = await retrying(() => request(q.server('node2')).post('/admin/members').send({ id: 'node5', host: m.host, http_port: m.httpPort, peer_port: m.peerPort }));
    expect(res.status).toBe(201);
    const moves = res.body.moves as { group: string; add: string[]; remove: string[] }[];
    expect(moves.length).toBeGreaterThan(0);
    for (const mv of moves) expect(mv.add).toEqual(['node5']);
    expect((res.body.members as { id: string }[]).map((x) => x.id)).toEqual(['node1', 'node2', 'node3', 'node4', 'node5']);

    const after = await converged(['node1', 'node2', 'node3', 'node4', 'node5']);
    const moved = after.partitions.filter((p) => p.replicas.join() !== before.partitions[p.index].replicas.join());
    expect(moved.map((p) => p.group).sort()).toEqual(moves.map((mv) => mv.group).sort());
    // Every node follows the replicated list, including node5 whose own CLUSTER_MEMBERS differs.
    for (const id of running()) expect((await request(q.server(id)).get('/admin/members').expect(200)).body.members).toHaveLength(5);
    // Adding an existing member is refused.
    expect((await request(q.server('node1')).post('/admin/members').send({ id: 'node5', host: m.host, http_port: m.httpPort, peer_port: m.peerPort })).status).toBe(409);

    await consumeSome(3);
    for (const name of QUEUES) expect(consumed.get(name)).toEqual(produced.get(name)!.slice(0, 3));
  }, 60_000);

  it('removing node3 moves its partitions away; with node3 stopped every message is still consumed, in order, once', async () => {
    await produceRound('b', 4);
    const res = await retrying(() => request(q.server('node4')).delete('/admin/members/node3'));
    expect(res.status).toBe(200);
    const moves = res.body.moves as { remove: string[] }[];
    expect(moves.length).toBeGreaterThan(0);
    for (const mv of moves) expect(mv.remove).toEqual(['node3']);
    await converged(['node1', 'node2', 'node4', 'node5']);
    await cluster.stop('node3');

    await consumeSome('all');
    for (const name of QUEUES) expect(consumed.get(name)).toEqual(produced.get(name));
    for (const name of QUEUES) expect((await retrying(() => q.consume('node5', name))).status).toBe(204);
    expect((await request(q.server('node1')).delete('/admin/members/node3')).status).toBe(404);
  }, 60_000);

  it('documents the admin endpoints in Swagger and refuses malformed calls without changing the list', async () => {
    const doc = (await request(q.server('node1')).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/admin/members']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/admin/members/{id}'])).toEqual(['delete']);
    const before = (await request(q.server('node1')).get('/admin/members').expect(200)).body.version as number;
    expect((await request(q.server('node1')).post('/admin/members').send({ id: 'node9', host: '127.0.0.1', http_port: 0, peer_port: 9009 })).status).toBe(400);
    expect((await request(q.server('node1')).post('/admin/members').send({ id: 'bad id', host: '127.0.0.1', http_port: 8009, peer_port: 9009 })).status).toBe(400);
    expect((await request(q.server('node1')).post('/admin/members').send({ id: 'node9', host: '127.0.0.1', http_port: 8009, peer_port: 9009, extra: 1 })).status).toBe(400);
    expect((await request(q.server('node1')).get('/admin/members').expect(200)).body.version).toBe(before);
  });
});
