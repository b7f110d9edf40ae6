import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterMembership } from '../consensus/cluster-membership.service';
import { NodeConfig } from '../config/node-config';
import { NotLeaderError } from '../consensus/consensus-errors';
import { LeaderUnreachableError } from '../http/leader-forwarder.service';
import { ForwardRequest, QueueForwarder } from './queue-forwarder.service';
import { PartitionInfo } from './partition-placement';
import { QueuePartitions } from './queue-partitions.service';

type Handler = (req: IncomingMessage, body: string) => { status: number; body: unknown };

/** Stand-ins for other nodes: each answers with its handler and records what it received. */
class FakeNodes {
  readonly servers = new Map<string, Server>();
  readonly seen: { node: string; method: string; url: string; forwardedBy: string | undefined; body: string }[] = [];

  async start(id: string, handler: Handler): Promise<number> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        this.seen.push({ node: id, method: req.method ?? '', url: req.url ?? '', forwardedBy: req.headers['x-forwarded-by-node'] as string | undefined, body });
        const answer = handler(req, body);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.servers.set(id, server);
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => new Promise((r) => s.close(r))));
  }
}

const notLeader = (leader: string) => () => ({ status: 503, body: { error: 'not_leader', message: 'no', leader } });
const created = (node: string) => () => ({ status: 201, body: { message_id: 'm1', leader: node } });

describe('QueueForwarder', () => {
  const fakes = new FakeNodes();
  let forwarder: QueueForwarder;
  let hosted = false;
  const partition: PartitionInfo = { index: 3, group: 'q/3', replicas: ['node2', 'node3', 'node4'] };
  const request = (forwarded = false): ForwardRequest => ({ method: 'POST', path: '/queue/orders', headers: { 'content-type': 'application/json' }, body: '{"a":1}', forwarded });

  beforeAll(async () => {
    const ports = {
      node2: await fakes.start('node2', notLeader('node4')),
      node3: await fakes.start('node3', notLeader('node4')),
      node4: await fakes.start('node4', created('node4')),
      // Two replicas with stale views pointing at each other.
      node6: await fakes.start('node6', notLeader('node7')),
      node7: await fakes.start('node7', notLeader('node6')),
    };
    const member = (id: string, httpPort: number) => ({ id, host: '127.0.0.1', httpPort, peerPort: 1, role: 'voter' as const });
    // node5 is configured but nothing listens there: unreachable.
    const config = { nodeId: 'node1', proposalTimeoutMs: 1000, members: [member('node1', 1), member('node2', ports.node2), member('node3', ports.node3), member('node4', ports.node4), member('node5', 1), member('node6', ports.node6), member('node7', ports.node7)] } as unknown as NodeConfig;
    const partitions = { local: () => (hosted ? {} : undefined) } as unknown as QueuePartitions;
    const membership = { address: (id: string) => config.members.find((m) => m.id === id) } as unknown as ClusterMembership;
    forwarder = new QueueForwarder(config, partitions, membership);
  });

  afterAll(async () => {
    forwarder.onApplicationShutdown();
    await fakes.stop();
  });

  beforeEach(() => {
    fakes.seen.length = 0;
    hosted = false;
  });

  it('from a node that is not a replica: asks a replica, follows its leader hint, then remembers the leader', async () => {
    const answer = await forwarder.route(partition, request(), () => Promise.reject(new Error('not hosted: never called')));
    expect(answer).toMatchObject({ status: 201, body: { message_id: 'm1' }, headers: { 'x-served-by': 'node4' } });
    expect(fakes.seen.map((s) => s.node)).toEqual(['node2', 'node4']);
    expect(fakes.seen.every((s) => s.forwardedBy === 'node1' && s.body === '{"a":1}' && s.url === '/queue/orders')).toBe(true);
    fakes.seen.length = 0;
    await forwarder.route(partition, request(), () => Promise.reject(new Error('never')));
    expect(fakes.seen.map((s) => s.node)).toEqual(['node4']);
  });

  it('on a replica: runs locally, and replays on the leader a NotLeaderError names', async () => {
    hosted = true;
    expect(await forwarder.route(partition, request(), () => Promise.resolve({ status: 200, body: 'local' }))).toEqual({ status: 200, body: 'local' });
    expect(fakes.seen).toEqual([]);
    const answer = await forwarder.route(partition, request(), () => Promise.reject(new NotLeaderError('node4')));
    expect(answer.status).toBe(201);
    expect(fakes.seen.map((s) => s.node)).toEqual(['node4']);
  });

  it('never forwards a request that was already forwarded', async () => {
    hosted = true;
    await expect(forwarder.route(partition, request(true), () => Promise.reject(new NotLeaderError('node4')))).rejects.toBeInstanceOf(NotLeaderError);
    hosted = false;
    await expect(forwarder.route(partition, request(true), () => Promise.reject(new Error('never')))).rejects.toThrow(/not a replica of q\/3/);
    expect(fakes.seen).toEqual([]);
  });

  it('an unreachable leader is reported as such (the client may retry)', async () => {
    hosted = true;
    await expect(forwarder.route(partition, request(), () => Promise.reject(new NotLeaderError('node5')))).rejects.toBeInstanceOf(LeaderUnreachableError);
  });

  it('skips unreachable replicas and stops after replicas + 2 hops', async () => {
    const far: PartitionInfo = { index: 6, group: 'q/6', replicas: ['node5', 'node4'] };
    const answer = await forwarder.route(far, request(), () => Promise.reject(new Error('never')));
    expect(answer.status).toBe(201);
    // Replicas that only point at each other: bounded, then "no leader" (503, retry later).
    fakes.seen.length = 0;
    await expect(forwarder.route({ index: 7, group: 'q/7', replicas: ['node6', 'node7'] }, request(), () => Promise.reject(new Error('never')))).rejects.toBeInstanceOf(NotLeaderError);
    expect(fakes.seen.map((s) => s.node)).toEqual(['node6', 'node7', 'node6', 'node7']);
  });
});
