/**
 * Reference: etcd 3.4 (Debian's etcd-server), a 3-member cluster on loopback started by this
 * script, locked through the `etcd3` npm client's Lock.
 *
 * What etcd3's `Lock` does (node_modules/etcd3/lib/lock.js, v1.1.2) — it is a TRY-lock, not
 * etcd's waiting concurrency recipe: acquire = LeaseGrant(TTL 30 s) (+ a keep-alive stream the
 * Lease opens) and one Txn "if create_revision(key) == 0 then put key with the lease"; when the
 * Txn fails it revokes the lease and throws EtcdLockFailedError. release = LeaseRevoke (which
 * deletes the key). So a busy lock costs a grant, a Txn and a revoke per attempt, and waiting
 * is the caller's retry loop: here full-jitter backoff (bench/support/backoff.ts).
 *
 *   node -r @swc-node/register bench/reference/etcd-lock.ts [--seconds 5] [--clients 64]
 *        [--failovers 5] [--json out.json]
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
  formatLoad,
  LockSession,
  OpContext,
  onCleanupSync,
  packageVersion,
  runBench,
  runLockScenario,
  sleep,
  summarize,
  UNCONTENDED,
} from '../support';
import { ETCD_BINARY, EtcdCluster } from './etcd-cluster';

const LEASE_TTL_S = 30;
const KEY_PREFIX = 'bench-lock/';
/** Unary calls fail after this long, so a call stuck on a killed member is retried elsewhere. */
const CALL_DEADLINE_MS = 2000;

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

  constructor(private readonly client: Etcd3) {
    this.ns = client.namespace(KEY_PREFIX);
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
 * so a lease orphaned by the crash cannot block it), the leader is killed with SIGKILL, and we
 * time from the kill to the end of the first cycle that started after the kill. The killed
 * member is restarted and the cluster settles before the next round.
 */
async function measureFailover(cluster: EtcdCluster, rounds: number): Promise<{ times: number[]; failedCycles: number }> {
  const client = newClient(cluster.endpoints);
  const ns = client.namespace(`${KEY_PREFIX}failover/`);
  const times: number[] = [];
  let failedCycles = 0;
  let cycle = 0;
  let stop = false;
  const completions: { start: number; end: number }[] = [];
  const loop = (async () => {
    while (!stop) {
      const start = performance.now();
      try {
        const lock = await ns.lock(`f-${cycle++}`).ttl(LEASE_TTL_S).acquire();
        await lock.release();
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
      const deadline = killedAt + 60_000;
      let recovered: number | undefined;
      while (recovered === undefined && performance.now() < deadline) {
        const next = completions.find((c) => c.start >= killedAt);
        if (next) recovered = next.end - killedAt;
        else await sleep(5);
      }
      if (recovered === undefined) throw new Error(`no lock cycle succeeded within 60 s of killing ${leader.name}`);
      times.push(recovered);
      console.log(`# failover ${round + 1}/${rounds}: killed leader ${leader.name}, next lock cycle after ${recovered.toFixed(0)} ms`);
      await cluster.restart(leader);
      await cluster.waitForLeader(30_000);
    }
  } finally {
    stop = true;
    await Promise.race([loop, sleep(5000)]);
    client.close();
  }
  return { times, failedCycles };
}

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const clients = argNumber('clients', 64);
  const failovers = argNumber('failovers', 5);
  const jsonPath = argOptional('json');

  const cluster = new EtcdCluster();
  await cluster.start();
  const environment = describeEnvironment({ etcd: commandVersion(ETCD_BINARY, ['--version']), etcd3: packageVersion('etcd3') });
  console.log(`# etcd lock bench: 3 members ${cluster.endpoints.join(' ')}, data ${cluster.dataDir}`);
  console.log(`# ${environment.etcd}; ${clients} clients, ${seconds} s per scenario, load ${environment.loadavg}`);
  console.log(`# etcd3 Lock = try-lock (LeaseGrant + Txn create_revision==0 + LeaseRevoke); busy → ${describeBackoff(DEFAULT_BACKOFF)}`);

  const sessions = Array.from({ length: clients }, () => new EtcdLockSession(newClient(cluster.endpoints)));
  const rows: BenchRow[] = [];
  try {
    await runLockScenario('etcd', UNCONTENDED, sessions, 1); // warm-up: channels, JIT
    for (const scenario of [UNCONTENDED, CONTENDED]) {
      const row = await runLockScenario('etcd 3.4 (etcd3 Lock)', scenario, sessions, seconds);
      console.log(`# ${scenario.name}: ${row.result.opsPerSecond.toFixed(0)} cycles/s, acquire p50 ${row.result.latencyMs.p50.toFixed(2)} ms, p99 ${row.result.latencyMs.p99.toFixed(2)} ms, errors ${row.result.errors}`);
      rows.push(row);
    }
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }

  const failover = failovers > 0 ? await measureFailover(cluster, failovers) : { times: [], failedCycles: 0 };
  const failoverSummary = summarize(failover.times);
  if (failovers > 0) {
    console.log(`# leader failover (kill -9 → next lock cycle): p50 ${failoverSummary.p50.toFixed(0)} ms, max ${failoverSummary.max.toFixed(0)} ms over ${failover.times.length} kills`);
  }
  await cluster.stop();

  emitReport(
    {
      bench: 'reference/etcd-lock',
      startedAt: environment.date,
      command: `node -r @swc-node/register bench/reference/etcd-lock.ts ${process.argv.slice(2).join(' ')}`.trim(),
      environment: { ...environment, loadavgAtEnd: formatLoad() },
      rows,
      notes: {
        lock: 'etcd3 npm Lock: try-lock (LeaseGrant TTL 30 s + keep-alive stream, Txn create_revision==0 put with lease, LeaseRevoke on failure/release)',
        retryPolicy: describeBackoff(DEFAULT_BACKOFF),
        callDeadlineMs: CALL_DEADLINE_MS,
        etcdTimeouts: 'etcd defaults: heartbeat 100 ms, election timeout 1000 ms',
        failoverMs: { samples: failover.times, p50: failoverSummary.p50, max: failoverSummary.max },
        failoverFailedCycles: failover.failedCycles,
      },
    },
    jsonPath,
  );
}

runBench(main);
