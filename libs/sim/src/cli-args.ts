import { isMachineName, MACHINE_NAMES, MachineName, productByName } from './products';
import { FAULTS_WITH_MEMBERSHIP, RunOptions } from './run-seed';

/** Parsed `npm run sim` arguments. Kept apart from the CLI's main so tests can check that a printed replay command reruns the same run. */
export interface CliArgs {
  seeds: number;
  from: number;
  verbose: boolean;
  raftLog: boolean;
  safetyMs?: number;
  voters?: number[];
  learners?: number[];
  livenessMs?: number;
  membership: boolean;
  /** The replicated state machine: raft (applied-log only), locks or queue. */
  machine: MachineName;
  help: boolean;
}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { seeds: 100, from: 1, verbose: false, raftLog: false, membership: false, machine: 'raft', help: false };
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
    else if (a === '--membership') args.membership = true;
    else if (a === '--safety-ms') args.safetyMs = toInt(a, value());
    else if (a === '--voters') args.voters = value().split(',').map((v) => toInt(a, v));
    else if (a === '--learners') args.learners = value().split(',').map((v) => toInt(a, v));
    else if (a === '--liveness-ms') args.livenessMs = toInt(a, value());
    else if (a === '--machine') {
      const m = value();
      if (!isMachineName(m)) throw new Error(`--machine: one of ${MACHINE_NAMES.join('|')}, not ${m}`);
      args.machine = m;
    } else if (a === '--help' || a === '-h') args.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function toInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag}: not a non-negative integer: ${v}`);
  return n;
}

/** The run options a command line asks for (the trace sink is added by the CLI). */
export const USAGE = 'usage: npm run sim -- [--machine raft|locks|queue|queue-same-id-rejoin] --seeds N --from S [--verbose] [--raft-log] [--membership] [--safety-ms MS] [--liveness-ms MS] [--voters 3,5] [--learners 0,1]';

export function runOptionsFromArgs(args: CliArgs): Partial<RunOptions> {
  return {
    ...(args.safetyMs !== undefined ? { safetyMs: args.safetyMs } : {}),
    ...(args.voters ? { voterChoices: args.voters } : {}),
    ...(args.learners ? { learnerChoices: args.learners } : {}),
    ...(args.livenessMs !== undefined ? { livenessDeadlineMs: args.livenessMs } : {}),
    ...(args.membership ? { faults: FAULTS_WITH_MEMBERSHIP } : {}),
    ...(args.machine !== 'raft' ? { product: productByName(args.machine) } : {}),
    raftLog: args.raftLog || args.verbose,
  };
}
