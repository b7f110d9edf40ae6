import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NodeInfoDto } from './dto/node-info.dto';
import { NodeInfoService } from './node-info.service';

@ApiTags('node')
@Controller()
export class NodeInfoController {
  constructor(private readonly nodes: NodeInfoService) {}

  @Get()
  @ApiOperation({ summary: 'This node: role, term, leader, members, version, uptime' })
  @ApiOkResponse({ type: NodeInfoDto })
  info(): NodeInfoDto {
    return this.nodes.info();
  }
}
