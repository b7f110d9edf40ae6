import { SeededRandom } from '@app/core';
import { RaftNode } from '@app/raft';
import { Cluster, ClusterOptions, ClusterStats, DEFAULT_CLUSTER } from './cluster';
import { InvariantViolation } from './invariant-violation';
import { ALL_FAULTS, FaultOptions, pick, randomWeather, RandomFaults, runLivenessPhase } from './scenarios';
import { RaftFactory } from './sim-node';
import { Product, Workload } from './workload';

export interface RunOptions {
  /** Virtual ms of the safety phase (faults on). */
  safetyMs: number;
  /** Virtual ms the liveness phase may take before the run fails. */
  livenessDeadlineMs: number;
  /** Cluster sizes to draw from (voters). */
  voterChoices: number[];
  /** Learners to add (drawn from these). */
  learnerChoices: number[];
  faults: FaultOptions | null;
  /** Overrides of the per-seed random cluster configuration. */
  cluster?: Partial<Omit<ClusterOptions, 'seed'>>;
  factory: RaftFactory;
  traceSink?: (line: string) => void;
  raftLog?: boolean;
  /** The replicated state machine and its clients; none = the plain Raft run with unique-value clients. */
  product?: Product;
}

/** The nemesis with membership changes switched on (learners, removals, re-adds). */
export const FAULTS_WITH_MEMBERSHIP: FaultOptions = { ...ALL_FAULTS, membership: true };

export const DEFAULT_RUN: RunOptions = {
  safetyMs: 10_000,
  livenessDeadlineMs: 10_000,
  voterChoices: [3, 5],
  learnerChoices: [0, 0, 1],
  faults: ALL_FAULTS,
  factory: (config) => new RaftNode(config),
};

export interface RunResult {
  ok: boolean;
  seed: number;
  stats: ClusterStats & { virtualMs: number; convergedAfterMs: number; voters: number; learners: number };
  /** The product workload's own counters (grants, deliveries...). */
  workload?: Record<string, number>;
  /** Trace fingerprint: equal for two runs of one seed. */
  fingerprint: string;
  error?: string;
  /** Last trace lines before the failure. */
  traceTail?: string[];
  replay: string;
}

/** The CLI line that reruns exactly this seed with these options (only non-default flags are spelled out). */
export function replayCommand(seed: number, options: Partial<RunOptions> = {}): string {
  const o = { ...DEFAULT_RUN, ...options };
  const flags = [`--seeds 1 --from ${seed}`];
  if (o.product) flags.unshift(`--machine ${o.product.name}`);
  if (o.safetyMs !== DEFAULT_RUN.safetyMs) flags.push(`--safety-ms ${o.safetyMs}`);
  if (o.livenessDeadlineMs !== DEFAULT_RUN.livenessDeadlineMs) flags.push(`--liveness-ms ${o.livenessDeadlineMs}`);
  if (o.voterChoices.join() !== DEFAULT_RUN.voterChoices.join()) flags.push(`--voters ${o.voterChoices.join(',')}`);
  if (o.learnerChoices.join() !== DEFAULT_RUN.learnerChoices.join()) flags.push(`--learners ${o.learnerChoices.join(',')}`);
  if (o.faults?.membership) flags.push('--membership');
  return `npm run sim -- ${flags.join(' ')} --verbose`;
}

/** Draws this seed's configuration (sizes, timings, weather), then runs safety + liveness. */
export function runSeed(seed: number, options: Partial<RunOptions> = {}): RunResult {
  const o: RunOptions = { ...DEFAULT_RUN, ...options };
  const config = new SeededRandom(seed);
  const voters = pick(config, o.voterChoices);
  const learners = pick(config, o.learnerChoices);
  const clusterOptions: ClusterOptions = {
    ...DEFAULT_CLUSTER,
    seed: config.nextUint32(),
    voters,
    learners,
    compactEvery: pick(config, [0, 3, 10, 30]),
    fsyncMeanMs: pick(config, [1, 2, 5, 15]),
    network: randomWeather(config),
    unsyncedPrefixSurvives: config.chance(0.5),
    raftLog: o.raftLog ?? false,
    traceSink: o.traceSink,
    ...(o.product ? { clients: 0, machine: o.product.machine, ...o.product.cluster } : {}),
    ...o.cluster,
  };
  const cluster = new Cluster(clusterOptions, o.factory);
  let workload: Workload | undefined;
  let convergedAfterMs = -1;
  let error: string | undefined;
  try {
    workload = o.product?.workload(cluster, cluster.random.fork());
    cluster.start();
    workload?.start();
    const faults = o.faults ? new RandomFaults(cluster, cluster.random.fork(), o.faults) : null;
    faults?.start();
    cluster.runUntil(o.safetyMs);
    faults?.stop();
    convergedAfterMs = runLivenessPhase(cluster, o.livenessDeadlineMs, workload).convergedAfterMs;
  } catch (e) {
    error = e instanceof InvariantViolation ? e.message : e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
  }
  cluster.stats.compactions = [...cluster.nodes.values()].reduce((sum, n) => sum + n.compactions, 0);
  cluster.stats.leaderTerms = cluster.electionSafety.termsWithLeader();
  cluster.stats.leaderCompletenessChecks = cluster.leaderCompleteness.checks;
  return {
    ok: error === undefined,
    seed,
    stats: { ...cluster.stats, virtualMs: cluster.now, convergedAfterMs, voters, learners },
    ...(workload ? { workload: workload.stats() } : {}),
    fingerprint: cluster.trace.fingerprint(),
    error,
    traceTail: error === undefined ? undefined : cluster.trace.lastLines(),
    replay: replayCommand(seed, options),
  };
}

/** The failure report: the seed, the broken property, the replay command, then the trace tail. */
export function formatFailure(r: RunResult): string {
  return [`SEED=${r.seed} FAILED: ${r.error ?? ''}`, `replay: ${r.replay}`, ...(r.traceTail ?? []).map((l) => `  | ${l}`)].join('\n');
}
