import { writeFileSync } from 'node:fs';
import { formatLoad } from './environment';
import { LoadResult } from './load-runner';

/**
 * One row of a side-by-side table: which system, which scenario, and the measured result.
 * `system` lets "reference" and "ours" rows share a table later.
 */
export interface BenchRow {
  system: string;
  scenario: string;
  result: LoadResult;
  /** Free-form extra columns (e.g. retries per cycle). */
  extra?: Record<string, string | number>;
}

export interface BenchReport {
  bench: string;
  startedAt: string;
  command: string;
  environment: Record<string, string>;
  rows: BenchRow[];
  /** Other measurements that are not load levels (e.g. failover times). */
  notes: Record<string, unknown>;
}

/**
 * The part of a report every bench fills the same way: its name, when it started, the command
 * that reproduces it (the script plus this run's arguments) and the machine, with the load at the end.
 */
export function reportHeader(bench: string, script: string, environment: Record<string, string>): Pick<BenchReport, 'bench' | 'startedAt' | 'command' | 'environment'> {
  return {
    bench,
    startedAt: environment.date,
    command: `node -r @swc-node/register ${script} ${process.argv.slice(2).join(' ')}`.trim(),
    environment: { ...environment, loadavgAtEnd: formatLoad() },
  };
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** An aligned text table: left-aligned text columns, right-aligned numbers. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((c) => (typeof c === 'number' ? String(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number' || /^-?[\d.]+$|^-$/.test(String(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function formatRows(rows: readonly BenchRow[]): string {
  const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))];
  const header = ['system', 'scenario', 'clients', 'ops/s', 'p50_ms', 'p99_ms', 'max_ms', 'ops', 'errors', 'client_cpu%', ...extraKeys];
  const body = rows.map((r) => [
    r.system,
    r.scenario,
    String(r.result.workers),
    fmt(r.result.opsPerSecond, 0),
    fmt(r.result.latencyMs.p50, 2),
    fmt(r.result.latencyMs.p99, 2),
    fmt(r.result.latencyMs.max, 2),
    String(r.result.ops),
    String(r.result.errors + r.result.abandoned),
    fmt(r.result.clientCpuPercent, 0),
    ...extraKeys.map((k) => String(r.extra?.[k] ?? '')),
  ]);
  return formatTable(header, body);
}

/** Rounds floats so the JSON stays readable in docs. */
function rounded(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

export function toJson(report: BenchReport): string {
  return JSON.stringify(report, rounded, 2);
}

/** Prints the table and the JSON (to `jsonPath` if given, else to stdout after a marker line). */
export function emitReport(report: BenchReport, jsonPath?: string): void {
  console.log('');
  console.log(formatRows(report.rows));
  const json = toJson(report);
  if (jsonPath) {
    writeFileSync(jsonPath, json + '\n');
    console.log(`\n# JSON written to ${jsonPath}`);
  } else {
    console.log('\n# JSON');
    console.log(json);
  }
}
