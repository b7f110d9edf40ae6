import request from 'supertest';
import { InProcessCluster } from '../support/in-process-cluster';
import { Delivered, eventually, placementOf, queueClient, queueNotOn, retrying, sleep } from './queue-helpers';

// @fastify/static 10 requires content-disposition 3 (ESM only); Swagger UI never sends downloads.
jest.mock('content-disposition', () => ({ create: (name: string) => `attachment; filename="${name}"` }));

// Ports 18000-18049 (HTTP) for this file (18300+ and 18400+ are taken by node-restart); peers use the in-memory network.
const BASE_PORT = 18000 + Math.floor(Math.random() * 9) * 5;
const NODES = ['node1', 'node2', 'node3', 'node4'];
const PARTITIONS = 8;
const SEED_ORDER = { order_id: 123, product: 'laptop' };

describe('distributed queue: 4 nodes, 8 partition groups of 3 replicas', () => {
  const cluster = new InProcessCluster({ voters: 3, learners: 1, basePort: BASE_PORT, tickMs: 10, env: { QUEUE_PARTITIONS: String(PARTITIONS), QUEUE_MAX_DELIVERIES: '3' } });
  const q = queueClient(cluster);
  const placement = placementOf(cluster, PARTITIONS);

  beforeAll(async () => {
    await cluster.startWithLeader();
    // Every partition group has elected a leader that the listing can see.
    await eventually(async () => {
      const res = await q.list('node1').expect(200);
      expect(res.body.unavailable).toEqual([]);
      for (const p of res.body.partitions as { leader: string | null }[]) expect(p.leader).not.toBeNull();
    }, 15_000);
  }, 30_000);

  afterAll(async () => {
    await cluster.stopAll();
  });

  it('places 8 partitions on the ring with 3 replicas each, the same on every node', async () => {
    const views = await Promise.all(NODES.map(async (id) => (await q.list(id).expect(200)).body as { partitions: { partition: number; group: string; replicas: string[] }[]; partition_count: number; replication: number }));
    for (const v of views) {
      expect(v).toMatchObject({ partition_count: PARTITIONS, replication: 3 });
      expect(v.partitions.map((p) => ({ partition: p.partition, group: p.group, replicas: p.replicas }))).toEqual(
        placement.partitions.map((p) => ({ partition: p.index, group: p.group, replicas: [...p.replicas] })),
      );
    }
    // Each node hosts exactly the partition groups it is a replica of.
    for (const id of NODES) {
      const status = await request(q.server(id)).get('/raft/status').expect(200);
      const groups = (status.body.groups as { group: string }[]).map((g) => g.group).filter((g) => g.startsWith('q/'));
      expect(groups.sort()).toEqual(placement.hostedBy(id).map((p) => p.group).sort());
    }
  });

  it("the seed's curl commands work on every node: produce 201, consume 200 with the JSON, then 204", async () => {
    const produced: string[] = [];
    for (const id of NODES) {
      const res = await request(q.server(id)).post('/queue/orders').set('Content-Type', 'application/json').send('{"order_id": 123, "product": "laptop"}').expect(201);
      expect(res.body).toMatchObject({ message_id: expect.any(String), queue: 'orders', partition: placement.of('orders').index, duplicate: false, node: id });
      produced.push(res.body.message_id as string);
    }
    const consumed: string[] = [];
    for (const id of NODES) {
      const res = await request(q.server(id)).get('/queue/orders').expect(200);
      expect(res.body).toMatchObject({ message_id: expect.any(String), data: SEED_ORDER, ack_token: expect.any(String), delivery_count: 1, queue: 'orders' });
      consumed.push(res.body.message_id as string);
      await q.ack(id, 'orders', res.body.ack_token as string).expect(200);
    }
    // FIFO within the partition: consumed in the order produced.
    expect(consumed).toEqual(produced);
    for (const id of NODES) await request(q.server(id)).get('/queue/orders').expect(204);
  });

  it('forwards through a node that is not a replica of the partition (to a replica, then to the leader)', async () => {
    const outsider = 'node4';
    const name = queueNotOn(placement, outsider, 'far');
    const p = await q.produce(outsider, name, { far: true }).expect(201);
    expect(p.body).toMatchObject({ queue: name, node: outsider, leader: expect.any(String) });
    expect(placement.of(name).replicas).toContain(p.body.leader);
    const c = await q.consume(outsider, name).expect(200);
    expect(c.body).toMatchObject({ message_id: p.body.message_id, data: { far: true } });
    await q.ack(outsider, name, c.body.ack_token as string).expect(200);
    const s = await q.stats(outsider, name).expect(200);
    expect(s.body).toMatchObject({ queue: name, depth: 0, in_flight: 0, produced: 1 });
  });

  it('keeps FIFO order within a partition across producers on different nodes; max > 1 answers a batch', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await q.produce(NODES[i % 4], 'fifo', { i }).expect(201)).body.message_id as string);
    const first = await q.consume('node2', 'fifo').expect(200);
    expect(first.body).toMatchObject({ message_id: ids[0], data: { i: 0 }, offset: 0 });
    const batch = await q.consume('node3', 'fifo', { max: 5 }).expect(200);
    expect(batch.body).toMatchObject({ queue: 'fifo', count: 5 });
    const rest = await q.consume('node4', 'fifo', { max: 100 }).expect(200);
    expect(rest.body.count).toBe(6);
    const order = [first.body as Delivered, ...(batch.body.messages as Delivered[]), ...(rest.body.messages as Delivered[])];
    expect(order.map((m) => m.message_id)).toEqual(ids);
    expect(order.map((m) => (m.data as { i: number }).i)).toEqual([...Array(12).keys()]);
    for (const m of order) await q.ack('node1', 'fifo', m.ack_token).expect(200);
    await q.consume('node1', 'fifo').expect(204);
  });

  it('ack removes a message; a retried ack is a duplicate success; nack makes it visible again at once', async () => {
    const id = (await q.produce('node1', 'settle', { n: 1 }).expect(201)).body.message_id as string;
    const d1 = (await q.consume('node2', 'settle').expect(200)).body as Delivered;
    const nack = await q.nack('node3', 'settle', d1.ack_token).expect(200);
    expect(nack.body).toMatchObject({ status: 'nacked', message_id: id, dead_lettered: false });
    const d2 = (await q.consume('node4', 'settle').expect(200)).body as Delivered;
    expect(d2).toMatchObject({ message_id: id, delivery_count: 2 });
    expect(d2.ack_token).not.toBe(d1.ack_token);
    const ack = await q.ack('node1', 'settle', d2.ack_token).expect(200);
    expect(ack.body).toMatchObject({ status: 'acked', message_id: id, duplicate: false });
    const again = await q.ack('node2', 'settle', d2.ack_token).expect(200);
    expect(again.body).toMatchObject({ status: 'acked', duplicate: true });
    await q.consume('node3', 'settle').expect(204);
  });

  it('an unacknowledged delivery comes back after its visibility timeout with delivery_count 2; the old token gets 409', async () => {
    const id = (await q.produce('node2', 'visible', { v: 1 }).expect(201)).body.message_id as string;
    const d1 = (await q.consume('node1', 'visible', { visibility_ms: 300 }).expect(200)).body as Delivered;
    expect(d1.delivery_count).toBe(1);
    await q.consume('node1', 'visible').expect(204);
    const started = Date.now();
    const d2 = (await q.consume('node3', 'visible', { wait_ms: 5000 }).expect(200)).body as Delivered;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(d2).toMatchObject({ message_id: id, delivery_count: 2, data: { v: 1 } });
    const stale = await q.ack('node4', 'visible', d1.ack_token).expect(409);
    expect(stale.body).toMatchObject({ error: 'conflict', reason: 'redelivered', message_id: id, message: expect.any(String) });
    await q.ack('node4', 'visible', d2.ack_token).expect(200);
  });

  it('after max deliveries (3 here) a message moves to <name>.dlq, a normal queue', async () => {
    const id = (await q.produce('node1', 'payments', { pay: 42 }).expect(201)).body.message_id as string;
    for (let n = 1; n <= 3; n++) {
      const d = (await q.consume(NODES[n], 'payments').expect(200)).body as Delivered;
      expect(d).toMatchObject({ message_id: id, delivery_count: n });
      const nack = await q.nack('node1', 'payments', d.ack_token).expect(200);
      expect(nack.body.dead_lettered).toBe(n === 3);
    }
    await q.consume('node2', 'payments').expect(204);
    const dead = await q.consume('node3', 'payments.dlq', { wait_ms: 5000 }).expect(200);
    expect(dead.body).toMatchObject({ queue: 'payments.dlq', data: { pay: 42 }, delivery_count: 1 });
    await q.ack('node4', 'payments.dlq', dead.body.ack_token as string).expect(200);
    await eventually(async () => expect((await q.stats('node1', 'payments').expect(200)).body).toMatchObject({ depth: 0, in_flight: 0, dead_letters: 0 }));
    await q.consume('node1', 'payments.dlq').expect(204);
  });

  it('an Idempotency-Key de-duplicates a retried produce', async () => {
    const a = await q.produce('node1', 'idem', { x: 1 }, 'order-123').expect(201);
    const b = await q.produce('node4', 'idem', { x: 1 }, 'order-123').expect(201);
    expect(b.body).toMatchObject({ message_id: a.body.message_id, duplicate: true, offset: a.body.offset });
    const other = await q.produce('node2', 'idem', { x: 2 }, 'order-124').expect(201);
    expect(other.body.duplicate).toBe(false);
    const got = await q.consume('node3', 'idem', { max: 10 }).expect(200);
    expect((got.body.messages as Delivered[]).map((m) => m.message_id)).toEqual([a.body.message_id, other.body.message_id]);
  });

  it('an empty queue answers 204; a long poll returns as soon as a message arrives', async () => {
    await q.consume('node1', 'lp').expect(204);
    const started = Date.now();
    const poll = q.consume('node2', 'lp', { wait_ms: 8000 }).then((r) => r);
    await sleep(300);
    const p = await q.produce('node3', 'lp', { late: true }).expect(201);
    const res = await poll;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message_id: p.body.message_id, data: { late: true } });
    expect(Date.now() - started).toBeLessThan(8000);
    const empty = Date.now();
    await q.consume('node4', 'lp', { wait_ms: 400 }).expect(204);
    expect(Date.now() - empty).toBeGreaterThanOrEqual(350);
  });

  it('one produce wakes many long polls but only one delivery is written to the log', async () => {
    await q.produce('node1', 'herd', { warm: true }).expect(201);
    const warm = (await q.consume('node1', 'herd').expect(200)).body as Delivered;
    await q.ack('node1', 'herd', warm.ack_token).expect(200);
    const commitBefore = (await q.stats('node1', 'herd').expect(200)).body.partitions[0].commit_index as number;
    const polls = NODES.flatMap((id) => [0, 1].map(() => q.consume(id, 'herd', { wait_ms: 1500 }).then((r) => r)));
    await sleep(300);
    await q.produce('node2', 'herd', { herd: 1 }).expect(201);
    const answers = await Promise.all(polls);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 204, 204, 204, 204, 204, 204, 204]);
    const s = (await q.stats('node1', 'herd').expect(200)).body;
    // The produce and one deliver (a leader change would add its no-op).
    expect(s.partitions[0].commit_index - commitBefore).toBeLessThanOrEqual(3);
    const winner = answers.find((r) => r.status === 200)!.body as Delivered;
    await q.ack('node3', 'herd', winner.ack_token).expect(200);
  });

  it('stats and /queues report depth, in flight, dead letters, replicas and leaders', async () => {
    for (let i = 0; i < 3; i++) await q.produce('node1', 'stats', { i }).expect(201);
    await q.consume('node2', 'stats').expect(200);
    const s = await q.stats('node3', 'stats').expect(200);
    const part = placement.of('stats');
    expect(s.body).toMatchObject({ queue: 'stats', exists: true, depth: 2, in_flight: 1, dead_letters: 0, produced: 3, dead_letter_queue: 'stats.dlq' });
    expect(s.body.partitions).toEqual([{ partition: part.index, group: part.group, replicas: [...part.replicas], leader: expect.any(String), term: expect.any(Number), commit_index: expect.any(Number) }]);
    expect(part.replicas).toContain(s.body.partitions[0].leader);
    await eventually(async () => {
      const list = await q.list('node4').expect(200);
      expect(list.body.queues).toEqual(expect.arrayContaining([{ name: 'stats', partition: part.index, depth: 2, in_flight: 1, dead_letters: 0, produced: 3 }]));
      expect((list.body.queues as { name: string }[]).map((x) => x.name)).toEqual(expect.arrayContaining(['orders', 'payments', 'payments.dlq', 'fifo']));
    });
    const fresh = await q.stats('node1', 'never-produced').expect(200);
    expect(fresh.body).toMatchObject({ exists: false, depth: 0, in_flight: 0, produced: 0 });
  });

  it('bad input answers JSON errors and changes nothing', async () => {
    await q.produce('node1', 'strict', { keep: 1 }).expect(201);
    const before = (await q.stats('node2', 'strict').expect(200)).body;
    const srv = q.server('node2');
    const expectError = (res: request.Response, status: number, error: string) => {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error, message: expect.any(String) });
    };
    expectError(await request(srv).post('/queue/strict').set('Content-Type', 'application/json').send('{"order_id": '), 400, 'bad_request');
    expectError(await request(srv).post('/queue/strict').set('Content-Type', 'text/plain').send('not json'), 400, 'bad_request');
    expectError(await request(srv).post('/queue/strict'), 400, 'bad_request');
    expectError(await request(srv).post('/queue/strict').type('form').send('a=1'), 400, 'bad_request');
    expectError(await request(srv).post('/queue/strict').set('Content-Type', 'application/json').send(JSON.stringify({ blob: 'x'.repeat(1024 * 1024) })), 413, 'payload_too_large');
    expectError(await request(srv).post('/queue/bad%20name').set('Content-Type', 'application/json').send('{}'), 400, 'bad_request');
    expectError(await request(srv).post('/queue/.hidden').set('Content-Type', 'application/json').send('{}'), 400, 'bad_request');
    expectError(await request(srv).post(`/queue/${'x'.repeat(256)}`).set('Content-Type', 'application/json').send('{}'), 400, 'bad_request');
    expectError(await request(srv).get('/queue/bad%20name'), 400, 'bad_request');
    expectError(await request(srv).get('/queue/strict?max=0'), 400, 'bad_request');
    expectError(await request(srv).get('/queue/strict?wait_ms=-1'), 400, 'bad_request');
    expectError(await request(srv).get('/queue/strict?visibility_ms=abc'), 400, 'bad_request');
    expectError(await request(srv).get('/queue/strict?bogus=1'), 400, 'bad_request');
    expectError(await request(srv).post('/queue/strict/ack').send({}), 400, 'bad_request');
    expectError(await request(srv).post('/queue/strict/ack').send({ ack_token: 5 }), 400, 'bad_request');
    expectError(await q.ack('node3', 'strict', 'no-such-token'), 404, 'not_found');
    expectError(await q.nack('node4', 'strict', 'no-such-token'), 404, 'not_found');
    expectError(await request(srv).post('/queue/strict').set('Content-Type', 'application/json').set('Idempotency-Key', 'k'.repeat(201)).send('{}'), 400, 'bad_request');
    const after = (await q.stats('node2', 'strict').expect(200)).body;
    expect({ ...after, read_index: 0, partitions: [] }).toEqual({ ...before, read_index: 0, partitions: [] });
    const d = (await q.consume('node1', 'strict').expect(200)).body as Delivered;
    expect(d.data).toEqual({ keep: 1 });
    await q.ack('node1', 'strict', d.ack_token).expect(200);
  });

  it('accepts any JSON value as a message (object, array, string, number, null)', async () => {
    const values: unknown[] = [{ a: [1, { b: null }] }, [1, 2, 3], 'text', 42.5, null, true];
    for (const v of values) {
      const r = await q.produce('node1', 'values', v);
      expect([JSON.stringify(v), r.status, r.body]).toEqual([JSON.stringify(v), 201, expect.anything()]);
    }
    // A text/plain body that is itself JSON is taken as that JSON value.
    await request(q.server('node3')).post('/queue/values').set('Content-Type', 'text/plain').send('{"plain": 1}').expect(201);
    const got = await q.consume('node2', 'values', { max: 10 }).expect(200);
    expect((got.body.messages as Delivered[]).map((m) => m.data)).toEqual([...values, { plain: 1 }]);
  });

  it('documents every queue endpoint in the OpenAPI document', async () => {
    const res = await request(q.server('node1')).get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string }[] }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/queue/{name}', '/queue/{name}/ack', '/queue/{name}/nack', '/queue/{name}/stats', '/queues']));
    expect(Object.keys(paths['/queue/{name}'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '413', '503', '504']));
    expect(Object.keys(paths['/queue/{name}'].get.responses)).toEqual(expect.arrayContaining(['200', '204', '400', '503']));
    expect(Object.keys(paths['/queue/{name}/ack'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409']));
    expect(paths['/queue/{name}'].get.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['name', 'max', 'wait_ms', 'visibility_ms']));
    expect(res.body.components.schemas.DeliveryDto.properties).toHaveProperty('ack_token');
  });

  it('a partition leader stops: another replica takes over, no acknowledged message is lost, in-flight deliveries are known', async () => {
    const name = 'durable';
    const part = placement.of(name);
    const acked: string[] = [];
    for (let i = 0; i < 30; i++) acked.push((await q.produce(NODES[i % 4], name, { i }).expect(201)).body.message_id as string);
    const inFlight = (await q.consume('node1', name, { visibility_ms: 60_000 }).expect(200)).body as Delivered;
    expect(inFlight.message_id).toBe(acked[0]);
    const leader = (await q.stats('node1', name).expect(200)).body.partitions[0].leader as string;
    await cluster.stop(leader);
    try {
      const survivors = NODES.filter((id) => id !== leader);
      const replicaSurvivor = part.replicas.find((r) => r !== leader)!;
      // A new leader among the other replicas; produces keep working through every surviving node.
      for (let i = 30; i < 36; i++) {
        const res = await retrying(() => q.produce(survivors[i % survivors.length], name, { i }));
        expect(res.status).toBe(201);
        acked.push(res.body.message_id as string);
      }
      const s = await retrying(() => q.stats(replicaSurvivor, name));
      expect(s.status).toBe(200);
      expect(s.body.partitions[0].leader).not.toBe(leader);
      expect(s.body).toMatchObject({ depth: 35, in_flight: 1 });
      // The new leader knows the delivery made by the old one: its token still acks.
      const ack = await retrying(() => q.ack(survivors[0], name, inFlight.ack_token));
      expect(ack.status).toBe(200);
      const got: Delivered[] = [];
      for (;;) {
        const res = await retrying(() => q.consume(survivors[got.length % survivors.length], name, { max: 7 }));
        if (res.status === 204) break;
        expect(res.status).toBe(200);
        got.push(...(res.body.messages as Delivered[]));
      }
      expect(got.map((m) => m.message_id)).toEqual(acked.slice(1));
      for (const m of got) expect((await retrying(() => q.ack(survivors[0], name, m.ack_token))).status).toBe(200);
    } finally {
      await cluster.start(leader);
    }
    // The restarted replica catches up: its local view shows the emptied queue.
    await eventually(async () => {
      const local = await request(q.server(leader)).get('/queues?scope=local').expect(200);
      const view = (local.body.local_view as { partition: number; queues: { name: string; depth: number; in_flight: number; produced: number }[] }[]).find((v) => v.partition === part.index);
      expect(view?.queues.find((x) => x.name === name)).toMatchObject({ depth: 0, in_flight: 0, produced: 36 });
    }, 15_000);
  }, 60_000);
});
