import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { RaftHealthIndicator } from './raft.health-indicator';
import { StoreHealthIndicator } from './store.health-indicator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly raft: RaftHealthIndicator,
    private readonly store: StoreHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the control group has a leader and the log store is writable' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; details per check' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.raft.check('raft'), () => this.store.check('store')]);
  }
}
