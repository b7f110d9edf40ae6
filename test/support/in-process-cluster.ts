import { MemoryLogStore, MemoryLogVolume } from '@app/adapters/store-memory';
import { MemoryNetwork, MemoryPeerTransport } from '@app/adapters/transport-memory';
import { NodeClient, waitForLeader } from '@app/client';
import { LogStore, MemberAddress, PeerTransport } from '@app/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { formatClusterMembers } from '../../apps/node/src/config/cluster-members';
import { loadNodeConfig, memberUrl, NodeConfig } from '../../apps/node/src/config/node-config';
import { createNodeApp } from '../../apps/node/src/create-node-app';
import { DefaultRaftNodeFactory } from '../../apps/node/src/infra/raft-node.default';
import { JsonLogger } from '../../apps/node/src/logging/json-logger';

export interface InProcessNode {
  id: string;
  app: NestFastifyApplication;
  client: NodeClient;
  url: string;
}

export interface ClusterOptions {
  voters: number;
  learners?: number;
  /** First HTTP port; node i listens on basePort + i. */
  basePort: number;
  tickMs?: number;
  /** Extra environment for every node (e.g. SNAPSHOT_EVERY). */
  env?: Record<string, string>;
  /** Builds each node's store; default a MemoryLogStore on a volume kept across restarts. */
  store?: (id: string) => LogStore;
  /** Builds each node's peer transport; default a MemoryPeerTransport on the cluster's `network`. */
  transport?: (config: NodeConfig, logger: JsonLogger) => PeerTransport;
}

/**
 * N node apps in this process: real Nest apps on real loopback ports (forwarding uses HTTP),
 * peer traffic on one in-memory network, stores that survive an app restart.
 */
export class InProcessCluster {
  readonly network = new MemoryNetwork();
  readonly members: MemberAddress[];
  readonly nodes = new Map<string, InProcessNode>();
  private readonly volumes = new Map<string, MemoryLogVolume>();
  readonly logLines: string[] = [];

  constructor(private readonly options: ClusterOptions) {
    const total = options.voters + (options.learners ?? 0);
    this.members = Array.from({ length: total }, (_, i) => ({
      id: `node${i + 1}`,
      host: '127.0.0.1',
      httpPort: options.basePort + i + 1,
      peerPort: options.basePort + 1000 + i + 1,
      role: i < options.voters ? 'voter' : 'learner',
    }));
  }

  env(id: string): Record<string, string> {
    return {
      NODE_ID: id,
      CLUSTER_MEMBERS: formatClusterMembers(this.members),
      STORE: 'memory',
      TRANSPORT: 'memory',
      TICK_MS: String(this.options.tickMs ?? 10),
      LOG_LEVEL: 'warn',
      PROPOSAL_TIMEOUT_MS: '5000',
      ...this.options.env,
    };
  }

  async startAll(): Promise<void> {
    for (const m of this.members) await this.start(m.id);
  }

  /** Starts every node and returns the leader every running node agrees on. */
  async startWithLeader(): Promise<string> {
    await this.startAll();
    return this.waitForLeader();
  }

  /** The leader every running node agrees on; throws after `timeoutMs`. */
  async waitForLeader(timeoutMs = 10_000): Promise<string> {
    return (await waitForLeader(this.clients(), timeoutMs, 50)).node;
  }

  async start(id: string): Promise<InProcessNode> {
    const config = loadNodeConfig(this.env(id));
    const logger = new JsonLogger(id, config.logLevel, (line) => this.logLines.push(line));
    let volume = this.volumes.get(id);
    if (!volume) this.volumes.set(id, (volume = new MemoryLogVolume()));
    const app = await createNodeApp({
      config,
      logger,
      logStore: this.options.store ? this.options.store(id) : new MemoryLogStore(volume),
      transport: this.options.transport ? this.options.transport(config, logger) : new MemoryPeerTransport(id, this.network, this.members.map((m) => m.id)),
      raftNodes: new DefaultRaftNodeFactory(),
    });
    await app.listen({ port: config.httpPort, host: config.httpHost });
    await app.getHttpAdapter().getInstance().ready();
    const member = this.members.find((m) => m.id === id);
    const url = memberUrl(member!);
    const node = { id, app, url, client: new NodeClient(url, { timeoutMs: 8000 }) };
    this.nodes.set(id, node);
    return node;
  }

  async stop(id: string): Promise<void> {
    const node = this.nodes.get(id);
    if (!node) return;
    this.nodes.delete(id);
    await node.app.close();
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.nodes.keys()]) await this.stop(id);
  }

  node(id: string): InProcessNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`${id} is not running`);
    return n;
  }

  clients(): NodeClient[] {
    return [...this.nodes.values()].map((n) => n.client);
  }
}
