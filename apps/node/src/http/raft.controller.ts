import { PeerTransport } from '@app/core';
import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiCreatedResponse, ApiGatewayTimeoutResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { NotLeaderError } from '../consensus/consensus-errors';
import { ControlGroup } from '../consensus/control-group.service';
import { GroupRegistry } from '../consensus/group-registry.service';
import { RaftDriver } from '../consensus/raft-driver.service';
import { PeerDispatcher } from '../peer/peer-dispatcher.service';
import { ErrorDto } from './dto/error.dto';
import { ProposalsPageDto, ProposalsQueryDto } from './dto/proposals.dto';
import { ProposeRequestDto, ProposeResponseDto } from './dto/propose.dto';
import { RaftStatusDto } from './dto/raft-status.dto';
import { TransferAcceptedDto, TransferLeadershipDto } from './dto/transfer.dto';
import { LeaderForwarder } from './leader-forwarder.service';

@ApiTags('raft (diagnostic)')
@Controller('raft')
export class RaftController {
  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly control: ControlGroup,
    private readonly registry: GroupRegistry,
    private readonly forwarder: LeaderForwarder,
    private readonly driver: RaftDriver,
    private readonly transport: PeerTransport,
    private readonly dispatcher: PeerDispatcher,
  ) {}

  @Post('propose')
  @ApiOperation({
    summary: 'DIAGNOSTIC: replicate a JSON value through the control group',
    description: 'Answers once the entry is applied on the node that answers. Followers forward to the leader. For testing the consensus layer; not an application API.',
  })
  @ApiCreatedResponse({ type: ProposeResponseDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'No leader, or leadership changed before the entry applied (outcome unknown); see Retry-After' })
  @ApiGatewayTimeoutResponse({ type: ErrorDto, description: 'Not applied in time (outcome unknown)' })
  propose(@Body() body: ProposeRequestDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProposeResponseDto | unknown> {
    return this.forwarder.run(
      req,
      reply,
      async () => {
        const outcome = await this.control.proposeDiagnostic(body.data);
        return { index: outcome.index, term: outcome.term, node: this.config.nodeId, leader: this.config.nodeId };
      },
      (answer) => (isRecord(answer) ? { ...answer, node: this.config.nodeId } : answer),
    );
  }

  @Get('status')
  @ApiOperation({ summary: 'Raft status of every group hosted here, plus driver and peer counters' })
  @ApiOkResponse({ type: RaftStatusDto })
  status(): RaftStatusDto {
    return {
      node: this.config.nodeId,
      groups: this.registry.all().map((g) => ({ ...g.status(), applied: g.appliedIndex })),
      driver: { ...this.driver.stats() },
      transport: { ...this.transport.stats() },
      peer_dispatch: { ...this.dispatcher.stats() },
    };
  }

  @Get('proposals')
  @ApiOperation({ summary: 'DIAGNOSTIC: proposals applied on this node, by log index (bounded page)' })
  @ApiOkResponse({ type: ProposalsPageDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  proposals(@Query() query: ProposalsQueryDto): ProposalsPageDto {
    const limit = query.limit ?? 100;
    const items = this.control.diagnostics.page(query.from ?? 1, limit + 1);
    const more = items.length > limit;
    const page = items.slice(0, limit);
    return { total: this.control.diagnostics.total, items: page, next_from: more ? items[limit].index : null };
  }

  @Post('transfer-leadership')
  @HttpCode(202)
  @ApiOperation({ summary: 'ADMIN: ask the leader to hand leadership to another voter', description: 'Followers forward to the leader. Accepted means requested; watch GET / for the result.' })
  @ApiAcceptedResponse({ type: TransferAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto })
  transfer(@Body() body: TransferLeadershipDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TransferAcceptedDto | unknown> {
    return this.forwarder.run(req, reply, async () => {
      const group = this.control.group;
      const status = group.status();
      if (status.role !== 'leader') throw new NotLeaderError(status.leader);
      if (!status.conf.voters.includes(body.to)) throw new BadRequestException(`${body.to} is not a voter of the control group`);
      group.transferLeadership(body.to);
      return { requested: body.to };
    });
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
