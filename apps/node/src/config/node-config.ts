import { DEFAULT_CHANNEL_PREFIX, DEFAULT_REDIS_URL, parseRedisUrl } from '@app/adapters/transport-redis';
import { MemberAddress, NodeId } from '@app/core';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { parseClusterMembers } from './cluster-members';
import { ConfigError } from './config-error';
import { LogLevel, NodeEnv, StoreKind, TransportKind } from './node-env.schema';

/** The validated, typed configuration of one node (built from the environment by loadNodeConfig). */
export interface NodeConfig {
  nodeId: NodeId;
  httpHost: string;
  /** 0 lets the OS pick (tests). */
  httpPort: number;
  peerPort: number;
  members: MemberAddress[];
  dataDir: string;
  store: StoreKind;
  postgresUrl?: string;
  transport: TransportKind;
  /** TRANSPORT=redis: the Redis carrying peer traffic. */
  redisUrl: string;
  /** TRANSPORT=redis: channels are `<prefix>:peer:<nodeId>`; one prefix per cluster sharing a Redis. */
  redisChannelPrefix: string;
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  /** Take a state-machine snapshot and compact the log every this many applied entries. */
  snapshotEvery: number;
  /** A proposal not applied within this time fails with 503 (outcome unknown). */
  proposalTimeoutMs: number;
  logLevel: LogLevel;
  queue: QueueSettings;
}

/** The distributed queue (docs/QUEUE.md). Partitions and replication must be equal on every node. */
export interface QueueSettings {
  /** Partition Raft groups "q/0".."q/<partitions-1>". */
  partitions: number;
  /** Replicas per partition (capped at the member count). */
  replication: number;
  /** Deliveries before a message goes to `<queue>.dlq` (fixed per queue when it is created). */
  maxDeliveries: number;
  /** Default visibility timeout of a delivery. */
  visibilityMs: number;
  /** Upper bound of a consumer's long poll (wait_ms). */
  maxWaitMs: number;
  /** How long an Idempotency-Key (and an acked receipt) is remembered. */
  dedupeWindowMs: number;
}

/** DI token of the NodeConfig value. */
export const NODE_CONFIG = Symbol('NODE_CONFIG');

/**
 * Defaults: 50 ms ticks, elections after 10..20 ticks (0.5-1 s), a heartbeat every 3 ticks
 * (150 ms: at least 3 per election timeout). Heartbeats of every hosted group cost CPU even when
 * idle (about 75 ms/s per node with 9 groups at one per tick, 40 ms/s at one per 3 ticks).
 * ReadIndex and commit propagation do not wait for them: both send at once.
 */
export const NODE_DEFAULTS = {
  httpHost: '127.0.0.1',
  store: 'sqlite' as StoreKind,
  transport: 'tcp' as TransportKind,
  redisUrl: DEFAULT_REDIS_URL,
  redisChannelPrefix: DEFAULT_CHANNEL_PREFIX,
  tickMs: 50,
  electionTicks: 10,
  heartbeatTicks: 3,
  snapshotEvery: 10_000,
  proposalTimeoutMs: 10_000,
  logLevel: 'info' as LogLevel,
  queue: { partitions: 8, replication: 3, maxDeliveries: 5, visibilityMs: 30_000, maxWaitMs: 20_000, dedupeWindowMs: 5 * 60_000 } satisfies QueueSettings,
};

