import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway-config';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { JsonLogger } from '../../apps/node/src/logging/json-logger';
import { InProcessCluster } from '../support/in-process-cluster';

// Ports 18500-18599 for this file.
const BASE_PORT = 18500 + Math.floor(Math.random() * 20) * 4;

describe('gateway', () => {
  const cluster = new InProcessCluster({ voters: 3, basePort: BASE_PORT, tickMs: 10 });
  let gateway: NestFastifyApplication;

  beforeAll(async () => {
    await cluster.startWithLeader();
    const nodes = [...cluster.nodes.values()].map((n) => `${n.id}=${n.url}`).join(',');
    const config = loadGatewayConfig({ GATEWAY_NODES: nodes, GATEWAY_PORT: '0', GATEWAY_NODE_TIMEOUT_MS: '500' });
    gateway = await createGatewayApp(config, new JsonLogger('gateway', 'warn', () => undefined));
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await gateway?.close();
    await cluster.stopAll();
  });

  it('GET /cluster shows every node and the leader', async () => {
    const leader = await cluster.node('node1').client.info();
    const res = await request(gateway.getHttpServer()).get('/cluster').expect(200);
    expect(res.body).toMatchObject({ leader: leader.leader, leader_url: leader.leader_url, reachable: 3 });
    expect(res.body.nodes.map((n: { id: string }) => n.id)).toEqual(['node1', 'node2', 'node3']);
    expect(res.body.nodes.every((n: { reachable: boolean; leader: string }) => n.reachable && n.leader === leader.leader)).toBe(true);
  });

  it('reports an unreachable node without failing', async () => {
    const leader = (await cluster.node('node1').client.info()).leader!;
    const down = ['node1', 'node2', 'node3'].find((id) => id !== leader)!;
    await cluster.stop(down);
    const res = await request(gateway.getHttpServer()).get('/cluster').expect(200);
    expect(res.body.reachable).toBe(2);
    expect(res.body.leader).toBe(leader);
    const node = res.body.nodes.find((n: { id: string }) => n.id === down);
    expect(node).toMatchObject({ reachable: false, error: expect.any(String) });
    await cluster.start(down);
  });

  it('serves liveness, Swagger and JSON errors', async () => {
    await request(gateway.getHttpServer()).get('/health/live').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
    const doc = await request(gateway.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths as object)).toEqual(expect.arrayContaining(['/cluster', '/health/live']));
    const nf = await request(gateway.getHttpServer()).get('/nope').expect(404);
    expect(nf.body).toEqual({ error: 'not_found', message: expect.any(String) });
  });
});
