/**
 * Reference: a single-node Redis lock — `SET key token NX PX 30000` to acquire, a Lua
 * compare-and-delete to release (only the holder's token deletes the key). It is a try-lock:
 * when the key exists the client retries with full-jitter backoff (bench/support/backoff.ts).
 * Not replicated: a Redis crash or failover can lose a held lock, so this is the speed of a lock
 * with no durability, for scale.
 *
 *   node -r @swc-node/register bench/reference/redis-lock.ts [--seconds 5] [--clients 64] [--json out.json]
 *        [--max-load 3 --max-wait 300]   (wait, bounded, for the 1-min load average to drop first)
 */
import Redis from 'ioredis';
import {
  acquireWithRetry,
  argNumber,
  argOptional,
  BenchRow,
  CONTENDED,
  DEFAULT_BACKOFF,
  describeBackoff,
  describeEnvironment,
  emitReport,
  LockSession,
  onCleanupAsync,
  packageVersion,
  reportHeader,
  runBench,
  runLockScenario,
  UNCONTENDED,
  waitForQuietMachine,
} from '../support';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench:lock:${process.pid}:`;
const LEASE_MS = 30_000;

// Deletes the key only if it still holds our token: a holder whose lease expired must not
// delete the next holder's lock.
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

interface Held {
  key: string;
  token: string;
}

class RedisLockSession implements LockSession<Held> {
  private seq = 0;

  constructor(
    private readonly redis: Redis,
    private readonly client: number,
  ) {}

  acquire(name: string, ctx: Parameters<LockSession<Held>['acquire']>[1]): Promise<Held> {
    const key = PREFIX + name;
    const token = `${process.pid}-${this.client}-${this.seq++}`;
    return acquireWithRetry(
      async () => ((await this.redis.set(key, token, 'PX', LEASE_MS, 'NX')) === 'OK' ? { key, token } : null),
      DEFAULT_BACKOFF,
      ctx,
    );
  }

  async release(held: Held): Promise<void> {
    const deleted = await this.redis.eval(RELEASE_SCRIPT, 1, held.key, held.token);
    if (deleted !== 1) throw new Error(`release of ${held.key} found another token (lease expired?)`);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

async function deleteBenchKeys(redis: Redis): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const clients = argNumber('clients', 64);
  const jsonPath = argOptional('json');
  const maxLoad = argOptional('max-load');
  if (maxLoad !== undefined) await waitForQuietMachine(Number(maxLoad), argNumber('max-wait', 300));

  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  onCleanupAsync(async () => {
    const n = await deleteBenchKeys(admin);
    if (n > 0) console.log(`# removed ${n} leftover ${PREFIX}* keys`);
    admin.disconnect();
  });
  const info = await admin.info('server');
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';

  const sessions: RedisLockSession[] = [];
  onCleanupAsync(async () => {
    await Promise.all(sessions.map((s) => s.close()));
  });
  for (let c = 0; c < clients; c++) {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    sessions.push(new RedisLockSession(redis, c));
  }

  const environment = describeEnvironment({ redis: redisVersion, ioredis: packageVersion('ioredis') });
  console.log(`# redis lock bench: ${REDIS_URL}, ${clients} clients, ${seconds} s per scenario, load ${environment.loadavg}`);
  console.log(`# acquire: SET NX PX ${LEASE_MS}; release: Lua compare-and-delete; busy → ${describeBackoff(DEFAULT_BACKOFF)}`);

  // Warm-up: connections, script cache, JIT.
  await runLockScenario('redis', UNCONTENDED, sessions, 1);
  const rows: BenchRow[] = [];
  for (const scenario of [UNCONTENDED, CONTENDED]) {
    const row = await runLockScenario('redis SET NX PX', scenario, sessions, seconds);
    console.log(`# ${scenario.name}: ${row.result.opsPerSecond.toFixed(0)} cycles/s, acquire p50 ${row.result.latencyMs.p50.toFixed(2)} ms, p99 ${row.result.latencyMs.p99.toFixed(2)} ms`);
    rows.push(row);
  }
  emitReport(
    {
      ...reportHeader('reference/redis-lock', 'bench/reference/redis-lock.ts', environment),
      rows,
      notes: { retryPolicy: describeBackoff(DEFAULT_BACKOFF), leaseMs: LEASE_MS, keyPrefix: PREFIX },
    },
    jsonPath,
  );
}

runBench(main);
