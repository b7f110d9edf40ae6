import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { JsonLogger } from '../../node/src/logging/json-logger';
import { ClusterViewService } from './cluster/cluster-view.service';
import { ClusterController } from './cluster/cluster.controller';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway-config';
import { ClusterHealthIndicator } from './health/cluster.health-indicator';
import { HealthController } from './health/health.controller';
import { NodeProxy } from './proxy/node-proxy.service';
import { NodeSelectorService } from './proxy/node-selector.service';
import { ProxyController } from './proxy/proxy.controller';

@Module({})
export class GatewayAppModule {
  static forRoot(config: GatewayConfig, logger: JsonLogger): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, validatePredefined: false, skipProcessEnv: true, load: [() => ({ gateway: config })] }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [ClusterController, HealthController, ProxyController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, { provide: JsonLogger, useValue: logger }, ClusterViewService, NodeSelectorService, NodeProxy, ClusterHealthIndicator],
    };
  }
}
