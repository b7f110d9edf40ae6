import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { ConfigError } from '../../../node/src/config/config-error';
import { LOG_LEVELS, LogLevel } from '../../../node/src/config/node-env.schema';

const toInt = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
};
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** The gateway's environment contract (apps/node/README.md documents both apps). */
export class GatewayEnv {
  @IsString({ message: 'GATEWAY_NODES must list the nodes, e.g. "node1=http://127.0.0.1:8001,node2=http://127.0.0.1:8002"' })
  @MinLength(1, { message: 'GATEWAY_NODES must list the nodes, e.g. "node1=http://127.0.0.1:8001,node2=http://127.0.0.1:8002"' })
  GATEWAY_NODES!: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GATEWAY_HOST?: string;

  @Transform(toInt)
  @IsOptional()
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'GATEWAY_PORT must be an integer port' })
  GATEWAY_PORT?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(50)
  @Max(60_000)
  @IsInt({ message: 'GATEWAY_NODE_TIMEOUT_MS must be an integer number of milliseconds' })
  GATEWAY_NODE_TIMEOUT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(100)
  @Max(600_000)
  @IsInt({ message: 'GATEWAY_REQUEST_TIMEOUT_MS must be an integer number of milliseconds' })
  GATEWAY_REQUEST_TIMEOUT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(50)
  @Max(60_000)
  @IsInt({ message: 'GATEWAY_CONNECT_TIMEOUT_MS must be an integer number of milliseconds' })
  GATEWAY_CONNECT_TIMEOUT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @Min(100)
  @Max(60_000)
  @IsInt({ message: 'GATEWAY_REFRESH_MS must be an integer number of milliseconds' })
  GATEWAY_REFRESH_MS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;
}

export interface GatewayNode {
  id: string;
  url: string;
}

export interface GatewayConfig {
  nodes: GatewayNode[];
  host: string;
  port: number;
  nodeTimeoutMs: number;
  /** A proxied call's answer must arrive within this (plus the request's wait_ms for long waits). */
  requestTimeoutMs: number;
  /** A node that does not accept the connection within this is skipped. */
  connectTimeoutMs: number;
  /** How often the gateway re-reads every node's GET / (leader, reachability). */
  refreshMs: number;
  logLevel: LogLevel;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const parsed = plainToInstance(GatewayEnv, { ...env });
  const problems = validateSync(parsed, { stopAtFirstError: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((text) => `${e.property}: ${text} (${e.value === undefined ? 'unset' : `got ${JSON.stringify(e.value)}`})`),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  const nodes: GatewayNode[] = [];
  for (const item of parsed.GATEWAY_NODES.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const id = eq > 0 ? item.slice(0, eq).trim() : '';
    const url = eq > 0 ? item.slice(eq + 1).trim().replace(/\/+$/, '') : '';
    if (!id || !/^https?:\/\/[^/\s]+$/.test(url)) problems.push(`GATEWAY_NODES: "${item}": expected id=http://host:port`);
    else if (nodes.some((n) => n.id === id)) problems.push(`GATEWAY_NODES: "${item}": duplicate node id ${id}`);
    else nodes.push({ id, url });
  }
  if (nodes.length === 0 && problems.length === 0) problems.push('GATEWAY_NODES: expected at least one node');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodes,
    host: parsed.GATEWAY_HOST ?? '127.0.0.1',
    port: parsed.GATEWAY_PORT ?? 8000,
    nodeTimeoutMs: parsed.GATEWAY_NODE_TIMEOUT_MS ?? 1000,
    // A node answers a write within PROPOSAL_TIMEOUT_MS (10 s) + 2 s of its own forwarding.
    requestTimeoutMs: parsed.GATEWAY_REQUEST_TIMEOUT_MS ?? 15_000,
    connectTimeoutMs: parsed.GATEWAY_CONNECT_TIMEOUT_MS ?? 1000,
    refreshMs: parsed.GATEWAY_REFRESH_MS ?? 1000,
    logLevel: parsed.LOG_LEVEL ?? 'info',
  };
}
