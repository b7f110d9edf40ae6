/**
 * Reference: etcd 3.4 (Debian's etcd-server), a 3-member cluster on loopback started by this
 * script, locked three ways, each in both scenarios and with leader failover:
 *
 * 1. the `etcd3` npm client's Lock (node_modules/etcd3/lib/lock.js, v1.1.2) — a TRY-lock, not
 *    etcd's waiting concurrency recipe: acquire = LeaseGrant(TTL 30 s) (+ a keep-alive stream the
 *    Lease opens) and one Txn "if create_revision(key) == 0 then put key with the lease"; when the
 *    Txn fails it revokes the lease and throws EtcdLockFailedError. release = LeaseRevoke (which
 *    deletes the key). So a busy lock costs a grant, a Txn and a revoke per attempt, and waiting
 *    is the caller's retry loop: here full-jitter backoff (bench/support/backoff.ts);
 * 2. etcd's waiting recipe written here on the client's KV/Watch calls (etcd-mutex.ts: one lease
 *    per client, waiters queued by create revision and woken by a watch);
 * 3. etcd's own lock service, the v3lock gRPC API (etcd-v3lock.ts: Lock blocks in the server
 *    until held, Unlock deletes the ownership key; one lease per client).
 *
 *   node -r @swc-node/register bench/reference/etcd-lock.ts [--seconds 5] [--clients 64]
 *        [--failovers 5] [--deadline-ms 2000] [--json out.json] [--only etcd3,mutex,v3lock]
 *        [--max-load 3 --max-wait 300]   (wait, bounded, for the 1-min load average to drop first)
 */
import { Etcd3, EtcdLockFailedError, Lock, Namespace } from 'etcd3';
import {
  acquireWithRetry,
  argNumber,
  argOptional,
  BenchRow,
  commandVersion,
  CONTENDED,
  DEFAULT_BACKOFF,
  describeBackoff,
  describeEnvironment,
  emitReport,
  LockSession,
  onCleanupSync,
  OpContext,
  packageVersion,
  reportHeader,
  runBench,
  runLockScenario,
  sleep,
  summarize,
  UNCONTENDED,
  waitForQuietMachine,
} from '../support';
import { ETCD_BINARY, EtcdCluster } from './etcd-cluster';
import { EtcdMutexSession } from './etcd-mutex';
import { EtcdV3LockSession, pickFirstTarget } from './etcd-v3lock';

const LEASE_TTL_S = 30;
const KEY_PREFIX = 'bench-lock/';
/** How long a waiting acquire (mutex recipe, v3lock Lock) may wait in etcd's queue. */
const WAIT_DEADLINE_MS = 30_000;
/**
 * Unary calls fail after this long, so a call stuck on a killed member (or a proposal dropped by
 * a follower that has no leader) is retried. It bounds the failover a client sees: --deadline-ms.
 */
const CALL_DEADLINE_MS = argNumber('deadline-ms', 2000);

function newClient(endpoints: string[]): Etcd3 {
  const client = new Etcd3({
    hosts: endpoints,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + CALL_DEADLINE_MS }),
  });
  onCleanupSync(() => client.close());
  return client;
}

class EtcdLockSession implements LockSession<Lock> {
  private readonly ns: Namespace;

  constructor(
    private readonly client: Etcd3,
    prefix: string,
  ) {
    this.ns = client.namespace(prefix);
  }

  acquire(name: string, ctx: OpContext): Promise<Lock> {
    return acquireWithRetry(() => tryLock(this.ns, name), DEFAULT_BACKOFF, ctx);
  }

