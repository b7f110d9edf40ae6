/**
 * Simulator campaigns: `npm run sim -- --seeds N --from S [--verbose] [--safety-ms MS] [--voters 3,5]`.
 * This file is the simulator's only edge: it reads argv, prints, and reads the wall clock
 * (process.hrtime) purely to report runs/s. Nothing it measures feeds into a run.
 */
import { formatFailure, replayCommand, RunOptions, RunResult, runSeed } from './run-seed';

interface CliArgs {
  seeds: number;
  from: number;
  verbose: boolean;
  raftLog: boolean;
  safetyMs?: number;
  voters?: number[];
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { seeds: 100, from: 1, verbose: false, raftLog: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seeds') args.seeds = toInt(a, value());
    else if (a === '--from') args.from = toInt(a, value());
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--raft-log') args.raftLog = true;
    else if (a === '--safety-ms') args.safetyMs = toInt(a, value());
    else if (a === '--voters') args.voters = value().split(',').map((v) => toInt(a, v));
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run sim -- --seeds N --from S [--verbose] [--raft-log] [--safety-ms MS] [--voters 3,5]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function toInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag}: not a non-negative integer: ${v}`);
  return n;
}

function wallMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const options: Partial<RunOptions> = {
    ...(args.safetyMs !== undefined ? { safetyMs: args.safetyMs } : {}),
    ...(args.voters ? { voterChoices: args.voters } : {}),
    raftLog: args.raftLog || args.verbose,
    traceSink: args.verbose ? (line) => process.stdout.write(`${line}\n`) : undefined,
  };
  const started = wallMs();
  const failures: RunResult[] = [];
  let virtualMs = 0;
  let acknowledged = 0;
  const progressEvery = Math.max(1, Math.min(500, Math.ceil(args.seeds / 20)));
  for (let k = 0; k < args.seeds; k++) {
    const seed = args.from + k;
    const r = runSeed(seed, options);
    virtualMs += r.stats.virtualMs;
    acknowledged += r.stats.acknowledged;
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
  for (const f of failures) process.stdout.write(`  SEED=${f.seed}: ${(f.error ?? '').split('\n')[0]}\n    ${replayCommand(f.seed)}\n`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main();
