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
 * The same two scenarios also run on etcd's waiting recipe (etcd-mutex.ts: one lease per client,
 * waiters queued by create revision and woken by a watch), which is what etcd's own
 * concurrency API does. Failover is measured with both.
 *
 *   node -r @swc-node/register bench/reference/etcd-lock.ts [--seconds 5] [--clients 64]
 *        [--failovers 5] [--deadline-ms 2000] [--json out.json]
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

const LEASE_TTL_S = 30;
const KEY_PREFIX = 'bench-lock/';
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

async function failoverBoth(cluster: EtcdCluster, rounds: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const lockClient = newClient(cluster.endpoints);
  const ns = lockClient.namespace(`${KEY_PREFIX}failover/`);
  const plain = await measureFailover(cluster, rounds, 'etcd3 Lock', async (i) => {
    const lock = await ns.lock(`f-${i}`).ttl(LEASE_TTL_S).acquire();
    await lock.release();
  });
  lockClient.close();
  const mutex = new EtcdMutexSession(newClient(cluster.endpoints), `${KEY_PREFIX}failover-mutex/`, LEASE_TTL_S);
  const recipe = await measureFailover(cluster, rounds, 'mutex recipe', async (i) => {
    await mutex.release(await mutex.acquire(`f-${i}`, NO_COUNT));
  });
  await mutex.close();
  for (const [name, r] of [['etcd3 Lock', plain], ['mutex recipe', recipe]] as const) {
    const s = summarize(r.times);
    const e = summarize(r.elections);
    console.log(
      `# ${name} leader failover (kill -9 → next lock cycle): p50 ${s.p50.toFixed(0)} ms, max ${s.max.toFixed(0)} ms over ${r.times.length} kills (new leader: p50 ${e.p50.toFixed(0)} ms, max ${e.max.toFixed(0)} ms)`,
    );
    out[name] = { samplesMs: r.times, p50Ms: s.p50, maxMs: s.max, electionSamplesMs: r.elections, electionP50Ms: e.p50, electionMaxMs: e.max, failedCycles: r.failedCycles };
  }
  return out;
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
  // etcd's waiting recipe (etcd-mutex.ts), for a fair contended comparison.
  const mutexes = Array.from({ length: clients }, () => new EtcdMutexSession(newClient(cluster.endpoints), `${KEY_PREFIX}mutex/`, LEASE_TTL_S));
  try {
    await runLockScenario('etcd mutex', UNCONTENDED, mutexes, 1); // warm-up: leases, watch streams
    for (const scenario of [UNCONTENDED, CONTENDED]) {
      const row = await runLockScenario('etcd 3.4 (mutex recipe)', scenario, mutexes, seconds);
      console.log(`# mutex ${scenario.name}: ${row.result.opsPerSecond.toFixed(0)} cycles/s, acquire p50 ${row.result.latencyMs.p50.toFixed(2)} ms, p99 ${row.result.latencyMs.p99.toFixed(2)} ms, errors ${row.result.errors}`);
      rows.push(row);
    }
  } finally {
    await Promise.all(mutexes.map((s) => s.close()));
  }

  const failover = failovers > 0 ? await failoverBoth(cluster, failovers) : {};
  await cluster.stop();

  emitReport(
    {
      ...reportHeader('reference/etcd-lock', 'bench/reference/etcd-lock.ts', environment),
      rows,
      notes: {
        lock: 'etcd3 npm Lock: try-lock (LeaseGrant TTL 30 s + keep-alive stream, Txn create_revision==0 put with lease, LeaseRevoke on failure/release)',
        mutex: 'etcd waiting recipe (bench/reference/etcd-mutex.ts): session lease, Txn put-if-absent + oldest-key read, watch predecessor delete, DeleteRange release',
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
