import request from 'supertest';
import { PartitionPlacement } from '../../apps/node/src/queue/partition-placement';
import { eventually, sleep } from '../support/eventually';
import { InProcessCluster } from '../support/in-process-cluster';

export { eventually, sleep };

/** Small helpers shared by the queue e2e suites. */

export interface Delivered {
  message_id: string;
  queue: string;
  partition: number;
  offset: number;
  data: unknown;
  ack_token: string;
  delivery_count: number;
}

export function queueClient(cluster: InProcessCluster) {
  const server = (id: string) => cluster.node(id).app.getHttpServer();
  return {
    server,
    produce: (via: string, queue: string, body: unknown, key?: string) => {
      const t = request(server(via)).post(`/queue/${queue}`).set('Content-Type', 'application/json');
      return (key === undefined ? t : t.set('Idempotency-Key', key)).send(JSON.stringify(body));
    },
    consume: (via: string, queue: string, query: Record<string, string | number> = {}) => request(server(via)).get(`/queue/${queue}`).query(query),
    ack: (via: string, queue: string, token: string) => request(server(via)).post(`/queue/${queue}/ack`).send({ ack_token: token }),
    nack: (via: string, queue: string, token: string) => request(server(via)).post(`/queue/${queue}/nack`).send({ ack_token: token }),
    stats: (via: string, queue: string) => request(server(via)).get(`/queue/${queue}/stats`),
    list: (via: string) => request(server(via)).get('/queues'),
  };
}

/** The placement every node computes (same members, partitions and replication as the cluster's env). */
export function placementOf(cluster: InProcessCluster, partitions: number, replication = 3): PartitionPlacement {
  return new PartitionPlacement(
    cluster.members.map((m) => m.id),
    partitions,
    replication,
  );
}

/** A queue name whose partition is not replicated on `node` (so requests through it must be forwarded twice). */
export function queueNotOn(placement: PartitionPlacement, node: string, prefix: string): string {
  for (let i = 0; i < 10_000; i++) {
    const name = `${prefix}-${i}`;
    if (!placement.of(name).replicas.includes(node)) return name;
  }
  throw new Error(`every queue is on ${node}`);
}

/** Retries a request while it answers 503/504 (no leader yet, leadership moving). */
export async function retrying(send: () => request.Test, timeoutMs = 10_000): Promise<request.Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await send();
    if ((res.status !== 503 && res.status !== 504) || Date.now() > deadline) return res;
    await sleep(50);
  }
}

/** Waits until every queue partition has a leader (after the cluster's own leader is known). */
export async function waitForPartitionLeaders(q: ReturnType<typeof queueClient>, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => expect((await q.list('node1').expect(200)).body.partitions.every((p: { leader: string | null }) => p.leader !== null)).toBe(true), timeoutMs);
}
