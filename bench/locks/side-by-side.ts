import { readFileSync } from 'node:fs';
import { BenchReport, BenchRow, formatTable } from '../support';

/**
 * One table of our rows beside the reference rows of the same run (read from the benches'
 * --json reports), with ratios: ops/s ours ÷ theirs (above 1: we are faster) and p99 ours ÷
 * theirs (below 1: our tail is shorter). Rows are matched by scenario and client count.
 */
export function readReports(paths: readonly string[]): BenchReport[] {
  return paths.map((p) => JSON.parse(readFileSync(p, 'utf8')) as BenchReport);
}

export interface Ratio {
  scenario: string;
  clients: number;
  reference: string;
  opsRatio: number;
  p99Ratio: number;
}

export function ratios(rows: readonly BenchRow[], isOurs: (row: BenchRow) => boolean): Ratio[] {
  const out: Ratio[] = [];
  for (const ours of rows.filter(isOurs)) {
    for (const ref of rows.filter((r) => !isOurs(r) && r.scenario === ours.scenario && r.result.workers === ours.result.workers)) {
      out.push({
        scenario: ours.scenario,
        clients: ours.result.workers,
        reference: ref.system,
        opsRatio: ours.result.opsPerSecond / ref.result.opsPerSecond,
        p99Ratio: ours.result.latencyMs.p99 / ref.result.latencyMs.p99,
      });
    }
  }
  return out;
}

const num = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** Scenario by scenario: our row first, then each reference row with our ratios against it. */
export function formatSideBySide(rows: readonly BenchRow[], isOurs: (row: BenchRow) => boolean): string {
  const keys = [...new Set(rows.map((r) => `${r.scenario}\u0000${r.result.workers}`))];
  const body: string[][] = [];
  for (const key of keys) {
    const [scenario, workers] = key.split('\u0000');
    const group = rows.filter((r) => r.scenario === scenario && String(r.result.workers) === workers);
    const ours = group.find(isOurs);
    for (const row of [...group.filter(isOurs), ...group.filter((r) => !isOurs(r))]) {
      const r = row.result;
      const mine = isOurs(row) || !ours;
      body.push([
        scenario,
        workers,
        row.system,
        num(r.opsPerSecond, 0),
        num(r.latencyMs.p50, 2),
        num(r.latencyMs.p99, 2),
        String(r.errors + r.abandoned),
        r.clientCpuPercent === undefined ? '-' : num(r.clientCpuPercent, 0),
        mine ? '' : `${num(ours.result.opsPerSecond / r.opsPerSecond, 2)}x`,
        mine ? '' : `${num(ours.result.latencyMs.p99 / r.latencyMs.p99, 2)}x`,
      ]);
    }
  }
  return formatTable(['scenario', 'clients', 'system', 'ops/s', 'p50_ms', 'p99_ms', 'errors', 'client_cpu%', 'ours/this ops/s', 'ours/this p99'], body);
}

export function loadLine(report: BenchReport): string {
  return `${report.bench}: started ${report.startedAt}, load ${report.environment.loadavg ?? '?'} → ${report.environment.loadavgAtEnd ?? '?'}`;
}
