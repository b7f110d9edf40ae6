import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EXPOSITION_CONTENT_TYPE, formatExposition } from './exposition';
import { NodeMetricsCollector } from './node-metrics.collector';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly collector: NodeMetricsCollector) {}

  @Get()
  @Header('content-type', EXPOSITION_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics of this node (text exposition format 0.0.4)', description: 'Raft groups, driver, peer transport and dispatcher, HTTP requests, lock table, hosted queue partitions. See docs/OPERATIONS.md.' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Metrics text', schema: { type: 'string', example: '# HELP dsync_raft_term Current Raft term, per group\n# TYPE dsync_raft_term gauge\ndsync_raft_term{group="control"} 3\n' } })
  metrics(): string {
    return formatExposition(this.collector.collect());
  }
}
