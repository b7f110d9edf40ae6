import { Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ErrorDto } from '../http/dto/error.dto';
import { LeaderForwarder } from '../http/leader-forwarder.service';
import { LockBusyDto, LockDeadlockDto, LockGrantEndedDto, LockGrantedDto, LockOwnerErrorDto, LockReleasedDto, LockRenewedDto } from './dto/lock-answers.dto';
import { LockTableDto, OneLockDto } from './dto/lock-table.dto';
import { badRequest, LockAnswer } from './lock-http';
import { parseAcquire, parseRelease, parseRenew, RawLockRequest } from './lock-input';
import { LockService } from './lock.service';

const NAME_PARAM = { name: 'name', description: 'Lock name: 1-256 characters of letters, digits and . _ : - (not "." or "..")', example: 'mylock' };
const CLIENT_HEADER = { name: 'X-Client-Id', required: false, description: 'Owner of the lock (else client_id, else "anonymous")', example: 'worker-7' };
const REQUEST_HEADER = { name: 'X-Request-Id', required: false, description: 'Idempotency key: a retry with the same id (same owner, same lock) takes effect once, even across a leader change', example: '5b1d7c1e-acquire-1' };
const CLIENT_QUERY = { name: 'client_id', required: false, description: 'Owner, when the X-Client-Id header cannot be set', example: 'worker-7' };
const UNAVAILABLE = { status: 503, type: ErrorDto, description: 'No leader (or it could not be reached, or leadership changed while the request waited; outcome unknown). Retry-After is set; retry with the same X-Request-Id.' };
const TIMEOUT = { status: 504, type: ErrorDto, description: 'The command was not applied in time (outcome unknown); retry with the same X-Request-Id' };

/**
 * The seed's lock API. Every node accepts every call: writes run on the leader (followers forward
 * them, headers and query string included), reads are served by the node called.
 */
