import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorDto } from '../http/dto/error.dto';
import { LeaderForwarder } from '../http/leader-forwarder.service';
import { AddMemberDto, MembersDto, MembershipChangeDto } from './dto/member.dto';
import { MembershipAdmin } from './membership-admin.service';

/** Runtime scaling (docs/QUEUE.md "Scaling"): add or remove a cluster member. */
@ApiTags('admin')
@Controller('admin/members')
export class MembershipAdminController {
  constructor(
    private readonly admin: MembershipAdmin,
    private readonly forwarder: LeaderForwarder,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The replicated member list as this node applied it' })
  @ApiOkResponse({ type: MembersDto })
  list(): MembersDto {
    return this.admin.view();
  }

  @Post()
  @ApiOperation({
    summary: 'ADMIN: add a member',
    description:
      'Records the new member list in the control group, then every partition whose replica set changes on the ring is moved by its leader through Raft single-server changes (new replica as learner, snapshot catch-up, promotion, removal of the old replica). Start the new node first (it waits, hosting nothing, until added). A node that lost its data must be removed and added again, never restarted in place. Followers forward to the control leader.',
  })
  @ApiCreatedResponse({ type: MembershipChangeDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'Already a member' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'No control leader, or the list changed meanwhile: retry' })
  add(@Body() body: AddMemberDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.run(req, reply, () => this.admin.add({ id: body.id, host: body.host, httpPort: body.http_port, peerPort: body.peer_port, role: body.role ?? 'learner' }));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'ADMIN: remove a member', description: 'Partitions it holds get a replacement replica first, then it is removed from each group. Followers forward to the control leader.' })
  @ApiOkResponse({ type: MembershipChangeDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'Would leave the control group without a voter' })
  @ApiServiceUnavailableResponse({ type: ErrorDto })
  remove(@Param('id') id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.run(req, reply, () => this.admin.remove(id));
  }
}
