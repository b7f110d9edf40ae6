/**
 * Real processes, TCP, SQLite: scaling at runtime with a node at a NEW address. node1..node3
 * bootstrap the cluster and were never told about node4; node4 is started with CLUSTER_MEMBERS
 * naming them and itself (docs/OPERATIONS.md "Adding and removing a node"), waits, and is added
 * with POST /admin/members. Partitions move to it through Raft changes; it serves requests; the
 * control leadership is handed to it and a removal (DELETE /admin/members/node3) sent to node1 is
 * forwarded to it at its new address. A producer keeps producing throughout; at the end every
 * queue is drained: no acknowledged message may be missing.
 */
import { PartitionPlacement } from '../../apps/node/src/queue/partition-placement';
import { GroupStatus, partitionsSettled as settled, raftStatus } from '../support/ledger/partition-status';
import { queueClusterFixture } from '../support/ledger/queue-cluster-fixture';
import { call, field } from '../support/ledger/queue-http';
import { sleep } from '../support/process-cluster';

const QUEUES = ['scale-a', 'scale-b', 'scale-c', 'scale-d', 'scale-e'];
const PARTITIONS = 6;

describe('cluster: a node at a new address added and another removed at runtime (TCP, SQLite)', () => {
  jest.setTimeout(240_000);
  const fx = queueClusterFixture('queue-scaling', { partitions: PARTITIONS, joiners: 1 });
  const { cluster, base, ledger, note, until } = fx;
  let members = ['node1', 'node2', 'node3'];
  let producing = true;

  afterAll(async () => {
    producing = false;
    await fx.close();
  });

  const pick = (): string => {
    const up = members.filter((id) => cluster.running().includes(id));
    return up[Math.floor(Math.random() * up.length)];
  };

  /** One acknowledged produce (retried with its Idempotency-Key until acknowledged). */
  async function produce(queue: string, key: string, via?: () => string): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const res = await call('POST', `${cluster.url((via ?? pick)())}/queue/${queue}`, { key }, { 'idempotency-key': key });
      if (res.status === 201) {
        ledger.produced(queue, field<string>(res.body, 'message_id')!);
        return;
      }
      if (res.status !== 0 && res.status < 500) throw new Error(`produce ${key}: ${res.status} ${JSON.stringify(res.body)}`);
      ledger.retried();
      await sleep(100);
    }
    throw new Error(`produce ${key} never acknowledged`);
  }

  async function producer(): Promise<void> {
    for (let seq = 0; producing; seq++) {
      await produce(QUEUES[seq % QUEUES.length], `bg-${seq}`);
      await sleep(20);
    }
  }

  /** Consumes (and acks) until the queue answered empty three times in a row. */
  async function drain(queue: string): Promise<void> {
    let empty = 0;
    for (let i = 0; empty < 3; i++) {
      if (i > 5000) throw new Error(`draining ${queue} does not end`);
      const res = await call('GET', `${cluster.url(pick())}/queue/${queue}?visibility_ms=10000&wait_ms=200`, undefined, {}, 6000);
      if (res.status === 204) {
        empty++;
        continue;
      }
      if (res.status !== 200) {
        await sleep(50);
        continue;
      }
      empty = 0;
      ledger.delivered({ queue, messageId: field<string>(res.body, 'message_id')!, offset: field<number>(res.body, 'offset')!, deliveryCount: field<number>(res.body, 'delivery_count')! });
      await call('POST', `${cluster.url(pick())}/queue/${queue}/ack`, { ack_token: field<string>(res.body, 'ack_token') });
    }
  }

  const statusOf = (id: string): Promise<{ groups: GroupStatus[]; connectedPeers: string[] }> => raftStatus(cluster.url(id));

  /** Every partition group is led by a node whose voters are exactly the placement over `ids`, each voter caught up. */
  async function partitionsSettled(ids: string[]): Promise<boolean> {
    const all = new Map<string, GroupStatus[]>();
    for (const id of ids) all.set(id, (await statusOf(id)).groups);
    return settled(new PartitionPlacement(ids, PARTITIONS, 3), all);
  }

  /** A request whose answer says which node served it (x-served-by is set when it was forwarded). */
  async function served(method: string, url: string, body?: unknown): Promise<{ status: number; servedBy: string | null; body: unknown }> {
    const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(8000) });
    const text = await res.text();
    return { status: res.status, servedBy: res.headers.get('x-served-by'), body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  it('adds node4 at a new address, moves partitions to it, removes node3 through it, and loses no acknowledged message', async () => {
    cluster.startAll();
    await cluster.waitForLeader(30_000);
    await until('member list recorded', async () => field<number>((await call('GET', `${cluster.url('node1')}/admin/members`)).body, 'version')! > 0, 20_000);
    await until('partitions placed on node1..node3', () => partitionsSettled(members), 30_000);
    for (let i = 0; i < 10; i++) for (const q of QUEUES) await produce(q, `first-${q}-${i}`);
    note(`produced ${ledger.acknowledgedCount} before node4 starts`);
    let producerError: unknown = null;
    const background = producer().catch((e: unknown) => {
      producerError = e;
    });

    // node4: an address node1..node3 were never configured with. It joins and waits, hosting no partition.
    cluster.start('node4');
    await until('node4 answers', async () => (await call('GET', `${cluster.url('node4')}/admin/members`)).status === 200, 20_000);
    expect((await statusOf('node4')).groups.filter((g) => g.group.startsWith('q/'))).toEqual([]);
    note('node4 up; POST /admin/members via node2');
    let added: { status: number; body: unknown } = { status: 0, body: undefined };
    await until('add accepted', async () => {
      added = await call('POST', `${cluster.url('node2')}/admin/members`, { id: 'node4', host: '127.0.0.1', http_port: base + 3, peer_port: base + 1003, role: 'voter' });
      return added.status === 201;
    }, 20_000);
    const moves = field<{ group: string; add: string[]; remove: string[] }[]>(added.body, 'moves')!;
    expect(moves.length).toBeGreaterThan(0);
    for (const mv of moves) expect(mv.add).toEqual(['node4']);
    members = ['node1', 'node2', 'node3', 'node4'];
    await until('partitions moved to node4 and caught up', () => partitionsSettled(members), 60_000);
    const node4 = await statusOf('node4');
    note(`node4 hosts ${node4.groups.map((g) => `${g.group}(${g.role})`).join(' ')}`);
    expect(node4.groups.find((g) => g.group === 'control')?.conf.voters).toContain('node4');
    expect(node4.groups.filter((g) => g.group.startsWith('q/')).length).toBe(moves.length);
    const view1 = await call('GET', `${cluster.url('node1')}/`);
    expect(field<{ id: string; url: string }[]>(view1.body, 'members')).toContainEqual({ id: 'node4', role: 'voter', url: `http://127.0.0.1:${base + 3}` });

    // node4 serves every queue: produce and consume through it (forwarded to partition leaders elsewhere).
    for (const q of QUEUES) {
      const p = await served('POST', `${cluster.url('node4')}/queue/${q}`, { via: 'node4' });
      expect({ q, status: p.status }).toEqual({ q, status: 201 });
      ledger.produced(q, field<string>(p.body, 'message_id')!);
      note(`produce ${q} through node4: served by ${p.servedBy ?? 'node4'}`);
    }
    const c = await served('GET', `${cluster.url('node4')}/queue/${QUEUES[0]}?visibility_ms=10000`);
    expect(c.status).toBe(200);
    ledger.delivered({ queue: QUEUES[0], messageId: field<string>(c.body, 'message_id')!, offset: field<number>(c.body, 'offset')!, deliveryCount: field<number>(c.body, 'delivery_count')! });
    expect((await served('POST', `${cluster.url('node4')}/queue/${QUEUES[0]}/ack`, { ack_token: field<string>(c.body, 'ack_token') })).status).toBe(200);

    // The control leader moves to node4; node1 must forward an admin call there, at node4's new address.
    await until('node4 leads the control group', async () => {
      if ((await cluster.view('node1'))?.leader === 'node4') return true;
      await call('POST', `${cluster.url('node1')}/raft/transfer-leadership`, { to: 'node4' });
      return false;
    }, 30_000);
    note('node4 leads the control group; DELETE /admin/members/node3 via node1');
    let removed: { status: number; servedBy: string | null; body: unknown } = { status: 0, servedBy: null, body: undefined };
    await until('remove accepted', async () => {
      removed = await served('DELETE', `${cluster.url('node1')}/admin/members/node3`);
      return removed.status === 200;
    }, 20_000);
    expect(removed.servedBy).toBe('node4');
    members = ['node1', 'node2', 'node4'];
    await until('partitions moved off node3', () => partitionsSettled(members), 60_000);
    await until('control voters without node3', async () => {
      const control = (await statusOf('node1')).groups.find((g) => g.group === 'control');
      return [...(control?.conf.voters ?? [])].sort().join() === 'node1,node2,node4';
    }, 30_000);
    // node1's transport follows the list: node4 connected, the link to node3 (still running) closed.
    await until('node1 peers are node2 and node4', async () => [...(await statusOf('node1')).connectedPeers].sort().join() === 'node2,node4', 20_000);
    await cluster.kill9('node3');
    note('node3 removed and killed');

    producing = false;
    await background;
    if (producerError) throw producerError;
    note(`producer stopped: ${ledger.acknowledgedCount} acknowledged; draining`);
    for (const q of QUEUES) await drain(q);

    const report = ledger.report();
    note(`report ${JSON.stringify({ ...report, lost: report.lost.length, orderViolations: report.orderViolations.length })}`);
    console.log(fx.events());
    if (report.lost.length > 0) fx.keepData();
    expect(report.acknowledged).toBeGreaterThan(50);
    expect(report.lost).toEqual([]);
    expect(report.orderViolations).toEqual([]);
  });
});
