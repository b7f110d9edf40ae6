import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** sqlite: on a worker thread (the default); sqlite-inline: in the event loop's thread, for comparison. */
export const STORE_KINDS = ['sqlite', 'sqlite-inline', 'postgres', 'memory'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
export const TRANSPORT_KINDS = ['tcp', 'memory', 'redis'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Env vars are strings: an empty one counts as unset, anything else must be a whole number. */
const toInt = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
};
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/**
 * The environment contract of one node process (documented in apps/node/README.md).
 * Only shape and ranges here; cross-field rules live in loadNodeConfig. Validation stops at the
 * first failing rule per setting, and the rule nearest the property runs first: type before range.
 */
export class NodeEnv {
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'NODE_ID must be a member id like "node1"' })
  NODE_ID!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  HTTP_HOST?: string;

  @Transform(toInt)
  @IsOptional()
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'HTTP_PORT must be an integer port (0 = any free port)' })
  HTTP_PORT?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @Max(65535)
  @IsInt({ message: 'PEER_PORT must be an integer port' })
  PEER_PORT?: number;

  @IsString({ message: 'CLUSTER_MEMBERS must list the members, e.g. "node1=127.0.0.1:8001:9001:voter,node2=..."' })
  @MinLength(1, { message: 'CLUSTER_MEMBERS must list the members, e.g. "node1=127.0.0.1:8001:9001:voter,node2=..."' })
  CLUSTER_MEMBERS!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(STORE_KINDS, { message: `STORE must be one of ${STORE_KINDS.join(', ')}` })
  STORE?: StoreKind;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'POSTGRES_URL must be a postgres:// URL' })
  POSTGRES_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(TRANSPORT_KINDS, { message: `TRANSPORT must be one of ${TRANSPORT_KINDS.join(', ')}` })
  TRANSPORT?: TransportKind;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]+$/, { message: 'REDIS_CHANNEL_PREFIX may contain letters, digits and _ . : - only' })
  REDIS_CHANNEL_PREFIX?: string;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @Max(10_000)
  @IsInt({ message: 'TICK_MS must be an integer number of milliseconds' })
  TICK_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(2)
  @Max(10_000)
  @IsInt({ message: 'ELECTION_TICKS must be an integer' })
  ELECTION_TICKS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @Max(10_000)
  @IsInt({ message: 'HEARTBEAT_TICKS must be an integer' })
  HEARTBEAT_TICKS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @IsInt({ message: 'SNAPSHOT_EVERY must be an integer number of applied entries' })
  SNAPSHOT_EVERY?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @IsInt({ message: 'PROPOSAL_TIMEOUT_MS must be an integer number of milliseconds' })
  PROPOSAL_TIMEOUT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @Max(1024)
  @IsInt({ message: 'QUEUE_PARTITIONS must be an integer number of partitions (same on every node)' })
  QUEUE_PARTITIONS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @Max(9)
  @IsInt({ message: 'QUEUE_REPLICATION must be an integer replica count (same on every node)' })
  QUEUE_REPLICATION?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @Max(1000)
  @IsInt({ message: 'QUEUE_MAX_DELIVERIES must be an integer' })
  QUEUE_MAX_DELIVERIES?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @Max(43_200_000)
  @IsInt({ message: 'QUEUE_VISIBILITY_MS must be an integer number of milliseconds' })
  QUEUE_VISIBILITY_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(0)
  @Max(300_000)
  @IsInt({ message: 'QUEUE_MAX_WAIT_MS must be an integer number of milliseconds' })
  QUEUE_MAX_WAIT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(1)
  @IsInt({ message: 'QUEUE_DEDUPE_WINDOW_MS must be an integer number of milliseconds' })
  QUEUE_DEDUPE_WINDOW_MS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;
}
