import { NodeApiError } from '@app/client';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { InProcessCluster } from '../support/in-process-cluster';

// Ports 18100-18199 (HTTP) for this file; peers use the in-memory network.
const BASE_PORT = 18100 + Math.floor(Math.random() * 20) * 5;

describe('node app: 3 voters + 1 learner in one process', () => {
  const cluster = new InProcessCluster({ voters: 3, learners: 1, basePort: BASE_PORT, tickMs: 10 });
  let leaderId: string;

  beforeAll(async () => {
    leaderId = await cluster.startWithLeader();
  });

  afterAll(async () => {
    await cluster.stopAll();
  });

  const follower = (): string => ['node1', 'node2', 'node3'].find((id) => id !== leaderId)!;
  const server = (id: string) => cluster.node(id).app.getHttpServer();

  it('GET / describes the node, its role and the members', async () => {
    const res = await request(server(leaderId)).get('/').expect(200);
    expect(res.body).toMatchObject({ node: leaderId, role: 'leader', leader: leaderId, leader_url: cluster.node(leaderId).url, version: expect.any(String) });
    expect(res.body.term).toBeGreaterThan(0);
    expect(res.body.uptime_s).toBeGreaterThanOrEqual(0);
    expect(res.body.members).toEqual([
      { id: 'node1', role: 'voter', url: cluster.node('node1').url },
      { id: 'node2', role: 'voter', url: cluster.node('node2').url },
      { id: 'node3', role: 'voter', url: cluster.node('node3').url },
      { id: 'node4', role: 'learner', url: cluster.node('node4').url },
    ]);
    const f = await request(server('node4')).get('/').expect(200);
    expect(f.body).toMatchObject({ node: 'node4', role: 'follower', leader: leaderId });
  });

  it('a proposal sent to a follower is forwarded to the leader and applied on every node', async () => {
    const res = await request(server(follower())).post('/raft/propose').send({ data: { hello: 'world' } }).expect(201);
    const via = follower();
    expect(res.body).toMatchObject({ leader: leaderId, node: via, index: expect.any(Number), term: expect.any(Number) });
    expect(res.headers['x-served-by']).toBe(leaderId);
    const { index } = res.body as { index: number };
    for (const id of ['node1', 'node2', 'node3', 'node4']) {
      await eventually(async () => {
        const page = await cluster.node(id).client.proposals(index, 1);
        expect(page.items).toEqual([{ index, term: res.body.term, data: { hello: 'world' } }]);
      }, 5000);
    }
  });

  it('never forwards a request that was already forwarded (no loops between stale views)', async () => {
    const res = await request(server(follower())).post('/raft/propose').set('x-forwarded-by-node', 'node9').send({ data: 1 }).expect(503);
    expect(res.body).toMatchObject({ error: 'no_leader' });
    expect(res.headers['retry-after']).toBe('1');
  });

  it('concurrent proposals through every node are all applied, each once, in the same order everywhere', async () => {
    const ids = ['node1', 'node2', 'node3', 'node4'];
    const sent = Array.from({ length: 60 }, (_, i) => ({ seq: i, via: ids[i % ids.length] }));
    const results = await Promise.all(sent.map((d) => cluster.node(d.via).client.propose(d)));
    const indexes = results.map((r) => r.index);
    expect(new Set(indexes).size).toBe(sent.length);
    const last = Math.max(...indexes);
    const views = await Promise.all(
      ids.map(async (id) => {
        await eventually(async () => expect((await cluster.node(id).client.info()).applied_index).toBeGreaterThanOrEqual(last), 5000);
        return (await cluster.node(id).client.proposals(1, 1000)).items;
      }),
    );
    for (const v of views) expect(v).toEqual(views[0]);
    const seen = views[0].map((p) => p.data as { seq?: number }).filter((d) => typeof d.seq === 'number');
    expect(seen.map((d) => d.seq).sort((a, b) => a! - b!)).toEqual(sent.map((d) => d.seq));
  });

  it('GET /raft/status lists the control group with driver and transport counters', async () => {
    const res = await request(server(leaderId)).get('/raft/status').expect(200);
    expect(res.body.node).toBe(leaderId);
    // The control group, plus the queue partition groups this node replicates.
    const control = res.body.groups.find((g: { group: string }) => g.group === 'control');
    expect(res.body.groups.every((g: { group: string }) => g.group === 'control' || g.group.startsWith('q/'))).toBe(true);
    expect(control).toMatchObject({ group: 'control', role: 'leader', conf: { voters: ['node1', 'node2', 'node3'], learners: ['node4'] } });
    expect(res.body.driver.writes).toBeGreaterThan(0);
    expect(res.body.peer_dispatch.delivered).toBeGreaterThan(0);
    expect(res.body.transport).toHaveProperty('sent');
  });

  it('health: live always, ready once a leader is known and the store writes', async () => {
    const live = await request(server(follower())).get('/health/live').expect(200);
    expect(live.body.status).toBe('ok');
    const ready = await request(server(follower())).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { raft: { status: 'up', leader: leaderId }, store: { status: 'up' } } });
  });

  it('serves the OpenAPI document listing the endpoints, and the Swagger UI', async () => {
    const res = await request(server('node1')).get('/docs-json').expect(200);
    const paths = Object.keys(res.body.paths as object);
    expect(paths).toEqual(expect.arrayContaining(['/', '/raft/propose', '/raft/status', '/raft/proposals', '/raft/transfer-leadership', '/health/live', '/health/ready']));
    expect(res.body.components.schemas.NodeInfoDto.properties).toHaveProperty('leader_url');
    const ui = await request(server('node1')).get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it.each([
    ['no data field', { nope: 1 }],
    ['an array body', [1, 2]],
  ])('rejects a bad propose body (%s) with 400 JSON', async (_label, body) => {
    const res = await request(server(follower())).post('/raft/propose').send(body).expect(400);
    expect(res.body).toEqual({ error: 'bad_request', message: expect.any(String) });
  });

  it('rejects malformed JSON, bad query values and unknown routes as JSON errors', async () => {
    const bad = await request(server('node1')).post('/raft/propose').set('content-type', 'application/json').send('{"data":').expect(400);
    expect(bad.body).toEqual({ error: 'bad_request', message: expect.any(String) });
    const q = await request(server('node1')).get('/raft/proposals?limit=0').expect(400);
    expect(q.body.error).toBe('bad_request');
    const nf = await request(server('node1')).get('/no/such/route').expect(404);
    expect(nf.body).toEqual({ error: 'not_found', message: expect.any(String) });
    const t = await request(server('node1')).post('/raft/transfer-leadership').send({ to: 'node4' });
    expect(t.status).toBe(400);
    expect(t.body.error).toBe('bad_request');
  });

  it('transfers leadership on request (through a follower)', async () => {
    const target = follower();
    await request(server(target)).post('/raft/transfer-leadership').send({ to: target }).expect(202, { requested: target });
    const leader = await cluster.waitForLeader();
    expect(leader).toBe(target);
    leaderId = target;
  });

  it('answers 503 with Retry-After when no leader can be elected', async () => {
    // Cut node1 off: alone, it can neither win an election nor reach the leader.
    const isolated = leaderId === 'node1' ? 'node2' : 'node1';
    cluster.network.isolate(isolated);
    try {
      await eventually(async () => expect((await cluster.node(isolated).client.info()).leader).toBeNull(), 10_000);
      const res = await request(server(isolated)).post('/raft/propose').send({ data: 'x' }).expect(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ error: 'no_leader', message: expect.any(String) });
      const ready = await request(server(isolated)).get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ error: 'not_ready', details: { raft: { status: 'down' } } });
    } finally {
      cluster.network.heal();
    }
    await cluster.waitForLeader();
  });

  it('the client library surfaces errors with status and body', async () => {
    const err = await cluster
      .node('node1')
      .client.transferLeadership('nobody')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeApiError);
    expect((err as NodeApiError).status).toBe(400);
  });
});
