/**
 * Simulator campaigns: `npm run sim -- [--machine raft|locks|queue] --seeds N --from S [--verbose] [--membership] [--safety-ms MS] [--liveness-ms MS]
 * [--voters 3,5] [--learners 0,1]`. A failure prints the exact replay command.
 * This file is the simulator's only edge: it reads argv, prints, and reads the wall clock
 * (process.hrtime) purely to report runs/s. Nothing it measures feeds into a run.
 */
import { parseArgs, runOptionsFromArgs, USAGE } from './cli-args';
import { formatFailure, RunOptions, RunResult, runSeed } from './run-seed';

function wallMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options: Partial<RunOptions> = {
    ...runOptionsFromArgs(args),
    traceSink: args.verbose ? (line) => process.stdout.write(`${line}\n`) : undefined,
  };
  const started = wallMs();
  const failures: RunResult[] = [];
  let virtualMs = 0;
  let acknowledged = 0;
  const workloadTotals: Record<string, number> = {};
  const progressEvery = Math.max(1, Math.min(500, Math.ceil(args.seeds / 20)));
  for (let k = 0; k < args.seeds; k++) {
    const seed = args.from + k;
    const r = runSeed(seed, options);
    virtualMs += r.stats.virtualMs;
    acknowledged += r.stats.acknowledged;
    for (const [k, v] of Object.entries(r.workload ?? {})) workloadTotals[k] = (workloadTotals[k] ?? 0) + v;
    if (!r.ok) {
      failures.push(r);
      process.stdout.write(`${formatFailure(r)}\n`);
    } else if (args.verbose) {
      process.stdout.write(`SEED=${seed} ok ${JSON.stringify(r.stats)} fingerprint=${r.fingerprint}\n`);
    }
    if ((k + 1) % progressEvery === 0 || k + 1 === args.seeds) {
      const secs = Math.max(1, wallMs() - started) / 1000;
      process.stdout.write(`[sim] ${k + 1}/${args.seeds} seeds, ${failures.length} failed, ${((k + 1) / secs).toFixed(1)} runs/s\n`);
    }
  }
  const secs = Math.max(1, wallMs() - started) / 1000;
  process.stdout.write(
    `\n[sim] summary: ${args.seeds} seeds from ${args.from}, ${failures.length} failed, ${secs.toFixed(1)} s wall, ` +
      `${(args.seeds / secs).toFixed(1)} runs/s, ${(virtualMs / 1000).toFixed(0)} s virtual, ${acknowledged} acknowledged writes\n`,
  );
  if (Object.keys(workloadTotals).length > 0) process.stdout.write(`[sim] ${args.machine} workload: ${JSON.stringify(workloadTotals)}\n`);
  for (const f of failures) process.stdout.write(`  SEED=${f.seed}: ${(f.error ?? '').split('\n')[0]}\n    ${f.replay}\n`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main();
