import { LogStore, PeerTransport } from '@app/core';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { ADMIN_CONTROLLERS, ADMIN_PROVIDERS } from './admin';
import { NODE_CONFIG, NodeConfig } from './config/node-config';
import { ClusterMembership } from './consensus/cluster-membership.service';
import { ControlGroup } from './consensus/control-group.service';
import { GroupRegistry } from './consensus/group-registry.service';
import { MembershipReconciler } from './consensus/membership-reconciler.service';
import { RaftDriver } from './consensus/raft-driver.service';
import { RaftNodeFactory } from './consensus/raft-node.factory';
import { HealthController } from './health/health.controller';
import { RaftHealthIndicator } from './health/raft.health-indicator';
import { StoreHealthIndicator } from './health/store.health-indicator';
import { LeaderForwarder } from './http/leader-forwarder.service';
import { NodeInfoController } from './http/node-info.controller';
import { NodeInfoService } from './http/node-info.service';
import { RaftController } from './http/raft.controller';
import { JsonLogger } from './logging/json-logger';
import { METRICS_CONTROLLERS, METRICS_PROVIDERS } from './metrics';
import { NodeLifecycle } from './node-lifecycle.service';
import { LOCK_CONTROLLERS, LOCK_PROVIDERS } from './locks';
import { PeerDispatcher } from './peer/peer-dispatcher.service';
import { PeerSync } from './peer/peer-sync.service';
import { QUEUE_CONTROLLERS, QUEUE_PROVIDERS } from './queue/queue.providers';

/** What the process entry (main.ts) or a test hands to the node: validated config and built adapters. */
export interface NodeAppOptions {
  config: NodeConfig;
  logger: JsonLogger;
  logStore: LogStore;
  transport: PeerTransport;
  raftNodes: RaftNodeFactory;
}

@Module({})
export class NodeAppModule {
  static forRoot(options: NodeAppOptions): DynamicModule {
    return {
      module: NodeAppModule,
      imports: [
        // The environment was validated by loadNodeConfig before boot; several nodes may share one
        // process (e2e), so ConfigService serves this node's object instead of process.env.
        ConfigModule.forRoot({ ignoreEnvFile: true, validatePredefined: false, skipProcessEnv: true, load: [() => ({ node: options.config })] }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [NodeInfoController, RaftController, HealthController, ...LOCK_CONTROLLERS, ...QUEUE_CONTROLLERS, ...ADMIN_CONTROLLERS, ...METRICS_CONTROLLERS],
      providers: [
        { provide: NODE_CONFIG, useValue: options.config },
        { provide: JsonLogger, useValue: options.logger },
        { provide: LogStore, useValue: options.logStore },
        { provide: PeerTransport, useValue: options.transport },
        { provide: RaftNodeFactory, useValue: options.raftNodes },
        GroupRegistry,
        RaftDriver,
        ControlGroup,
        ClusterMembership,
        MembershipReconciler,
        PeerDispatcher,
        PeerSync,
        NodeLifecycle,
        NodeInfoService,
        LeaderForwarder,
        RaftHealthIndicator,
        StoreHealthIndicator,
        ...LOCK_PROVIDERS,
        ...QUEUE_PROVIDERS,
        ...ADMIN_PROVIDERS,
        ...METRICS_PROVIDERS,
      ],
    };
  }
}
