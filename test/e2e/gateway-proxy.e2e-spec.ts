import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway-config';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { JsonLogger } from '../../apps/node/src/logging/json-logger';
import { InProcessCluster } from '../support/in-process-cluster';

// Ports 18581-18589 (HTTP) for this file (gateway.e2e-spec.ts uses 18500-18579, metrics.e2e-spec.ts 18591-18599); peers use the in-memory network.
const BASE_PORT = 18580 + Math.floor(Math.random() * 3) * 3;

describe('gateway: the node API through the gateway', () => {
  const cluster = new InProcessCluster({ voters: 3, basePort: BASE_PORT, tickMs: 10 });
  let gateway: NestFastifyApplication;
  const http = (): ReturnType<typeof request> => request(gateway.getHttpServer());

  beforeAll(async () => {
    await cluster.startWithLeader();
    const nodes = [...cluster.nodes.values()].map((n) => `${n.id}=${n.url}`).join(',');
    const config = loadGatewayConfig({ GATEWAY_NODES: nodes, GATEWAY_PORT: '0', GATEWAY_NODE_TIMEOUT_MS: '500', GATEWAY_CONNECT_TIMEOUT_MS: '500', GATEWAY_REFRESH_MS: '200' });
    gateway = await createGatewayApp(config, new JsonLogger('gateway', 'error', () => undefined));
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await gateway?.close();
    await cluster.stopAll();
  });

  const leader = async (): Promise<string> => (await cluster.node('node1').client.info()).leader!;

  it('is ready when nodes answer and a leader is known', async () => {
    const res = await http().get('/health/ready').expect(200);
    expect(res.body.details.cluster).toMatchObject({ status: 'up', reachable: 3, leader: await leader() });
  });

  it('relays the seed lock commands to the leader, with status codes, bodies and client headers', async () => {
    const lead = await leader();
    const granted = await http().post('/lock/gw-lock?lock_type=exclusive').set('X-Client-Id', 'worker-1').set('X-Request-Id', 'gw-acq-1').expect(200);
    expect(granted.body).toMatchObject({ status: 'granted', lock: 'gw-lock', owner: 'worker-1', leader: lead, fencing_token: expect.any(Number) });
    expect(granted.headers['x-gateway-upstream']).toBe(lead);
    expect(granted.headers['content-type']).toMatch(/application\/json/);

    const busy = await http().post('/lock/gw-lock').set('X-Client-Id', 'worker-2').expect(423);
    expect(busy.body).toMatchObject({ error: 'locked' });

    const replay = await http().post('/lock/gw-lock?lock_type=exclusive').set('X-Client-Id', 'worker-1').set('X-Request-Id', 'gw-acq-1').expect(200);
    expect(replay.body.fencing_token).toBe(granted.body.fencing_token);

    const one = await http().get('/locks/gw-lock').expect(200);
    expect(one.body.holders).toEqual([expect.objectContaining({ owner: 'worker-1', fencing_token: granted.body.fencing_token })]);
    const table = await http().get('/locks?stale=true').expect(200);
    expect(table.body.locks.map((l: { name: string }) => l.name)).toContain('gw-lock');

    await http().post('/lock/gw-lock/renew?ttl_ms=20000').set('X-Client-Id', 'worker-1').expect(200, /"status":"renewed"/);
    await http().delete('/lock/gw-lock').set('X-Client-Id', 'worker-2').expect(403);
    const released = await http().delete('/lock/gw-lock').set('X-Client-Id', 'worker-1').expect(200);
    expect(released.body).toMatchObject({ status: 'released', owner: 'worker-1' });
    await http().delete('/lock/gw-lock').set('X-Client-Id', 'worker-1').expect(404);
    await http().post('/lock/bad%20name').expect(400, /bad_request/);
  });

  it('holds a lock wait open through the gateway', async () => {
    await http().post('/lock/gw-wait?ttl_ms=300').set('X-Client-Id', 'holder').expect(200);
    const waited = await http().post('/lock/gw-wait?wait_ms=5000').set('X-Client-Id', 'waiter').expect(200);
    expect(waited.body).toMatchObject({ status: 'granted', owner: 'waiter', waited: true });
  });

  it('relays the queue API: produce, consume, ack, 204, stats, list, Idempotency-Key', async () => {
    const produced = await http().post('/queue/gw-orders').set('Content-Type', 'application/json').send('{"order_id": 123, "product": "laptop"}').expect(201);
    expect(produced.body).toMatchObject({ queue: 'gw-orders', duplicate: false, message_id: expect.any(String) });

    const keyed = await http().post('/queue/gw-orders').set('Idempotency-Key', 'gw-k1').send({ n: 2 }).expect(201);
    const again = await http().post('/queue/gw-orders').set('Idempotency-Key', 'gw-k1').send({ n: 2 }).expect(201);
    expect(again.body).toMatchObject({ duplicate: true, message_id: keyed.body.message_id });

    const first = await http().get('/queue/gw-orders').set('X-Client-Id', 'consumer-1').expect(200);
    expect(first.body).toMatchObject({ message_id: produced.body.message_id, data: { order_id: 123, product: 'laptop' }, ack_token: expect.any(String) });
    await http().post('/queue/gw-orders/ack').send({ ack_token: first.body.ack_token }).expect(200, /"status":"acked"/);
    const second = await http().get('/queue/gw-orders?max=5').expect(200);
    expect(second.body).toMatchObject({ count: 1, messages: [expect.objectContaining({ message_id: keyed.body.message_id })] });
    await http().post('/queue/gw-orders/nack').send({ ack_token: second.body.messages[0].ack_token }).expect(200, /"status":"nacked"/);

    const stats = await http().get('/queue/gw-orders/stats').expect(200);
    expect(stats.body).toMatchObject({ queue: 'gw-orders', depth: 1, produced: 2 });
    const list = await http().get('/queues').expect(200);
    expect(list.body.queues.map((q: { name: string }) => q.name)).toContain('gw-orders');

    await http().get('/queue/gw-empty').expect(204);
    await http().post('/queue/gw-orders').set('Content-Type', 'application/x-www-form-urlencoded').send('a=1').expect(400);
    await http().post('/queue/gw-orders/ack').send({}).expect(400);
    await http()
      .post('/queue/gw-orders')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ big: 'x'.repeat(1024 * 1024) }))
      .expect(413);
  });

  it('relays the Raft diagnostics', async () => {
    const proposed = await http().post('/raft/propose').send({ data: { via: 'gateway' } }).expect(201);
    expect(proposed.body).toMatchObject({ index: expect.any(Number), leader: await leader() });
    const status = await http().get('/raft/status').expect(200);
    expect(status.body.groups.length).toBeGreaterThan(0);
  });

  it('skips a stopped node', async () => {
    const lead = await leader();
    const down = ['node1', 'node2', 'node3'].find((id) => id !== lead)!;
    await cluster.stop(down);
    try {
      // Round robin puts the stopped node first for some of these; the gateway moves on.
      for (let i = 0; i < 6; i++) {
        for (const path of ['/queues', '/raft/status', '/locks?stale=true']) {
          const res = await http().get(path).expect(200);
          expect(res.headers['x-gateway-upstream']).not.toBe(down);
        }
      }
      // Partitions the stopped node led elect a new leader; until then their nodes answer 503
      // no_leader, which a produce with an Idempotency-Key may retry on another node.
      for (let i = 0; i < 6; i++) {
        const res = await eventually(() => http().post(`/queue/gw-skip-${i}`).set('Idempotency-Key', `gw-skip-${i}`).send({ i }), 201);
        expect(res.headers['x-gateway-upstream']).not.toBe(down);
      }
      await http().post('/lock/gw-skip').expect(200);
      await http().delete('/lock/gw-skip').expect(200);
    } finally {
      await cluster.start(down);
    }
  });

  it('lists the lock and queue API in its OpenAPI document', async () => {
    const doc = await http().get('/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/lock/{name}']).sort()).toEqual(['delete', 'post']);
    expect(Object.keys(paths['/queue/{name}']).sort()).toEqual(['get', 'post']);
    for (const p of ['/lock/{name}/renew', '/locks', '/locks/{name}', '/queue/{name}/ack', '/queue/{name}/nack', '/queue/{name}/stats', '/queues', '/raft/status', '/raft/propose', '/cluster', '/health/ready']) {
      expect(paths[p]).toBeDefined();
    }
    // The node's own operations, with their schemas.
    expect(JSON.stringify(paths['/lock/{name}'].post)).toContain('LockGrantedDto');
    expect(doc.body.components.schemas.LockGrantedDto).toBeDefined();
    // Node-only endpoints stay off the gateway.
    expect(paths['/admin/members']).toBeUndefined();
  });
});

/** Repeats a call (bounded: 5 s) until it answers `status`; returns that answer. */
async function eventually(call: () => request.Test, status: number): Promise<request.Response> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await call();
    if (res.status === status || Date.now() > deadline) {
      expect(res.status).toBe(status);
      return res;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
