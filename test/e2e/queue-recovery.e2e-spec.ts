import request from 'supertest';
import { InProcessCluster } from '../support/in-process-cluster';
import { Delivered, eventually, placementOf, queueClient, retrying, waitForPartitionLeaders } from './queue-helpers';

// Ports 18050-18099 (HTTP) for this file; peers use the in-memory network.
const BASE_PORT = 18050 + Math.floor(Math.random() * 9) * 5;
const NODES = ['node1', 'node2', 'node3'];
const PARTITIONS = 4;

interface LocalView {
  partition: number;
  queues: { name: string; depth: number; in_flight: number; produced: number }[];
}

describe('queue recovery: snapshots, restarts, shutdown during a long poll (3 nodes)', () => {
  // Snapshots every 5 entries: a replica that was down catches up from a partition snapshot.
  const cluster = new InProcessCluster({ voters: 3, basePort: BASE_PORT, tickMs: 10, env: { QUEUE_PARTITIONS: String(PARTITIONS), SNAPSHOT_EVERY: '5' } });
  const q = queueClient(cluster);
  const placement = placementOf(cluster, PARTITIONS);

  beforeAll(async () => {
    await cluster.startWithLeader();
    await waitForPartitionLeaders(q);
  }, 30_000);

  afterAll(async () => {
    await cluster.stopAll();
  });

  const leaderOf = async (queue: string): Promise<string> => (await retrying(() => q.stats('node1', queue))).body.partitions[0].leader as string;
  const localView = async (node: string, queue: string) => {
    const res = await request(q.server(node)).get('/queues?scope=local').expect(200);
    const part = placement.of(queue).index;
    return (res.body.local_view as LocalView[]).find((v) => v.partition === part)?.queues.find((x) => x.name === queue);
  };

  it('a replica restarted behind a compacted log catches up by snapshot and can lead the partition without loss', async () => {
    const name = 'snap';
    const leader = await leaderOf(name);
    const lagging = NODES.find((n) => n !== leader)!;
    await cluster.stop(lagging);
    const produced: string[] = [];
    const up = NODES.filter((n) => n !== lagging);
    try {
      for (let i = 0; i < 30; i++) produced.push((await retrying(() => q.produce(up[i % 2], name, { i }))).body.message_id as string);
      for (let i = 0; i < 10; i++) {
        const d = (await retrying(() => q.consume(up[i % 2], name))).body as Delivered;
        expect(d.message_id).toBe(produced[i]);
        expect((await retrying(() => q.ack(up[(i + 1) % 2], name, d.ack_token))).status).toBe(200);
      }
    } finally {
      await cluster.start(lagging);
    }
    await eventually(async () => expect(await localView(lagging, name)).toMatchObject({ depth: 20, in_flight: 0, produced: 30 }), 15_000);
    // The caught-up replica's log starts after a snapshot.
    const status = await request(q.server(lagging)).get('/raft/status').expect(200);
    const group = (status.body.groups as { group: string; firstIndex: number }[]).find((g) => g.group === placement.of(name).group)!;
    expect(group.firstIndex).toBeGreaterThan(1);
    // Now the old leader goes: the two others (one of them restored from a snapshot) keep everything.
    await cluster.stop(leader);
    try {
      const rest: Delivered[] = [];
      const survivors = NODES.filter((n) => n !== leader);
      for (;;) {
        const res = await retrying(() => q.consume(survivors[rest.length % 2], name, { max: 6 }));
        if (res.status === 204) break;
        expect(res.status).toBe(200);
        rest.push(...(res.body.messages as Delivered[]));
      }
      expect(rest.map((m) => m.message_id)).toEqual(produced.slice(10));
      for (const m of rest) expect((await retrying(() => q.ack(survivors[0], name, m.ack_token))).status).toBe(200);
    } finally {
      await cluster.start(leader);
    }
  }, 60_000);

  it('a node shutting down answers its long polls at once instead of holding the server open', async () => {
    const name = 'shutdown-poll';
    const leader = await leaderOf(name);
    const poll = q.consume(leader, name, { wait_ms: 20_000 }).then(
      (r) => r.status,
      () => 'closed',
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await cluster.stop(leader);
    const stoppedIn = Date.now() - started;
    expect(stoppedIn).toBeLessThan(5000);
    expect([503, 'closed']).toContain(await poll);
    await cluster.start(leader);
    // The partition serves again (a leader among the replicas).
    expect((await retrying(() => q.produce('node1', name, { after: true }))).status).toBe(201);
  }, 30_000);
});
