/**
 * Prints the lock results of one side-by-side run (run-side-by-side.sh) as one table with
 * ratios (ours ÷ each reference row: etcd3 Lock, etcd mutex recipe, etcd's v3lock API, Redis),
 * the failover times, and issue 4's targets checked against them. Issue 4 names etcd's
 * concurrency Lock API with leases: that is the `v3lock API` row.
 *
 *   node -r @swc-node/register bench/locks/compare-locks.ts ours.json etcd-lock.json redis-lock.json
 */
import { BenchRow, summarize } from '../support';
import { formatSideBySide, loadLine, ratios, readReports } from './side-by-side';

interface FailoverNote {
  samplesMs: number[];
  p50Ms: number;
  maxMs: number;
}

const isOurs = (row: BenchRow): boolean => row.system.startsWith('ours');

function main(): void {
  const reports = readReports(process.argv.slice(2));
  const rows = reports.flatMap((r) => r.rows);
  console.log('# locks side by side (64 clients; cycles/s = acquire+release; latency = acquire)');
  for (const r of reports) console.log(`#   ${loadLine(r)}`);
  console.log('');
  console.log(formatSideBySide(rows, isOurs));

  const failovers = reports.flatMap((r) => Object.entries((r.notes.failover ?? {}) as Record<string, FailoverNote>));
  console.log('\n# leader failover: kill -9 of the leader → end of the first lock cycle started after the kill');
  for (const [system, f] of failovers) {
    const s = summarize(f.samplesMs);
    console.log(`#   ${system.padEnd(24)} p50 ${s.p50.toFixed(0).padStart(5)} ms  max ${s.max.toFixed(0).padStart(5)} ms  samples ${f.samplesMs.map((v) => v.toFixed(0)).join(', ')}`);
  }

  console.log('\n# issue 4 targets');
  const rs = ratios(rows, isOurs);
  for (const r of rs.filter((x) => x.reference.startsWith('etcd'))) {
    const named = r.reference.includes('v3lock') ? ' (the API issue 4 names)' : '';
    if (r.scenario.startsWith('uncontended')) {
      const met = r.opsRatio >= 5 && r.p99Ratio < 1;
      console.log(`#   uncontended vs ${r.reference}${named}: ${r.opsRatio.toFixed(2)}x cycles/s (target >= 5x), p99 ratio ${r.p99Ratio.toFixed(2)} (target < 1): ${met ? 'MET' : 'NOT MET'}`);
    } else {
      console.log(`#   contended vs ${r.reference}${named}: ${r.opsRatio.toFixed(2)}x cycles/s (target: far above), p99 ratio ${r.p99Ratio.toFixed(2)}`);
    }
  }
  const ours = failovers.find(([s]) => s.startsWith('ours'))?.[1];
  for (const [system, f] of failovers.filter(([s]) => !s.startsWith('ours'))) {
    if (ours) console.log(`#   failover vs etcd ${system}: p50 ${ours.p50Ms.toFixed(0)} vs ${f.p50Ms.toFixed(0)} ms, max ${ours.maxMs.toFixed(0)} vs ${f.maxMs.toFixed(0)} ms: ${ours.p50Ms < f.p50Ms && ours.maxMs < f.maxMs ? 'FASTER' : 'NOT FASTER'}`);
  }
}

main();
