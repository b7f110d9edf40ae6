/**
 * The lock manager under leader crashes, with real processes (TCP, SQLite): clients acquire and
 * release a few contended locks (mostly exclusive, some shared) through every node (followers forward to the leader)
 * while the leader is killed -9 again and again and restarted. The recorded history must pass
 * the checker (test/support/history/lock-history-checker.ts): fencing tokens follow grant order,
 * the fenced storage never accepts interleaved holders, and no two acknowledged holds overlap.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForFullCluster, waitUntilAnswers } from '../support/history/cluster-waits';
import { call } from '../support/history/lock-client';
import { checkLockHistory } from '../support/history/lock-history-checker';
import { LockTestCluster } from '../support/history/lock-test-cluster';
import { LockWorkload } from '../support/history/lock-workload';
import { percentile, sleep } from '../support/process-cluster';

const KILLS = Number(process.env.LOCKS_FAILOVER_KILLS ?? 10);
const SEED = Number(process.env.LOCKS_SEED ?? Date.now() % 1_000_000);

describe('cluster: lock manager across leader kill -9', () => {
  jest.setTimeout(180_000);
  // Short proposal timeouts keep a client's unknown outcome short; logs are kept after a failure.
  const lc = new LockTestCluster('locks-failover', { proposalTimeoutMs: 3000 });
  const { cluster, dataDir } = lc;

  afterAll(async () => {
    await lc.stop();
    lc.removeDataIfPassed();
  });

  it(`keeps mutual exclusion and token order over ${KILLS} leader kills`, async () => {
    cluster.startAll();
    await cluster.waitForLeader(30_000);
    const booting = new Set<string>();

    const workload = new LockWorkload({
      clients: 6,
      locks: ['alpha', 'beta', 'gamma'],
      // A restarted node gets client traffic once it answers (its boot is not what this test measures).
      nodes: () => cluster.running().filter((id) => !booting.has(id)),
      url: (id) => cluster.url(id),
      waitMs: 1500,
      ttlMs: 1000,
      holdMs: [20, 250],
      stallProbability: 0.1,
      sharedProbability: 0.25,
      maxAttempts: 40,
      retryBudgetMs: 8000,
      callTimeoutMs: 6000,
      seed: SEED,
    });
    const started = Date.now();
    lc.track(workload);
    workload.start();
    await sleep(1500);

    const failoverMs: number[] = [];
    const bootMs: number[] = [];
    for (let round = 0; round < KILLS; round++) {
      // Kill only once every node is up and follows the leader: otherwise the "failover" would
      // include the boot of the node restarted in the previous round.
      const { leader: old, term } = await waitForFullCluster(cluster, 20_000);
      const killedAt = Date.now();
      await cluster.kill9(old);
      // Failover = kill until a client holds a grant decided by a leader of a later term.
      const deadline = killedAt + 20_000;
      const fresh = () => workload.history.grants().some((g) => g.completeAt > killedAt && g.outcome.type === 'granted' && g.outcome.term > term);
      while (!fresh() && Date.now() < deadline) await sleep(10);
      if (!fresh()) throw new Error(`round ${round}: no grant by a new leader within 20 s of killing ${old} (term ${term}); logs in ${dataDir}`);
      failoverMs.push(Date.now() - killedAt);
      cluster.start(old);
      booting.add(old);
      const bootFrom = Date.now();
      void waitUntilAnswers(cluster, old, 20_000).finally(() => {
        booting.delete(old);
        bootMs.push(Date.now() - bootFrom);
      });
      await sleep(800 + Math.floor(Math.random() * 800));
    }
    await sleep(1000);
    await workload.stop();
    const elapsedS = (Date.now() - started) / 1000;

    // Every node catches up; the table's token counter is at least every token handed out.
    const { leader } = await cluster.waitForLeader(15_000);
    const table = await call(`${cluster.url(leader)}/locks`, 'GET', { owner: 'checker', timeoutMs: 5000 });
    expect(table.status).toBe(200);
    const lastToken = Number(table.body?.last_fencing_token);
    const maxGranted = Math.max(...workload.history.grants().map((g) => (g.outcome.type === 'granted' ? g.outcome.token : 0)));
    expect(lastToken).toBeGreaterThanOrEqual(maxGranted);

    const report = checkLockHistory({ ops: workload.history.ops, writes: workload.storage.writes });
    const h = workload.history;
    const summary = {
      seed: SEED,
      leader_kills: KILLS,
      seconds: Math.round(elapsedS),
      grants: h.count('acquire', 'granted'),
      shared_grants: h.grants().filter((g) => g.mode === 'shared').length,
      refusals: h.count('acquire', 'refused'),
      unknown_acquires: h.count('acquire', 'unknown'),
      releases: h.count('release', 'released'),
      release_refused: h.count('release', 'refused'),
      unknown_releases: h.count('release', 'unknown'),
      grants_per_s: Math.round((h.count('acquire', 'granted') / elapsedS) * 10) / 10,
      attempts_by_status: Object.fromEntries(workload.attemptStatus),
      fenced_writes: { accepted: report.acceptedWrites, rejected: report.rejectedWrites },
      holds: report.holds,
      empty_hold_intervals: report.emptyIntervals,
      failover_ms: { p50: percentile(failoverMs, 50), max: Math.max(...failoverMs), all: failoverMs },
      restarted_node_boot_ms: { p50: percentile(bootMs, 50), max: Math.max(...bootMs) },
      violations: report.violations.length,
    };
    console.log(`locks failover: ${JSON.stringify(summary)}`);
    if (report.violations.length > 0 || process.env.KEEP_CLUSTER_DATA) {
      writeFileSync(join(dataDir, 'history.json'), JSON.stringify({ summary, violations: report.violations, ops: h.ops, writes: workload.storage.writes }));
    }
    if (report.violations.length > 0) console.log(`violations (seed ${SEED}, logs in ${dataDir}):\n${report.violations.slice(0, 20).map((v) => `${v.check} ${v.lock}: ${v.message}`).join('\n')}`);

    expect(report.violations).toEqual([]);
    expect(failoverMs).toHaveLength(KILLS);
    // The run must have exercised what it claims to: contention, grants after every kill, fencing.
    expect(summary.grants).toBeGreaterThan(KILLS * 5);
    expect(summary.refusals).toBeGreaterThan(0);
    expect(h.ops.filter((o) => o.kind === 'acquire' && o.outcome.type === 'refused' && o.outcome.status === 400)).toEqual([]);
    lc.markPassed();
  });
});
