import { waitForLeader } from '@app/client';
import Redis from 'ioredis';
import request from 'supertest';
import { createTransport } from '../../apps/node/src/infra/transport.factory';
import { eventually } from '../e2e/locks-helpers';
import { InProcessCluster } from '../support/in-process-cluster';
import { connectAdmin, TEST_REDIS_URL, uniquePrefix } from './redis-test-helpers';

// Ports 18200-18299 (HTTP) for this file; peer traffic goes through the machine's Redis.
const BASE_PORT = 18200 + Math.floor(Math.random() * 20) * 5;
const VOTERS = ['node1', 'node2', 'node3'];

describe('node app: 3 voters in one process over TRANSPORT=redis', () => {
  const prefix = uniquePrefix('cluster');
  // The transports come from the app's own factory, from TRANSPORT/REDIS_* as a process would read them.
  const cluster = new InProcessCluster({
    voters: 3,
    basePort: BASE_PORT,
    tickMs: 10,
    env: { TRANSPORT: 'redis', REDIS_URL: TEST_REDIS_URL, REDIS_CHANNEL_PREFIX: prefix },
    transport: createTransport,
  });
  let admin: Redis;

  beforeAll(async () => {
    admin = await connectAdmin();
    await cluster.startAll();
  });

  afterAll(async () => {
    await cluster.stopAll();
    admin?.disconnect();
  });

  it('elects a leader and applies a proposal on every node, with every node subscribed to its channel', async () => {
    const leader = (await waitForLeader(cluster.clients(), 15_000, 50)).node;
    expect(VOTERS).toContain(leader);
    const channels = (await admin.pubsub('CHANNELS', `${prefix}:peer:*`)) as string[];
    expect(channels.sort()).toEqual(VOTERS.map((id) => `${prefix}:peer:${id}`));

    const via = VOTERS.find((id) => id !== leader)!;
    const res = await request(cluster.node(via).app.getHttpServer()).post('/raft/propose').send({ data: { over: 'redis' } }).expect(201);
    expect(res.body).toMatchObject({ leader, index: expect.any(Number) });
    const { index, term } = res.body as { index: number; term: number };
    for (const id of VOTERS) {
      await eventually(async () => {
        const page = await cluster.node(id).client.proposals(index, 1);
        expect(page.items).toEqual([{ index, term, data: { over: 'redis' } }]);
      });
    }
  });

  it('closes every Redis connection of the cluster on shutdown', async () => {
    await cluster.stopAll();
    const named = async (): Promise<number> =>
      String(await admin.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=${prefix}:`)).length;
    for (let k = 0; k < 100 && (await named()) > 0; k++) await new Promise((r) => setTimeout(r, 10));
    expect(await named()).toBe(0);
  });
});

