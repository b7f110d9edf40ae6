import { BenchRow, LoadResult } from '../support';
import { formatSideBySide, ratios } from './side-by-side';

function row(system: string, scenario: string, workers: number, opsPerSecond: number, p99: number): BenchRow {
  const result: LoadResult = {
    label: `${system} ${scenario}`,
    workers,
    elapsedSeconds: 5,
    ops: opsPerSecond * 5,
    opsPerSecond,
    errors: 0,
    abandoned: 0,
    latencyMs: { count: opsPerSecond * 5, p50: p99 / 2, p99, max: p99, mean: p99 / 2 },
    clientCpuPercent: 10,
    counters: {},
    errorSamples: [],
  };
  return { system, scenario, result };
}

const isOurs = (r: BenchRow) => r.system.startsWith('ours');

describe('side-by-side ratios', () => {
  const rows = [
    row('ours', 'publish', 64, 3000, 40),
    row('NATS', 'publish', 64, 1500, 80),
    row('NATS', 'publish', 16, 1000, 10),
    row('ours', 'publish', 16, 500, 20),
  ];

  it('matches rows by scenario and client count and divides ours by theirs', () => {
    expect(ratios(rows, isOurs)).toEqual([
      { scenario: 'publish', clients: 64, reference: 'NATS', opsRatio: 2, p99Ratio: 0.5 },
      { scenario: 'publish', clients: 16, reference: 'NATS', opsRatio: 0.5, p99Ratio: 2 },
    ]);
  });

  it('prints our row first in each group and the ratios on the reference rows', () => {
    const lines = formatSideBySide(rows, isOurs).split('\n');
    expect(lines[2]).toMatch(/^publish\s+64\s+ours\s+3000/);
    expect(lines[3]).toMatch(/NATS\s+1500.*2\.00x\s+0\.50x$/);
    expect(lines[4]).toMatch(/^publish\s+16\s+ours\s+500/);
    expect(lines[5]).toMatch(/0\.50x\s+2\.00x$/);
  });
});
