import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway-config';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { JsonLogger } from '../../apps/node/src/logging/json-logger';

/**
 * The gateway's routing rules against stub nodes whose answers the test chooses: which node is
 * tried first, when a failed attempt goes to another node and when it must not, time-outs, and
 * what is relayed. Stubs listen on ports the OS picks (no fixed range can clash).
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

class StubNode {
  readonly seen: Seen[] = [];
  answer: (req: Seen) => Answer = () => ({ status: 200, body: '{}' });
  private server: Server | null = null;
  port = 0;

  constructor(
    readonly id: string,
    private readonly info: () => Record<string, unknown>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening and drops every connection: the next call is refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (seen.method === 'GET' && seen.url === '/') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.info()));
        return;
      }
      this.seen.push(seen);
      const a = this.answer(seen);
      const reply = (): void => void res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body);
      if (a.delayMs) setTimeout(reply, a.delayMs);
      else reply();
    });
  }
}

const info = (node: string, role: string, leader: string | null) => () => ({ node, role, term: 2, leader, leader_url: null, members: [], commit_index: 1, applied_index: 1, version: 'stub', uptime_s: 1 });

async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function gatewayFor(nodes: string, extra: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const config = loadGatewayConfig({ GATEWAY_NODES: nodes, GATEWAY_PORT: '0', GATEWAY_NODE_TIMEOUT_MS: '300', GATEWAY_CONNECT_TIMEOUT_MS: '300', GATEWAY_REFRESH_MS: '60000', ...extra });
  const app = await createGatewayApp(config, new JsonLogger('gateway', 'error', () => undefined));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('gateway routing against stub nodes', () => {
  const a = new StubNode('a', info('a', 'leader', 'a'));
  const b = new StubNode('b', info('b', 'follower', 'a'));
  let gateway: NestFastifyApplication;
  const http = (): ReturnType<typeof request> => request(gateway.getHttpServer());

  beforeAll(async () => {
    await a.start();
    await b.start();
    gateway = await gatewayFor(`a=${a.url},b=${b.url}`, { GATEWAY_REQUEST_TIMEOUT_MS: '400' });
    // The first cluster view (leader a) is read at bootstrap.
    await request(gateway.getHttpServer()).get('/health/ready').expect(200);
  });

  afterAll(async () => {
    await gateway?.close();
    await a.stop();
    await b.stop();
  });

  beforeEach(() => {
    a.seen.length = 0;
    b.seen.length = 0;
    a.answer = () => ({ status: 200, body: '{"from":"a"}' });
    b.answer = () => ({ status: 200, body: '{"from":"b"}' });
  });

  it('sends lock calls to the leader, relaying allowed headers, body bytes, status and Retry-After', async () => {
    a.answer = () => ({ status: 423, headers: { 'retry-after': '3', 'x-other': 'no' }, body: '{"error":"locked", "message":"busy"}' });
    const res = await http()
      .post('/lock/x?wait_ms=0&lock_type=shared')
      .set('X-Client-Id', 'c1')
      .set('X-Request-Id', 'r1')
      .set('Idempotency-Key', 'k1')
      .set('X-Forwarded-By-Node', 'evil')
      .set('Content-Type', 'application/json')
      .send('{"keep":  "spacing"}')
      .expect(423);
    expect(res.text).toBe('{"error":"locked", "message":"busy"}');
    expect(res.headers['retry-after']).toBe('3');
    expect(res.headers['x-other']).toBeUndefined();
    expect(res.headers['x-gateway-upstream']).toBe('a');
    expect(b.seen).toHaveLength(0);
    const seen = a.seen[0];
    expect(seen).toMatchObject({ method: 'POST', url: '/lock/x?wait_ms=0&lock_type=shared', body: '{"keep":  "spacing"}' });
    expect(seen.headers).toMatchObject({ 'x-client-id': 'c1', 'x-request-id': 'r1', 'idempotency-key': 'k1', 'content-type': 'application/json' });
    expect(seen.headers['x-forwarded-by-node']).toBeUndefined();
  });

  it('relays a 204 without a body', async () => {
    a.answer = () => ({ status: 204 });
    b.answer = () => ({ status: 204 });
    const res = await http().get('/queue/q').expect(204);
    expect(res.text).toBe('');
  });

  it('after a 503, retries a read on another node', async () => {
    a.answer = () => ({ status: 503, headers: { 'retry-after': '1' }, body: '{"error":"no_leader","message":"x"}' });
    const res = await http().get('/locks').expect(200, '{"from":"b"}');
    expect(res.headers['x-gateway-upstream']).toBe('b');
    expect(a.seen).toHaveLength(1);
  });

  it('after a 503, does not retry a lock acquire without X-Request-Id: the 503 is relayed', async () => {
    a.answer = () => ({ status: 503, headers: { 'retry-after': '1' }, body: '{"error":"proposal_leadership_lost","message":"outcome unknown"}' });
    const res = await http().post('/lock/x').expect(503);
    expect(res.body).toEqual({ error: 'proposal_leadership_lost', message: 'outcome unknown' });
    expect(res.headers['retry-after']).toBe('1');
    expect(b.seen).toHaveLength(0);
  });

  it('after a 503, retries a lock acquire that carries X-Request-Id, and a produce that carries Idempotency-Key', async () => {
    a.answer = () => ({ status: 503, body: '{"error":"no_leader","message":"x"}' });
    await http().post('/lock/x').set('X-Request-Id', 'r2').expect(200, '{"from":"b"}');
    expect(b.seen[0].headers['x-request-id']).toBe('r2');
    b.answer = () => ({ status: 503, body: '{"error":"no_leader","message":"x"}' });
    a.answer = () => ({ status: 201, body: '{"from":"a"}' });
    const produced = await http().post('/queue/q1').set('Idempotency-Key', 'k2').send({ n: 1 });
    expect(produced.status).toBe(201);
  });

  it('never retries a consume or a propose after a 503', async () => {
    a.answer = () => ({ status: 503, body: '{"error":"no_leader","message":"x"}' });
    b.answer = () => ({ status: 503, body: '{"error":"no_leader","message":"x"}' });
    await http().get('/queue/q2').expect(503);
    expect(a.seen.length + b.seen.length).toBe(1);
    await http().post('/raft/propose').send({ data: 1 }).expect(503);
    expect(a.seen.length + b.seen.length).toBe(2);
  });

  it('answers 504 when a non-retryable call times out, and tries the next node for a read', async () => {
    a.answer = () => ({ status: 200, body: '{"late":true}', delayMs: 700 });
    const res = await http().post('/lock/slow').expect(504);
    expect(res.body).toMatchObject({ error: 'gateway_timeout' });
    expect(b.seen).toHaveLength(0);
    await http().get('/locks/slow').expect(200, '{"from":"b"}');
  });

  it("gives a lock wait its wait_ms on top of the request time-out", async () => {
    a.answer = () => ({ status: 200, body: '{"waited":true}', delayMs: 700 });
    await http().post('/lock/waiting?wait_ms=1000').expect(200, '{"waited":true}');
  });

  it('learns a new leader from x-served-by', async () => {
    a.answer = () => ({ status: 200, headers: { 'x-served-by': 'b' }, body: '{"forwarded":true}' });
    await http().post('/lock/moved').expect(200);
    await http().post('/lock/moved-again').expect(200, '{"from":"b"}');
  });
});

describe('gateway routing when nodes are down', () => {
  it('skips a node that refuses connections, even for a POST without a key', async () => {
    const a = new StubNode('a', info('a', 'leader', 'a'));
    const b = new StubNode('b', info('b', 'follower', 'a'));
    await a.start();
    await b.start();
    const gateway = await gatewayFor(`a=${a.url},b=${b.url}`);
    try {
      await request(gateway.getHttpServer()).get('/health/ready').expect(200);
      await request(gateway.getHttpServer()).post('/lock/x').expect(200, '{}');
      expect(a.seen).toHaveLength(1);
      // The leader goes away before the gateway's next view: the refused connection means the
      // request never reached it.
      await a.stop();
      const res = await request(gateway.getHttpServer()).post('/lock/x').expect(200);
      expect(res.headers['x-gateway-upstream']).toBe('b');
      expect(b.seen).toHaveLength(1);
    } finally {
      await gateway.close();
      await a.stop();
      await b.stop();
    }
  });

  it('answers 503 with Retry-After when no node is reachable, and is not ready', async () => {
    const gateway = await gatewayFor(`a=http://127.0.0.1:${await deadPort()},b=http://127.0.0.1:${await deadPort()}`);
    try {
      const res = await request(gateway.getHttpServer()).post('/queue/q').send({ x: 1 }).expect(503);
      expect(res.body).toMatchObject({ error: 'no_node_reachable' });
      expect(res.headers['retry-after']).toBe('1');
      await request(gateway.getHttpServer()).get('/locks').expect(503, /no_node_reachable/);
      const ready = await request(gateway.getHttpServer()).get('/health/ready').expect(503);
      expect(ready.body.details.cluster).toMatchObject({ status: 'down', reachable: 0, reason: 'no node reachable' });
      await request(gateway.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await gateway.close();
    }
  });
});