/** Validates the environment; throws ConfigError listing every problem at once. */
export function loadNodeConfig(env: Record<string, string | undefined>): NodeConfig {
  const parsed = plainToInstance(NodeEnv, { ...env });
  const errors = validateSync(parsed, { forbidUnknownValues: false, stopAtFirstError: true });
  const problems = errors.flatMap(describeError);
  if (problems.length > 0) throw new ConfigError(problems);

  const { members, problems: memberProblems } = parseClusterMembers(parsed.CLUSTER_MEMBERS);
  problems.push(...memberProblems.map((p) => `CLUSTER_MEMBERS: ${p}`));
  const self = members.find((m) => m.id === parsed.NODE_ID);
  if (memberProblems.length === 0 && !self) {
    problems.push(`NODE_ID: "${parsed.NODE_ID}" is not in CLUSTER_MEMBERS (members: ${members.map((m) => m.id).join(', ')})`);
  }
  const store = parsed.STORE ?? NODE_DEFAULTS.store;
  if (store === 'postgres' && !parsed.POSTGRES_URL) problems.push('POSTGRES_URL: required when STORE=postgres, e.g. postgres://user:pass@127.0.0.1:5432/db');
  const redisUrl = parsed.REDIS_URL ?? NODE_DEFAULTS.redisUrl;
  const redisProblem = checkRedisUrl(redisUrl);
  if (redisProblem) problems.push(`REDIS_URL: ${redisProblem}`);
  const electionTicks = parsed.ELECTION_TICKS ?? NODE_DEFAULTS.electionTicks;
  const heartbeatTicks = parsed.HEARTBEAT_TICKS ?? NODE_DEFAULTS.heartbeatTicks;
  if (heartbeatTicks >= electionTicks) problems.push(`HEARTBEAT_TICKS: must be smaller than ELECTION_TICKS (${heartbeatTicks} >= ${electionTicks})`);
  if (problems.length > 0 || !self) throw new ConfigError(problems);

  return {
    nodeId: parsed.NODE_ID,
    httpHost: parsed.HTTP_HOST ?? NODE_DEFAULTS.httpHost,
    httpPort: parsed.HTTP_PORT ?? self.httpPort,
    peerPort: parsed.PEER_PORT ?? self.peerPort,
    members,
    dataDir: parsed.DATA_DIR ?? `./data/${parsed.NODE_ID}`,
    store,
    postgresUrl: parsed.POSTGRES_URL,
    transport: parsed.TRANSPORT ?? NODE_DEFAULTS.transport,
    redisUrl,
    redisChannelPrefix: parsed.REDIS_CHANNEL_PREFIX ?? NODE_DEFAULTS.redisChannelPrefix,
    tickMs: parsed.TICK_MS ?? NODE_DEFAULTS.tickMs,
    electionTicks,
    heartbeatTicks,
    snapshotEvery: parsed.SNAPSHOT_EVERY ?? NODE_DEFAULTS.snapshotEvery,
    proposalTimeoutMs: parsed.PROPOSAL_TIMEOUT_MS ?? NODE_DEFAULTS.proposalTimeoutMs,
    logLevel: parsed.LOG_LEVEL ?? NODE_DEFAULTS.logLevel,
    queue: {
      partitions: parsed.QUEUE_PARTITIONS ?? NODE_DEFAULTS.queue.partitions,
      replication: parsed.QUEUE_REPLICATION ?? NODE_DEFAULTS.queue.replication,
      maxDeliveries: parsed.QUEUE_MAX_DELIVERIES ?? NODE_DEFAULTS.queue.maxDeliveries,
      visibilityMs: parsed.QUEUE_VISIBILITY_MS ?? NODE_DEFAULTS.queue.visibilityMs,
      maxWaitMs: parsed.QUEUE_MAX_WAIT_MS ?? NODE_DEFAULTS.queue.maxWaitMs,
      dedupeWindowMs: parsed.QUEUE_DEDUPE_WINDOW_MS ?? NODE_DEFAULTS.queue.dedupeWindowMs,
    },
  };
}

function checkRedisUrl(url: string): string | null {
  try {
    parseRedisUrl(url);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function describeError(error: ValidationError): string[] {
  const got = error.value === undefined ? 'unset' : `got ${JSON.stringify(error.value)}`;
  return Object.values(error.constraints ?? {}).map((text) => `${error.property}: ${text} (${got})`);
}

/** The HTTP base URL of a member, as other nodes and clients reach it. */
export function memberUrl(member: MemberAddress): string {
  return `http://${member.host}:${member.httpPort}`;
}
