import { ProcessCluster } from '../../test/support/process-cluster';
import { BenchHttpClientKind, OpContext, sleep, summarize } from '../support';
import { LeaderDirectory } from './leader-directory';
import { OurLockSession } from './our-lock-session';

export interface FailoverResult {
  samplesMs: number[];
  p50Ms: number;
  maxMs: number;
  electionSamplesMs: number[];
  electionP50Ms: number;
  electionMaxMs: number;
  failedCycles: number;
  clients: number;
}

const NO_COUNT: OpContext = { worker: 0, iteration: 0, count: () => undefined };

/**
 * Leader failover as lock users see it, measured as bench/reference/etcd-lock.ts does for etcd:
 * clients loop lock cycles (a fresh name per cycle, so a lock orphaned by the crash cannot block
 * them); the leader is killed with SIGKILL; the time is from the kill to the end of the first
 * cycle (of any client) that *started* after the kill. A failed cycle (connection refused, 503
 * while no leader is known) makes the client look the leader up again and start a new cycle
 * 10 ms later. Also recorded: when a surviving node first reports itself leader (polled every
 * 20 ms). The killed node is restarted and must catch up before the next round.
 */
export async function measureOurFailover(
  cluster: ProcessCluster,
  leaders: LeaderDirectory,
  rounds: number,
  clients: number,
  client: BenchHttpClientKind,
): Promise<FailoverResult> {
  const samples: number[] = [];
  const elections: number[] = [];
  const completions: { start: number; end: number }[] = [];
  let failedCycles = 0;
  let stop = false;
  const sessions = Array.from({ length: clients }, (_, c) => new OurLockSession(leaders, `failover-${process.pid}-${c}`, { waitMs: 0, ttlMs: 30_000, client }));
  const loops = sessions.map(async (session, c) => {
    for (let i = 0; !stop; i++) {
      const start = performance.now();
      try {
        await session.release(await session.acquire(`f-${c}-${i}`, NO_COUNT));
        completions.push({ start, end: performance.now() });
      } catch {
        failedCycles++;
        await sleep(10);
      }
    }
  });
  try {
    for (let round = 0; round < rounds; round++) {
      await sleep(1500); // steady state
      const { leader } = await cluster.waitForLeader(30_000);
      const killedAt = performance.now();
      await cluster.kill9(leader);
      const elected = timeToNewLeader(cluster, killedAt);
      let recovered: number | undefined;
      while (recovered === undefined && performance.now() - killedAt < 60_000) {
        const next = completions.find((c) => c.start >= killedAt);
        if (next) recovered = next.end - killedAt;
        else await sleep(5);
      }
      if (recovered === undefined) throw new Error(`no lock cycle succeeded within 60 s of killing ${leader}`);
      samples.push(recovered);
      const electedMs = await elected;
      elections.push(electedMs);
      completions.length = 0;
      console.log(`# ours failover ${round + 1}/${rounds}: killed leader ${leader}, new leader seen after ${electedMs.toFixed(0)} ms, next lock cycle after ${recovered.toFixed(0)} ms`);
      cluster.start(leader);
      await waitForCatchUp(cluster, leader);
    }
  } finally {
    stop = true;
    await Promise.race([Promise.all(loops), sleep(5000)]);
    await Promise.all(sessions.map((s) => s.close()));
  }
  const s = summarize(samples);
  const e = summarize(elections);
  return { samplesMs: samples, p50Ms: s.p50, maxMs: s.max, electionSamplesMs: elections, electionP50Ms: e.p50, electionMaxMs: e.max, failedCycles, clients };
}

async function timeToNewLeader(cluster: ProcessCluster, since: number): Promise<number> {
  while (performance.now() - since < 60_000) {
    const views = await Promise.all(cluster.running().map((id) => cluster.view(id, 200)));
    if (views.some((v) => v?.role === 'leader')) return performance.now() - since;
    await sleep(20);
  }
  return Number.NaN;
}

/** Waits (bounded) until the restarted node has applied what the leader had committed. */
async function waitForCatchUp(cluster: ProcessCluster, id: string): Promise<void> {
  const { leader } = await cluster.waitForLeader(30_000);
  const target = (await cluster.view(leader, 1000))?.commit_index ?? 0;
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const view = await cluster.view(id, 300);
    if (view && (view.applied_index ?? 0) >= target) return;
    await sleep(50);
  }
  throw new Error(`${id} did not catch up to index ${target} within 30 s`);
}
