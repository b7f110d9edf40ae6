import * as path from 'node:path';
import { MemberAddress } from '@app/core';
import { LaunchOptions } from './options';
import { formatClusterMembers, formatGatewayNodes } from './members';

export type Env = Record<string, string>;

/** Environment of one node process: the env contract of apps/node (apps/node/README.md). */
export function nodeEnv(options: LaunchOptions, members: readonly MemberAddress[], member: MemberAddress): Env {
  const env: Env = {
    NODE_ID: member.id,
    HTTP_HOST: member.host,
    HTTP_PORT: String(member.httpPort),
    PEER_PORT: String(member.peerPort),
    CLUSTER_MEMBERS: formatClusterMembers(members),
    DATA_DIR: path.resolve(options.dataDir, member.id),
    STORE: options.store,
    TRANSPORT: options.transport,
    LOG_LEVEL: options.logLevel,
  };
  if (options.tickMs !== undefined) env.TICK_MS = String(options.tickMs);
  // Unset ones are inherited from the launcher's environment (or take the node's defaults).
  if (options.transport === 'redis' && options.redisUrl !== undefined) env.REDIS_URL = options.redisUrl;
  if (options.transport === 'redis' && options.redisChannelPrefix !== undefined) env.REDIS_CHANNEL_PREFIX = options.redisChannelPrefix;
  return env;
}

/** Environment of the gateway process. */
export function gatewayEnv(options: LaunchOptions, members: readonly MemberAddress[]): Env {
  return {
    GATEWAY_HOST: options.host,
    GATEWAY_PORT: String(options.gatewayPort),
    GATEWAY_NODES: formatGatewayNodes(members),
    LOG_LEVEL: options.logLevel,
  };
}
