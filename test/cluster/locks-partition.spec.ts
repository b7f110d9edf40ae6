/**
 * The lock manager under a real network partition: three node processes, each in its own network
 * namespace (test/support/netns), the current leader cut off from both followers. The isolated
 * old leader must stop granting and stop answering linearizable reads; the majority elects a new
 * leader and goes on granting with higher fencing tokens (a lease held through the old leader
 * expires there and passes on); after healing, the old leader follows and catches up, and tokens
 * never went backwards. Needs root and iproute2: without them this test FAILS, it does not skip.
 */
import { waitForFullCluster } from '../support/history/cluster-waits';
import { acquireOutcome, call, HttpAnswer, releaseOutcome } from '../support/history/lock-client';
import { AcquireOp, HistoryRecorder } from '../support/history/lock-history';
import { checkLockHistory } from '../support/history/lock-history-checker';
import { LockTestCluster } from '../support/history/lock-test-cluster';
import { LockWorkload } from '../support/history/lock-workload';
import { NetnsNetwork } from '../support/netns/netns-network';
import { sleep } from '../support/process-cluster';

const PROPOSAL_TIMEOUT_MS = 3000;
/** How long the isolated leader may take to answer (it must answer, and not with a grant). */
const ISOLATED_ANSWER_BOUND_MS = PROPOSAL_TIMEOUT_MS + 3000;

