import request from 'supertest';
import { InProcessCluster } from '../support/in-process-cluster';
import { eventually, placementOf, queueClient, retrying, waitForPartitionLeaders } from './queue-helpers';

// Ports 18990-18997 (HTTP) for this file (18900-18989 belong to the launcher's gateways); peers use the
// in-memory network, which refuses frames over 4 MiB like the TCP transport (same batcher, same limit).
const BASE_PORT = 18990 + Math.floor(Math.random() * 2) * 4;
const NODES = ['node1', 'node2', 'node3'];
const MESSAGES = 40;
const BODY_BYTES = 200_000;

interface GroupStatus {
  group: string;
  applied: number;
  firstIndex: number;
}

/**
 * The reproduction of the "replica stuck at index 41 of 81" report: 40 messages of 200 KB produced
 * to a partition while one replica is down. The replica must catch up after its restart, whether
 * through appends (no snapshot) or through a snapshot of ~8 MB (over the 4 MiB frame limit).
 */
describe.each([
  ['appends', '100000'],
  ['a chunked snapshot', '10'],
])('queue: a replica that missed 40 x 200 KB messages catches up through %s (3 nodes)', (_how, snapshotEvery) => {
  const cluster = new InProcessCluster({ voters: 3, basePort: BASE_PORT, tickMs: 10, env: { QUEUE_PARTITIONS: '1', SNAPSHOT_EVERY: snapshotEvery } });
  const q = queueClient(cluster);
  const placement = placementOf(cluster, 1);

  beforeAll(async () => {
    await cluster.startWithLeader();
    await waitForPartitionLeaders(q);
  }, 30_000);

  afterAll(async () => {
    await cluster.stopAll();
  });

  const groupOn = async (node: string): Promise<GroupStatus> => {
    const res = await request(q.server(node)).get('/raft/status').expect(200);
    return (res.body.groups as GroupStatus[]).find((g) => g.group === placement.of('big').group)!;
  };

  it('the restarted replica applies up to the leader', async () => {
    const name = 'big';
    const leader = (await retrying(() => q.stats('node1', name))).body.partitions[0].leader as string;
    const lagging = NODES.find((n) => n !== leader)!;
    await cluster.stop(lagging);
    try {
      for (let i = 0; i < MESSAGES; i++) {
        const res = await retrying(() => q.produce(leader, name, { i, pad: 'p'.repeat(BODY_BYTES) }));
        expect(res.status).toBe(201);
      }
    } finally {
      await cluster.start(lagging);
    }
    const target = (await groupOn(leader)).applied;
    await eventually(async () => expect((await groupOn(lagging)).applied).toBeGreaterThanOrEqual(target), 30_000);
    const res = await request(q.server(lagging)).get('/queues?scope=local').expect(200);
    const view = (res.body.local_view as { partition: number; queues: { name: string; depth: number }[] }[]).find((v) => v.partition === placement.of(name).index);
    expect(view?.queues.find((x) => x.name === name)?.depth).toBe(MESSAGES);
    if (snapshotEvery !== '100000') expect((await groupOn(lagging)).firstIndex).toBeGreaterThan(1);
  }, 90_000);
});