  release(lock: Lock): Promise<void> {
    return lock.release();
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

async function tryLock(ns: Namespace, name: string): Promise<Lock | null> {
  try {
    return await ns.lock(name).ttl(LEASE_TTL_S).acquire();
  } catch (err) {
    if (err instanceof EtcdLockFailedError) return null;
    throw err;
  }
}

/**
 * Leader failover as a lock user sees it: one client loops lock cycles (a fresh name each time,
 * so a lock orphaned by the crash cannot block it), the leader is killed with SIGKILL, and we
 * time from the kill to the end of the first cycle that started after the kill. The killed
 * member is restarted and the cluster settles before the next round.
 */
async function measureFailover(
  cluster: EtcdCluster,
  rounds: number,
  label: string,
  lockCycle: (i: number) => Promise<void>,
): Promise<{ times: number[]; elections: number[]; failedCycles: number }> {
  const times: number[] = [];
  const elections: number[] = [];
  let failedCycles = 0;
  let stop = false;
  const completions: { start: number; end: number }[] = [];
  const loop = (async () => {
    for (let i = 0; !stop; i++) {
      const start = performance.now();
      try {
        await lockCycle(i);
        completions.push({ start, end: performance.now() });
      } catch {
        failedCycles++;
        await sleep(5);
      }
    }
  })();
  try {
    for (let round = 0; round < rounds; round++) {
      await sleep(1500); // steady state
      const leader = await cluster.waitForLeader(30_000);
      const killedAt = performance.now();
      await leader.process.kill('SIGKILL');
      const elected = waitForNewLeader(cluster, killedAt);
      const deadline = killedAt + 60_000;
      let recovered: number | undefined;
      while (recovered === undefined && performance.now() < deadline) {
        const next = completions.find((c) => c.start >= killedAt);
        if (next) recovered = next.end - killedAt;
        else await sleep(5);
      }
      if (recovered === undefined) throw new Error(`${label}: no lock cycle succeeded within 60 s of killing ${leader.name}`);
      times.push(recovered);
      const electedMs = await elected;
      elections.push(electedMs);
      console.log(
        `# ${label} failover ${round + 1}/${rounds}: killed leader ${leader.name}, new leader after ${electedMs.toFixed(0)} ms, next lock cycle after ${recovered.toFixed(0)} ms`,
      );
      await cluster.restart(leader);
      await cluster.waitForLeader(30_000);
    }
  } finally {
    stop = true;
    await Promise.race([loop, sleep(5000)]);
  }
  return { times, elections, failedCycles };
}

/** Milliseconds from `since` until a surviving member reports itself leader (polled every 20 ms). */
async function waitForNewLeader(cluster: EtcdCluster, since: number): Promise<number> {
  while (performance.now() - since < 60_000) {
    if (await cluster.leader()) return performance.now() - since;
    await sleep(20);
  }
  return Number.NaN;
}

const NO_COUNT: OpContext = { worker: 0, iteration: 0, count: () => undefined };

/** One way of locking etcd: how its sessions are made, and its labels in the reports. */
interface EtcdLockKind {
  /** `--only` value, and the folder of its keys. */
  id: string;
  /** Key of its failover note (compare-locks prints it). */
  name: string;
  /** The `system` column of its rows. */
  system: string;
  /**
   * A session with its own client, its keys under `prefix`. `waitDeadlineMs` is the deadline of
   * a call that waits in etcd (v3lock Lock); the mutex recipe waits up to 30 s on its watch.
   */
  session(endpoints: string[], index: number, prefix: string, waitDeadlineMs: number): LockSession<unknown>;
}

const KINDS: EtcdLockKind[] = [
  {
    id: 'etcd3',
    name: 'etcd3 Lock',
    system: 'etcd 3.4 (etcd3 Lock)',
    session: (endpoints, _index, prefix) => new EtcdLockSession(newClient(endpoints), prefix),
  },
  {
    id: 'mutex',
    name: 'mutex recipe',
    system: 'etcd 3.4 (mutex recipe)',
    session: (endpoints, _index, prefix) => new EtcdMutexSession(newClient(endpoints), prefix, LEASE_TTL_S),
  },
  {
    id: 'v3lock',
    name: 'v3lock API',
    system: 'etcd 3.4 (v3lock API)',
    session: (endpoints, index, prefix, waitDeadlineMs) =>
      new EtcdV3LockSession(newClient(endpoints), prefix, {
        target: pickFirstTarget(endpoints, index), // spreads the sessions over the members
        ttlSeconds: LEASE_TTL_S,
        lockDeadlineMs: waitDeadlineMs,
        unlockDeadlineMs: CALL_DEADLINE_MS,
      }),
  },
];

/** Both scenarios on one kind with `clients` sessions (after a 1 s warm-up: channels, leases, JIT). */
async function measureKind(kind: EtcdLockKind, endpoints: string[], clients: number, seconds: number): Promise<BenchRow[]> {
  const prefix = `${KEY_PREFIX}${kind.id}/`;
  const sessions = Array.from({ length: clients }, (_, i) => kind.session(endpoints, i, prefix, WAIT_DEADLINE_MS));
  const rows: BenchRow[] = [];
  try {
    await runLockScenario(kind.system, UNCONTENDED, sessions, 1);
    for (const scenario of [UNCONTENDED, CONTENDED]) {
      const row = await runLockScenario(kind.system, scenario, sessions, seconds);
      console.log(`# ${kind.name} ${scenario.name}: ${row.result.opsPerSecond.toFixed(0)} cycles/s, acquire p50 ${row.result.latencyMs.p50.toFixed(2)} ms, p99 ${row.result.latencyMs.p99.toFixed(2)} ms, errors ${row.result.errors}, client CPU ${row.result.clientCpuPercent.toFixed(0)} %`);
      rows.push(row);
    }
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  return rows;
}

/**
 * Failover of one kind: one session loops cycles on fresh names; every call, the blocking Lock
 * included, has the unary deadline (--deadline-ms), as a fresh name never waits for a holder.
 */
async function failoverOf(kind: EtcdLockKind, cluster: EtcdCluster, rounds: number): Promise<Record<string, unknown>> {
  const session = kind.session(cluster.endpoints, 0, `${KEY_PREFIX}failover-${kind.id}/`, CALL_DEADLINE_MS);
  let r: Awaited<ReturnType<typeof measureFailover>>;
  try {
    r = await measureFailover(cluster, rounds, kind.name, async (i) => {
      await session.release(await session.acquire(`f-${i}`, NO_COUNT));
    });
  } finally {
    await session.close();
  }
  const s = summarize(r.times);
  const e = summarize(r.elections);
  console.log(
    `# ${kind.name} leader failover (kill -9 → next lock cycle): p50 ${s.p50.toFixed(0)} ms, max ${s.max.toFixed(0)} ms over ${r.times.length} kills (new leader: p50 ${e.p50.toFixed(0)} ms, max ${e.max.toFixed(0)} ms)`,
  );
  return { samplesMs: r.times, p50Ms: s.p50, maxMs: s.max, electionSamplesMs: r.elections, electionP50Ms: e.p50, electionMaxMs: e.max, failedCycles: r.failedCycles };
}

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const clients = argNumber('clients', 64);
  const failovers = argNumber('failovers', 5);
  const jsonPath = argOptional('json');
  const maxLoad = argOptional('max-load');
  if (maxLoad !== undefined) await waitForQuietMachine(Number(maxLoad), argNumber('max-wait', 300));

  const cluster = new EtcdCluster();
  await cluster.start();
  const environment = describeEnvironment({ etcd: commandVersion(ETCD_BINARY, ['--version']), etcd3: packageVersion('etcd3') });
  console.log(`# etcd lock bench: 3 members ${cluster.endpoints.join(' ')}, data ${cluster.dataDir}`);
  console.log(`# ${environment.etcd}; ${clients} clients, ${seconds} s per scenario, load ${environment.loadavg}`);
  console.log(`# etcd3 Lock = try-lock (LeaseGrant + Txn create_revision==0 + LeaseRevoke); busy → ${describeBackoff(DEFAULT_BACKOFF)}`);

  const only = argOptional('only');
  const kinds = KINDS.filter((k) => only === undefined || only.split(',').includes(k.id));
  const rows: BenchRow[] = [];
  for (const kind of kinds) rows.push(...(await measureKind(kind, cluster.endpoints, clients, seconds)));
  const failover: Record<string, unknown> = {};
  for (const kind of failovers > 0 ? kinds : []) failover[kind.name] = await failoverOf(kind, cluster, failovers);
  await cluster.stop();

  emitReport(
    {
      ...reportHeader('reference/etcd-lock', 'bench/reference/etcd-lock.ts', environment),
      rows,
      notes: {
        lock: 'etcd3 npm Lock: try-lock (LeaseGrant TTL 30 s + keep-alive stream, Txn create_revision==0 put with lease, LeaseRevoke on failure/release)',
        mutex: 'etcd waiting recipe (bench/reference/etcd-mutex.ts): session lease, Txn put-if-absent + oldest-key read, watch predecessor delete, DeleteRange release',
        v3lock: 'etcd v3lock gRPC service (bench/reference/etcd-v3lock.ts): session lease, Lock(name, lease) blocks in the server until held, Unlock(key)',
        waitDeadlineMs: WAIT_DEADLINE_MS,
        retryPolicy: describeBackoff(DEFAULT_BACKOFF),
        callDeadlineMs: CALL_DEADLINE_MS,
        etcdTimeouts: 'etcd defaults: heartbeat 100 ms, election timeout 1000 ms',
        failover,
      },
    },
    jsonPath,
  );
}

runBench(main);