describe('cluster: lock manager across a network partition (network namespaces)', () => {
  jest.setTimeout(180_000);
  const ids = ['node1', 'node2', 'node3'];
  const net = new NetnsNetwork({ stem: 'lkp', block: '10.213', nodes: ids });
  const lc = new LockTestCluster('locks-partition', { proposalTimeoutMs: PROPOSAL_TIMEOUT_MS, hosts: ids.map((id) => net.host(id)), launcher: (id) => net.launcher(id) });
  const { cluster } = lc;
  const history = new HistoryRecorder();

  beforeAll(() => {
    // Throws with the reason (not root, no iproute2, subnet taken): the test fails loudly.
    net.setup();
  });

  afterAll(async () => {
    await lc.stop();
    net.teardown();
    lc.removeDataIfPassed();
  });

  async function acquire(node: string, lock: string, owner: string, query = 'wait_ms=0&ttl_ms=10000'): Promise<{ op: AcquireOp; answer: HttpAnswer }> {
    const invokeAt = Date.now();
    const answer = await call(`${cluster.url(node)}/lock/${lock}?${query}`, 'POST', { owner, requestId: `acq-${owner}-${lock}`, timeoutMs: 15_000 });
    const op: AcquireOp = { kind: 'acquire', id: history.newId(), client: owner, owner, lock, mode: 'exclusive', invokeAt, completeAt: Date.now(), attempts: 1, via: [node], outcome: acquireOutcome(answer) };
    history.record(op);
    return { op, answer };
  }

  async function release(node: string, lock: string, owner: string): Promise<HttpAnswer> {
    const invokeAt = Date.now();
    const answer = await call(`${cluster.url(node)}/lock/${lock}`, 'DELETE', { owner, requestId: `rel-${owner}-${lock}`, timeoutMs: 15_000 });
    history.record({ kind: 'release', id: history.newId(), client: owner, owner, lock, invokeAt, completeAt: Date.now(), attempts: 1, via: [node], outcome: releaseOutcome(answer) });
    return answer;
  }

  function tokenOf(op: AcquireOp): number {
    if (op.outcome.type !== 'granted') throw new Error(`${op.owner} on ${op.via[0]} was not granted ${op.lock}: ${JSON.stringify(op.outcome)}`);
    return op.outcome.token;
  }

  it('the isolated leader stops granting, the majority goes on with higher tokens, the old leader catches up after healing', async () => {
    cluster.startAll();
    const { leader: old, term: oldTerm } = await waitForFullCluster(cluster, 30_000);
    const majority = ids.filter((id) => id !== old);

    // Background: contended clients through all three nodes, before, during and after the cut.
    const workload = new LockWorkload({
      clients: 4,
      locks: ['bg-1', 'bg-2'],
      nodes: () => ids,
      url: (id) => cluster.url(id),
      waitMs: 1000,
      ttlMs: 1000,
      holdMs: [20, 200],
      stallProbability: 0.1,
      maxAttempts: 40,
      retryBudgetMs: 8000,
      callTimeoutMs: 6000,
      seed: Date.now() % 1_000_000,
    });
    lc.track(workload);
    workload.start();
    await sleep(1000);

    // Before: grants through every node; `lease` is held through the old leader with a short lease.
    let maxBefore = 0;
    for (const [i, node] of ids.entries()) maxBefore = Math.max(maxBefore, tokenOf((await acquire(node, `before-${i}`, `pre-${node}`)).op));
    const held = (await acquire(old, 'lease', 'old-holder', 'wait_ms=0&ttl_ms=2000')).op;
    maxBefore = Math.max(maxBefore, tokenOf(held));

    // A waiter queued through the old leader when the cut comes (its request is held open there).
    maxBefore = Math.max(maxBefore, tokenOf((await acquire(old, 'queue', 'q-holder', 'wait_ms=0&ttl_ms=2500')).op));
    const queued = acquire(old, 'queue', 'q-waiter', 'wait_ms=20000&ttl_ms=10000');
    await sleep(300);

    const cutAt = Date.now();
    net.isolate(old);

    // The isolated old leader: a fresh (uncontended) lock, a read and a release, sent to it directly.
    const isolatedCalls = Promise.all([
      (async () => {
        const t = Date.now();
        const r = await acquire(old, 'iso', 'iso-client');
        return { what: 'acquire', status: r.answer.status, error: r.answer.body?.error ?? r.answer.error, ms: Date.now() - t };
      })(),
      (async () => {
        const t = Date.now();
        const r = await call(`${cluster.url(old)}/locks`, 'GET', { owner: 'reader', timeoutMs: 15_000 });
        return { what: 'read', status: r.status, error: r.body?.error ?? r.error, ms: Date.now() - t };
      })(),
      (async () => {
        const t = Date.now();
        const r = await release(old, 'lease', 'old-holder');
        return { what: 'release', status: r.status, error: r.body?.error ?? r.error, ms: Date.now() - t };
      })(),
    ]);

    // The majority elects a new leader of a later term.
    const { leader: fresh, term: freshTerm } = await cluster.waitForLeader(15_000, [old]);
    const electedMs = Date.now() - cutAt;
    expect(majority).toContain(fresh);
    expect(freshTerm).toBeGreaterThan(oldTerm);

    // ... and goes on granting through both of its nodes, with higher tokens.
    const during: number[] = [];
    for (const [i, node] of majority.entries()) during.push(tokenOf((await acquire(node, `during-${i}`, `maj-${node}`)).op));
    expect(Math.min(...during)).toBeGreaterThan(maxBefore);
    // The lease taken through the old leader expires on the majority side and passes to a waiter.
    const next = (await acquire(majority[1], 'lease', 'new-holder', 'wait_ms=8000&ttl_ms=10000')).op;
    expect(tokenOf(next)).toBeGreaterThan(tokenOf(held));
    expect(next.completeAt).toBeGreaterThanOrEqual(held.outcome.type === 'granted' ? held.outcome.leaseExpiresAt : Infinity);

    // Nothing the isolated node answered was a grant or a successful read, and it answered in time.
    const isolated = await isolatedCalls;
    console.log(`isolated old leader ${old} answered: ${JSON.stringify(isolated)}`);
    for (const r of isolated) {
      expect(r.status).not.toBe(200);
      expect([503, 504]).toContain(r.status);
      expect(r.ms).toBeLessThan(ISOLATED_ANSWER_BOUND_MS);
    }
    // The held-open wait fails with 503 (outcome unknown); the retry with the same X-Request-Id on
    // the majority side resumes the replicated wait and is granted once q-holder's lease ends.
    const queuedFirst = await queued;
    expect(queuedFirst.answer.status).toBe(503);
    const resumed = (await acquire(majority[0], 'queue', 'q-waiter', 'wait_ms=20000&ttl_ms=10000')).op;
    expect(tokenOf(resumed)).toBeGreaterThan(maxBefore);

    // Check-quorum: the old leader has stepped down by itself, and now refuses at once.
    const stepDownDeadline = Date.now() + 5000;
    let oldView = await cluster.view(old);
    while (oldView?.role === 'leader' && Date.now() < stepDownDeadline) {
      await sleep(50);
      oldView = await cluster.view(old);
    }
    expect(oldView?.role).not.toBe('leader');
    const t = Date.now();
    const refused = await acquire(old, 'iso-2', 'iso-client-2');
    expect(refused.answer.status).toBe(503);
    expect(Date.now() - t).toBeLessThan(2000);
    const readRefused = await call(`${cluster.url(old)}/locks`, 'GET', { owner: 'reader', timeoutMs: 5000 });
    expect(readRefused.status).toBe(503);
    // Its stale view is still served, and shows none of the majority's grants.
    const staleIsolated = await call(`${cluster.url(old)}/locks?stale=true`, 'GET', { owner: 'reader', timeoutMs: 5000 });
    expect(staleIsolated.status).toBe(200);
    expect(Number(staleIsolated.body?.last_fencing_token)).toBeLessThan(Math.min(...during));

    // Heal: the old leader follows the new one and catches up.
    const healAt = Date.now();
    net.heal();
    const leaderView = await cluster.view(fresh);
    const target = leaderView?.commit_index ?? 0;
    let caughtUp: Awaited<ReturnType<typeof cluster.view>> = null;
    const catchUpDeadline = Date.now() + 15_000;
    for (;;) {
      caughtUp = await cluster.view(old);
      if (caughtUp && caughtUp.role === 'follower' && caughtUp.leader !== null && caughtUp.leader !== old && (caughtUp.applied_index ?? 0) >= target) break;
      if (Date.now() > catchUpDeadline) throw new Error(`${old} did not follow and catch up to ${target} within 15 s of healing: ${JSON.stringify(caughtUp)}`);
      await sleep(50);
    }
    const caughtUpMs = Date.now() - healAt;
    const readHealed = await call(`${cluster.url(old)}/locks`, 'GET', { owner: 'reader', timeoutMs: 5000 });
    expect(readHealed.status).toBe(200);
    expect(Number(readHealed.body?.last_fencing_token)).toBeGreaterThanOrEqual(Math.max(...during, tokenOf(next)));

    // Granting through the old leader works again (forwarded), with a token above everything before.
    const after = (await acquire(old, 'after', 'post-client')).op;
    expect(tokenOf(after)).toBeGreaterThan(Math.max(...during, tokenOf(next)));

    // The background clients' history passes the checker over the whole run.
    await sleep(1000);
    await workload.stop();
    const bg = checkLockHistory({ ops: workload.history.ops, writes: workload.storage.writes });
    const bgSummary = {
      grants: workload.history.count('acquire', 'granted'),
      refusals: workload.history.count('acquire', 'refused'),
      unknown: workload.history.count('acquire', 'unknown'),
      fenced_rejected: bg.rejectedWrites,
      attempts_by_status: Object.fromEntries(workload.attemptStatus),
    };
    // Nothing the background sent to the isolated node during the cut was granted there (a grant
    // asked of it then completes only after healing, forwarded to the new leader).
    const viaIsolated = workload.history.grants().filter((g) => g.via.at(-1) === old && g.invokeAt > cutAt + 100 && g.completeAt < healAt);
    console.log(`background clients: ${JSON.stringify({ ...bgSummary, granted_by_isolated_during_cut: viaIsolated.length })}`);
    expect(bg.violations).toEqual([]);
    // The count depends on how fast the machine is (17-34 alone, 5 inside a loaded full npm test):
    // it only has to show the history checked above is not empty. The majority's progress during
    // the cut is asserted on its own (`during`).
    expect(bgSummary.grants).toBeGreaterThan(0);
    expect(viaIsolated).toEqual([]);

    // Tokens never went backwards: every grant in acknowledgement order has a higher token.
    const grants = history.grants().sort((a, b) => a.completeAt - b.completeAt);
    const tokens = grants.map(tokenOf);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(tokens.length);
    const report = checkLockHistory({ ops: history.ops, writes: [] });
    expect(report.violations).toEqual([]);

    console.log(
      `locks partition: ${JSON.stringify({ old_leader: old, old_term: oldTerm, new_leader: fresh, new_term: freshTerm, new_leader_elected_ms: electedMs, caught_up_after_heal_ms: caughtUpMs, tokens })}`,
    );
    lc.markPassed();
  });
});
