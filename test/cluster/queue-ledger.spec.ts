/**
 * Real processes, TCP, SQLite: producers (Idempotency-Key, retries on 5xx/timeouts) and consumers
 * (ack after recording) keep a ledger while nodes are killed -9 and restarted (partition leaders
 * among them), and one node loses its data directory and is re-added the safe way: removed from
 * the membership (its partitions move to the others), wiped, restarted, added back as a new
 * replica (learner → snapshot → voter). At the end every queue is drained: no acknowledged
 * message may be missing; duplicates and order violations of first deliveries are reported.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionPlacement } from '../../apps/node/src/queue/partition-placement';
import { GroupStatus, partitionsSettled as settled, raftStatus } from '../support/ledger/partition-status';
import { queueClusterFixture } from '../support/ledger/queue-cluster-fixture';
import { call, field } from '../support/ledger/queue-http';
import { sleep } from '../support/process-cluster';

const QUEUES = ['ledger-a', 'ledger-b', 'ledger-c', 'ledger-d'];
const PARTITIONS = 4;
const VISIBILITY_MS = 4000;

describe('cluster: queue ledger under kill -9, restarts and a wiped node re-added', () => {
  jest.setTimeout(180_000);
  const fx = queueClusterFixture('queue-ledger', { partitions: PARTITIONS, learners: 1 });
  const { cluster, dataDir, base, ledger, note, until } = fx;
  let stopProducing = false;
  let stopConsuming = false;

  afterAll(async () => {
    stopProducing = true;
    stopConsuming = true;
    await fx.close();
  });

  const live = (): string[] => cluster.running();
  const pick = (): string => {
    const nodes = live();
    return nodes[Math.floor(Math.random() * nodes.length)];
  };

  async function producer(p: number): Promise<void> {
    for (let seq = 0; !stopProducing; seq++) {
      const queue = QUEUES[seq % QUEUES.length];
      const key = `p${p}-${seq}`;
      for (let attempt = 0; ; attempt++) {
        const res = await call('POST', `${cluster.url(pick())}/queue/${queue}`, { p, seq }, { 'idempotency-key': key });
        if (res.status === 201) {
          ledger.produced(queue, field<string>(res.body, 'message_id')!);
          break;
        }
        if (res.status !== 0 && res.status < 500) throw new Error(`produce ${key}: ${res.status} ${JSON.stringify(res.body)}`);
        ledger.retried();
        // Outcome unknown: retry with the same key (de-duplicated if it was stored) until acknowledged.
        await sleep(100);
        if (attempt > 200) throw new Error(`produce ${key} never acknowledged`);
      }
      await sleep(15);
    }
  }

  /** One consumer per pair of queues, so its record of a queue is in delivery order. */
  async function consumer(queues: string[], untilEmpty: () => boolean): Promise<void> {
    const emptyPolls = new Map<string, number>();
    for (let i = 0; !stopConsuming; i++) {
      const queue = queues[i % queues.length];
      const res = await call('GET', `${cluster.url(pick())}/queue/${queue}?visibility_ms=${VISIBILITY_MS}&wait_ms=200`, undefined, {}, 6000);
      if (res.status === 204) {
        emptyPolls.set(queue, (emptyPolls.get(queue) ?? 0) + 1);
        if (untilEmpty() && queues.every((q) => (emptyPolls.get(q) ?? 0) >= 3)) return;
        continue;
      }
      if (res.status !== 200) {
        await sleep(50);
        continue;
      }
      emptyPolls.set(queue, 0);
      ledger.delivered({ queue, messageId: field<string>(res.body, 'message_id')!, offset: field<number>(res.body, 'offset')!, deliveryCount: field<number>(res.body, 'delivery_count')! });
      // Ack after recording; a lost ack only means a redelivery (a counted duplicate).
      await call('POST', `${cluster.url(pick())}/queue/${queue}/ack`, { ack_token: field<string>(res.body, 'ack_token') });
    }
  }

  const statusOf = async (id: string): Promise<GroupStatus[]> => (await raftStatus(cluster.url(id))).groups;

  async function partitionLeader(queue: string): Promise<string | null> {
    const res = await call('GET', `${cluster.url(pick())}/queue/${queue}/stats`, undefined, {}, 3000);
    const parts = field<{ leader: string | null }[]>(res.body, 'partitions');
    return parts?.[0]?.leader ?? null;
  }

  /** Every partition group is led by a node whose voters are exactly the placement over `members`, each voter caught up. */
  async function partitionsSettled(members: string[]): Promise<boolean> {
    const all = new Map<string, GroupStatus[]>();
    for (const id of live()) all.set(id, await statusOf(id));
    return settled(new PartitionPlacement(members, PARTITIONS, 3), all);
  }

  it('loses no acknowledged message', async () => {
    cluster.startAll();
    await cluster.waitForLeader(30_000);
    await until('every partition has a leader', async () => (await Promise.all(QUEUES.map(partitionLeader))).every((l) => l !== null), 30_000);

    const producers = [0, 1].map((p) => producer(p));
    const consumers = [QUEUES.slice(0, 2), QUEUES.slice(2)].map((qs) => consumer(qs, () => stopProducing));
    const failures: Promise<void>[] = [...producers, ...consumers];
    const failed = Promise.race(failures.map((f) => f.then(() => new Promise<void>(() => undefined))));

    const scenario = (async () => {
      await sleep(2000);
      // Kill rounds: partition leaders (of different queues) and the control group's leader.
      for (let round = 0; round < 4; round++) {
        const victim = round === 2 ? (await cluster.waitForLeader(15_000)).leader : ((await partitionLeader(QUEUES[round % QUEUES.length])) ?? pick());
        note(`round ${round}: kill -9 ${victim} (acknowledged so far ${ledger.acknowledgedCount})`);
        await cluster.kill9(victim);
        await sleep(1500);
        cluster.start(victim);
        note(`round ${round}: restarted ${victim}`);
        await sleep(2500);
      }

      // A node loses its disk. Restarted as it is, it must refuse to start (it could vote twice in
      // a term or outvote acknowledged entries); the operator removes it (its partitions move to
      // the others), then starts it empty again and adds it back as a new replica.
      const wiped = 'node3';
      await cluster.kill9(wiped);
      rmSync(join(dataDir, wiped), { recursive: true, force: true });
      note(`wipe: ${wiped} killed and its data directory deleted; restarting it as it is`);
      cluster.start(wiped);
      await until(`${wiped} refuses to start`, async () => !cluster.running().includes(wiped), 20_000);
      const refusal = readFileSync(join(dataDir, `${wiped}.log`), 'utf8');
      expect(refusal).toMatch(/must not rejoin as itself/);
      note(`wipe: ${wiped} refused to start (still a member, empty store)`);
      note(`wipe: DELETE /admin/members/${wiped}`);
      await until('remove accepted', async () => (await call('DELETE', `${cluster.url('node1')}/admin/members/${wiped}`)).status === 200, 20_000);
      await until(`partitions moved off ${wiped}`, () => partitionsSettled(cluster.ids.filter((id) => id !== wiped)), 40_000);
      note(`wipe: partitions moved off ${wiped}; starting it empty`);
      cluster.start(wiped);
      await sleep(2500);
      if (!cluster.running().includes(wiped)) throw new Error(`${wiped} did not start empty after its removal: ${readFileSync(join(dataDir, `${wiped}.log`), 'utf8').slice(-1500)}`);
      const i = cluster.ids.indexOf(wiped);
      note(`wipe: POST /admin/members ${wiped}`);
      await until(
        're-add accepted',
        async () => (await call('POST', `${cluster.url('node1')}/admin/members`, { id: wiped, host: '127.0.0.1', http_port: base + i, peer_port: base + 1000 + i, role: 'voter' })).status === 201,
        20_000,
      );
      await until(`${wiped} hosts partitions again and caught up`, async () => {
        const mine = (await statusOf(wiped)).filter((g) => g.group.startsWith('q/'));
        return mine.length > 0 && (await partitionsSettled(cluster.ids));
      }, 60_000);
      const after = await statusOf(wiped);
      note(`wipe: ${wiped} caught up: ${after.map((g) => `${g.group} applied ${g.applied} voters ${g.conf.voters.join('+')}`).join('; ')}`);
      expect(after.find((g) => g.group === 'control')?.conf.voters).toContain(wiped);

      // One more leader kill after the re-add.
      const victim = (await partitionLeader(QUEUES[0])) ?? pick();
      note(`final: kill -9 ${victim}`);
      await cluster.kill9(victim);
      await sleep(1500);
      cluster.start(victim);
      await sleep(2000);
    })();
    await Promise.race([scenario, failed]);

    stopProducing = true;
    await Promise.race([Promise.all(producers), failed]);
    note(`producers stopped: ${ledger.acknowledgedCount} acknowledged; draining`);
    let drainTimer: NodeJS.Timeout | undefined;
    const drainLimit = new Promise<void>((res) => (drainTimer = setTimeout(res, 60_000)));
    await Promise.race([Promise.all(consumers), failed, drainLimit]);
    clearTimeout(drainTimer);
    stopConsuming = true;

    const report = ledger.report();
    note(`report ${JSON.stringify({ ...report, lost: report.lost.length, orderViolations: report.orderViolations.length })}`);
    console.log(fx.events());
    expect(report.acknowledged).toBeGreaterThan(100);
    expect(report.lost).toEqual([]);
    expect(report.orderViolations).toEqual([]);
  });
});