@ApiTags('locks')
@Controller()
export class LockController {
  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly locks: LockService,
    private readonly forwarder: LeaderForwarder,
  ) {}

  @Post('lock/:name')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acquire a lock (shared or exclusive), optionally waiting in the FIFO queue',
    description:
      'Granted at once when nobody waits and every holder is compatible. With wait_ms > 0 the request is queued (FIFO) and held open until the lock is handed over or wait_ms elapses (then the waiter is removed and 423 answered). ' +
      'Re-acquiring a lock you hold in a covering mode is idempotent (same token, lease refreshed); shared -> exclusive upgrades when you are the only holder, otherwise it waits.',
  })
  @ApiParam(NAME_PARAM)
  @ApiQuery({ name: 'lock_type', required: false, enum: ['exclusive', 'shared'], description: 'Default exclusive' })
  @ApiQuery({ name: 'ttl_ms', required: false, description: 'Lease length, 100..3600000 ms (default 30000)', example: 30000 })
  @ApiQuery({ name: 'wait_ms', required: false, description: 'How long to wait when busy, 0..300000 ms (default 0: try-lock)', example: 5000 })
  @ApiQuery(CLIENT_QUERY)
  @ApiHeader(CLIENT_HEADER)
  @ApiHeader(REQUEST_HEADER)
  @ApiResponse({ status: 200, type: LockGrantedDto, description: 'Granted: holds the lock until released or the lease ends. Also the answer to a retry (same X-Request-Id, replayed: true) while that grant is still held.' })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'Bad lock name, lock_type, ttl_ms, wait_ms, client id or request id (or a request id reused for another command)' })
  @ApiResponse({ status: 409, type: LockDeadlockDto, description: 'Waiting would close a wait-for cycle: refused (not queued), cycle in the body' })
  @ApiResponse({
    status: 410,
    type: LockGrantEndedDto,
    description:
      'A retry (same X-Request-Id) of an acquire that was granted, but that grant has ended since (status: expired, released or upgraded). Nothing changed; you do not hold that grant; holders are the current ones. Acquire again with a new X-Request-Id.',
  })
  @ApiResponse({ status: 423, type: LockBusyDto, description: 'Busy (try-lock) or wait_ms elapsed (waiter removed); current holders in the body' })
  @ApiResponse(UNAVAILABLE)
  @ApiResponse(TIMEOUT)
  acquire(@Param('name') name: string, @Query() query: Record<string, unknown>, @Headers('x-client-id') clientId: unknown, @Headers('x-request-id') requestId: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const input = parseAcquire(raw(name, query, clientId, requestId));
    if (!input.ok) return Promise.resolve(send(reply, badRequest(input.message)));
    return this.forwarder.run(req, reply, async () => send(reply, await this.locks.acquire(input.value)), (b) => this.calledHere(b), input.value.waitMs);
  }

  @Delete('lock/:name')
  @ApiOperation({ summary: 'Release a lock you hold', description: 'Only the owner may release. Waiters that become compatible are granted at once (FIFO).' })
  @ApiParam(NAME_PARAM)
  @ApiQuery(CLIENT_QUERY)
  @ApiHeader(CLIENT_HEADER)
  @ApiHeader(REQUEST_HEADER)
  @ApiResponse({ status: 200, type: LockReleasedDto, description: 'Released' })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'Bad lock name, client id or request id' })
  @ApiResponse({ status: 403, type: LockOwnerErrorDto, description: 'Held by another owner' })
  @ApiResponse({ status: 404, type: LockOwnerErrorDto, description: 'Not held by anyone' })
  @ApiResponse(UNAVAILABLE)
  @ApiResponse(TIMEOUT)
  release(@Param('name') name: string, @Query() query: Record<string, unknown>, @Headers('x-client-id') clientId: unknown, @Headers('x-request-id') requestId: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const input = parseRelease(raw(name, query, clientId, requestId));
    if (!input.ok) return Promise.resolve(send(reply, badRequest(input.message)));
    return this.forwarder.run(req, reply, async () => send(reply, await this.locks.release(input.value)), (b) => this.calledHere(b));
  }

  @Post('lock/:name/renew')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the lease of a lock you hold to now + ttl_ms', description: 'The fencing token does not change.' })
  @ApiParam(NAME_PARAM)
  @ApiQuery({ name: 'ttl_ms', required: false, description: 'New lease length from now, 100..3600000 ms (default 30000)', example: 30000 })
  @ApiQuery(CLIENT_QUERY)
  @ApiHeader(CLIENT_HEADER)
  @ApiResponse({ status: 200, type: LockRenewedDto, description: 'Renewed' })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'Bad lock name, ttl_ms or client id' })
  @ApiResponse({ status: 403, type: LockOwnerErrorDto, description: 'Held by another owner' })
  @ApiResponse({ status: 404, type: LockOwnerErrorDto, description: 'Not held (perhaps the lease already expired)' })
  @ApiResponse(UNAVAILABLE)
  @ApiResponse(TIMEOUT)
  renew(@Param('name') name: string, @Query() query: Record<string, unknown>, @Headers('x-client-id') clientId: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const input = parseRenew(raw(name, query, clientId, undefined));
    if (!input.ok) return Promise.resolve(send(reply, badRequest(input.message)));
    return this.forwarder.run(req, reply, async () => send(reply, await this.locks.renew(input.value)), (b) => this.calledHere(b));
  }

  @Get('locks')
  @ApiOperation({
    summary: 'The lock table: holders, waiters in order, wait-for graph, and this node\'s Raft state',
    description: 'Linearizable by default (Raft ReadIndex: reflects every write acknowledged before the call). ?stale=true answers from what this node has applied, without asking the leader.',
  })
  @ApiQuery({ name: 'stale', required: false, enum: ['true', 'false'], description: 'Answer locally without a read barrier' })
  @ApiResponse({ status: 200, type: LockTableDto })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'Bad stale value' })
  @ApiResponse(UNAVAILABLE)
  @ApiResponse(TIMEOUT)
  async table(@Query('stale') stale: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const s = parseStale(stale);
    if (s === null) return send(reply, badRequest('stale must be true or false'));
    return this.locks.tableView(s);
  }

  @Get('locks/:name')
  @ApiOperation({ summary: 'One lock: holders, waiters in order, its wait-for edges', description: 'A lock nobody holds or waits for is shown free (mode null). Linearizable unless ?stale=true.' })
  @ApiParam(NAME_PARAM)
  @ApiQuery({ name: 'stale', required: false, enum: ['true', 'false'] })
  @ApiResponse({ status: 200, type: OneLockDto })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'Bad lock name or stale value' })
  @ApiResponse(UNAVAILABLE)
  @ApiResponse(TIMEOUT)
  async one(@Param('name') name: string, @Query('stale') stale: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const s = parseStale(stale);
    if (s === null) return send(reply, badRequest('stale must be true or false'));
    const input = parseRelease(raw(name, {}, undefined, undefined));
    if (!input.ok) return send(reply, badRequest(input.message));
    return this.locks.lockView(input.value.lock, s);
  }

  @Post('lock')
  @HttpCode(400)
  @ApiOperation({ summary: 'Without a lock name: always 400', description: 'POST /lock/ and DELETE /lock/ name no lock.' })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'The lock name is empty' })
  noNameAcquire(): LockAnswer['body'] {
    return badRequest('lock name must be a non-empty string').body;
  }

  @Delete('lock')
  @HttpCode(400)
  @ApiOperation({ summary: 'Without a lock name: always 400' })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'The lock name is empty' })
  noNameRelease(): LockAnswer['body'] {
    return badRequest('lock name must be a non-empty string').body;
  }

  /** A forwarded answer says which node the client called (the leader is in `leader`). */
  private calledHere(body: unknown): unknown {
    return typeof body === 'object' && body !== null && 'node' in body ? { ...body, node: this.config.nodeId } : body;
  }
}

function raw(name: unknown, query: Record<string, unknown>, clientIdHeader: unknown, requestIdHeader: unknown): RawLockRequest {
  return { name, query: query ?? {}, clientIdHeader, requestIdHeader };
}

function send(reply: FastifyReply, answer: LockAnswer): Record<string, unknown> {
  reply.status(answer.status);
  return answer.body;
}

function parseStale(v: unknown): boolean | null {
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  return null;
}
