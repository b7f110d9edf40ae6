/**
 * Real processes, real TCP, real SQLite: kill -9 the leader 20 times (restarting it each time).
 * A new leader must be elected every time, the restarted node must catch up, and no proposal
 * that was acknowledged to a client may be missing from any node afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, ProcessCluster, sleep } from '../support/process-cluster';

const KILLS = Number(process.env.FAILOVER_KILLS ?? 20);

interface Acked {
  id: number;
  index: number;
  term: number;
}

async function appliedProposals(cluster: ProcessCluster, node: string): Promise<Map<number, unknown>> {
  const out = new Map<number, unknown>();
  let from: number | null = 1;
  while (from !== null) {
    const res = await fetch(`${cluster.url(node)}/raft/proposals?from=${from}&limit=1000`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { index: number; data: unknown }[]; next_from: number | null };
    for (const p of page.items) out.set(p.index, p.data);
    from = page.next_from;
  }
  return out;
}

/** Waits until `id` follows a leader and has applied what that leader had committed when we asked. */
async function waitForCatchUp(cluster: ProcessCluster, id: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mine = await cluster.view(id);
    const leader = mine?.leader ? await cluster.view(mine.leader) : null;
    if (mine && leader && leader.role === 'leader' && (mine.applied_index ?? 0) >= (leader.commit_index ?? Infinity)) return;
    await sleep(50);
  }
  throw new Error(`${id} did not rejoin and catch up within ${timeoutMs} ms`);
}

describe('cluster: leader failover under kill -9', () => {
  jest.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'cluster-failover-'));
  const base = 18100 + Math.floor(Math.random() * 400);
  const cluster = new ProcessCluster({ voters: 3, httpBasePort: base, peerBasePort: base + 1000, dataDir, store: 'sqlite' });

  afterAll(async () => {
    await cluster.stopAll();
    if (!process.env.KEEP_CLUSTER_DATA) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`elects a new leader after each of ${KILLS} leader kills and loses no acknowledged proposal`, async () => {
    cluster.startAll();
    await cluster.waitForLeader(30_000);

    const acked: Acked[] = [];
    let nextId = 1;
    let proposing = true;
    // Two clients keep proposing through random live nodes (followers forward to the leader).
    const client = async () => {
      while (proposing) {
        const live = cluster.running();
        const via = live[Math.floor(Math.random() * live.length)];
        const id = nextId++;
        const res = via ? await cluster.propose(via, { id }, 2000) : null;
        if (res) acked.push({ id, index: res.index, term: res.term });
        else await sleep(20);
      }
    };
    const clients = [client(), client()];

    const failoverMs: number[] = [];
    for (let round = 0; round < KILLS; round++) {
      const { leader: old } = await cluster.waitForLeader(15_000);
      const before = acked.length;
      const killedAt = Date.now();
      await cluster.kill9(old);
      // Failover = kill until a new leader has committed a fresh client proposal.
      await cluster.waitForLeader(15_000, [old]);
      const deadline = Date.now() + 15_000;
      while (acked.length === before && Date.now() < deadline) await sleep(5);
      expect(acked.length).toBeGreaterThan(before);
      failoverMs.push(Date.now() - killedAt);
      // The restarted node must rejoin and catch up before the next kill: otherwise that kill
      // leaves no quorum and measures process start-up, not failover.
      cluster.start(old);
      await waitForCatchUp(cluster, old, 30_000);
    }
    proposing = false;
    await Promise.all(clients);

    // Every node, restarted ones included, catches up to the leader's commit index.
    const { leader } = await cluster.waitForLeader(15_000);
    const leaderView = await cluster.view(leader);
    const target = leaderView?.commit_index ?? 0;
    const deadline = Date.now() + 20_000;
    for (const id of cluster.ids) {
      for (;;) {
        const v = await cluster.view(id);
        if (v && (v.applied_index ?? 0) >= target) break;
        if (Date.now() > deadline) throw new Error(`${id} did not catch up to ${target}: ${JSON.stringify(v)}`);
        await sleep(50);
      }
    }

    // No acknowledged proposal lost: each is applied at its acknowledged index on every node.
    for (const id of cluster.ids) {
      const applied = await appliedProposals(cluster, id);
      const missing = acked.filter((a) => JSON.stringify(applied.get(a.index)) !== JSON.stringify({ id: a.id }));
      expect(missing).toEqual([]);
    }

    const summary = {
      kills: KILLS,
      acked: acked.length,
      failover_ms: { p50: percentile(failoverMs, 50), max: Math.max(...failoverMs), all: failoverMs },
    };
    writeFileSync(join(__dirname, '../../.failover-times.json'), JSON.stringify(summary, null, 2));
    console.log(`failover over ${KILLS} leader kills: p50 ${summary.failover_ms.p50} ms, max ${summary.failover_ms.max} ms, ${acked.length} proposals acknowledged`);
    expect(failoverMs).toHaveLength(KILLS);
  });
});
