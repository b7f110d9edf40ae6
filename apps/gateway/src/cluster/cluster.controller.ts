import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterViewDto } from './cluster-view.dto';
import { ClusterViewService } from './cluster-view.service';

@ApiTags('cluster')
@Controller('cluster')
export class ClusterController {
  constructor(private readonly cluster: ClusterViewService) {}

  @Get()
  @ApiOperation({ summary: 'Every node as it reports itself (GET /), and the current leader' })
  @ApiOkResponse({ type: ClusterViewDto })
  view(): Promise<ClusterViewDto> {
    return this.cluster.view();
  }
}
