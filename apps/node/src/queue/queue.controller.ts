import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiGatewayTimeoutResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ErrorDto } from '../http/dto/error.dto';
import { FORWARDED_BY_HEADER } from '../http/leader-forwarder.service';
import { ConsumeQueryDto, DeliveryBatchDto, DeliveryDto } from './dto/consume.dto';
import { ProduceResponseDto } from './dto/produce.dto';
import { AckResponseDto, ConflictDto, NackResponseDto, SettleRequestDto } from './dto/settle.dto';
import { QueueListDto, QueueListQueryDto, QueueStatsDto } from './dto/stats.dto';
import { ForwardRequest, QueueAnswer, QueueForwarder } from './queue-forwarder.service';
import { QueueListing } from './queue-listing.service';
import { isValidQueueName } from './queue-names';
import { HostedPartition, QueuePartitions } from './queue-partitions.service';
import { QueueService } from './queue.service';

const NAME_PARAM = { name: 'name', example: 'orders', description: 'Queue name: letters, digits, "_", "." and "-", at most 255 characters (not starting with "." or "-")' };
const PASSED_HEADERS = ['content-type', 'accept', 'x-client-id', 'x-request-id', 'idempotency-key', 'authorization', 'x-dead-letter-of'];
const MAX_HEADER_VALUE = 200;
const UNAVAILABLE = 'No partition leader reachable yet, or leadership changed before the command applied (outcome unknown); retry after Retry-After';

@ApiTags('queue')
@ApiExtraModels(DeliveryDto, DeliveryBatchDto)
@Controller()
export class QueueController {
  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly partitions: QueuePartitions,
    private readonly queues: QueueService,
    private readonly forwarder: QueueForwarder,
    private readonly listing: QueueListing,
  ) {}

  @Post('queue/:name')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Produce a message (any JSON value)',
    description:
      "Stored in the queue's partition and answered only once the produce is committed on a majority of the partition's replicas (each fsynced) and applied by the leader. Any node accepts it and forwards to the partition leader. An `Idempotency-Key` seen within the dedupe window (QUEUE_DEDUPE_WINDOW_MS, 5 min) returns the first produce's message_id with duplicate=true and stores nothing.",
  })
  @ApiParam(NAME_PARAM)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'De-duplicates retried produces of the same message (at most 200 characters)', example: 'order-123' })
  @ApiBody({ description: 'The message: any JSON value, at most 1 MiB', schema: { example: { order_id: 123, product: 'laptop' } } })
  @ApiCreatedResponse({ type: ProduceResponseDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Body missing or not JSON, invalid queue name or Idempotency-Key' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto, description: 'Body over 1 MiB' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: UNAVAILABLE })
  @ApiGatewayTimeoutResponse({ type: ErrorDto, description: 'Not committed in time (outcome unknown: retry with the same Idempotency-Key)' })
  async produce(@Param('name') name: string, @Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    this.checkName(name);
    const data = jsonText(body, req.headers['content-type']);
    const idempotencyKey = headerValue(req, 'idempotency-key');
    const deadLetterOf = headerValue(req, 'x-dead-letter-of');
    const partition = this.partitions.placement.of(name);
    const answer = await this.forwarder.route(partition, forwardOf(req, 0), () =>
      this.queues.produce(this.hosted(partition.index), { queue: name, data, ...(idempotencyKey === undefined ? {} : { idempotencyKey }), ...(deadLetterOf === undefined ? {} : { deadLetterOf }) }),
    );
    return this.send(reply, answer, (b) => ({ ...b, node: this.config.nodeId }));
  }

  @Get('queue/:name')
  @ApiOperation({
    summary: 'Consume: deliver the oldest visible message(s)',
    description:
      'Each delivery is replicated through the partition log before it is answered, so a new leader knows every message in flight. The message stays invisible for `visibility_ms`; acknowledge it with its `ack_token` before then, or it is delivered again (at-least-once). Without `max` (or max=1) the answer is one message object; with max > 1 it is `{queue, partition, count, messages: [...]}`. 204 when the queue is empty after `wait_ms` (long poll). The caller is identified by `X-Client-Id` (default "anonymous").',
  })
  @ApiParam(NAME_PARAM)
  @ApiHeader({ name: 'X-Client-Id', required: false, description: 'Consumer identity, recorded with the delivery', example: 'worker-1' })
  @ApiOkResponse({ description: 'One message (max absent or 1), or a batch (max > 1)', schema: { oneOf: [{ $ref: getSchemaPath(DeliveryDto) }, { $ref: getSchemaPath(DeliveryBatchDto) }] } })
  @ApiNoContentResponse({ description: 'No message became available within wait_ms' })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid queue name or query value' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: UNAVAILABLE })
  @ApiGatewayTimeoutResponse({ type: ErrorDto, description: 'The delivery was not committed in time (the messages, if delivered, become visible again after visibility_ms)' })
  async consume(@Param('name') name: string, @Query() query: ConsumeQueryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    this.checkName(name);
    const waitMs = Math.min(query.wait_ms ?? 0, this.config.queue.maxWaitMs);
    const partition = this.partitions.placement.of(name);
    const input = {
      queue: name,
      consumer: headerValue(req, 'x-client-id') ?? 'anonymous',
      max: query.max ?? 1,
      batch: (query.max ?? 1) > 1,
      waitMs,
      visibilityMs: query.visibility_ms ?? this.config.queue.visibilityMs,
    };
    const answer = await this.forwarder.route(partition, forwardOf(req, waitMs), () => this.queues.consume(this.hosted(partition.index), input));
    return this.send(reply, answer);
  }

  @Post('queue/:name/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge a delivery: the message is removed for good', description: 'A retried ack with the same token answers 200 with duplicate=true.' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: AckResponseDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Missing or malformed ack_token, invalid queue name' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown ack token' })
  @ApiConflictResponse({ type: ConflictDto, description: 'The token belongs to an earlier delivery: the message was delivered again (visibility timeout or nack), or dead-lettered' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: UNAVAILABLE })
  @ApiGatewayTimeoutResponse({ type: ErrorDto })
  ack(@Param('name') name: string, @Body() body: SettleRequestDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.settle('ack', name, body, req, reply);
  }

  @Post('queue/:name/nack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Negative acknowledgement: the message is visible again at once (or dead-lettered after max deliveries)' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: NackResponseDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Missing or malformed ack_token, invalid queue name' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown ack token' })
  @ApiConflictResponse({ type: ConflictDto, description: 'The token belongs to an earlier delivery, or the message was acknowledged or dead-lettered' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: UNAVAILABLE })
  @ApiGatewayTimeoutResponse({ type: ErrorDto })
  nack(@Param('name') name: string, @Body() body: SettleRequestDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.settle('nack', name, body, req, reply);
  }

  @Get('queue/:name/stats')
  @ApiOperation({ summary: 'Depth, in flight, dead letters and the partition (replicas, leader) of a queue', description: 'Read on the partition leader after a Raft read barrier (linearizable).' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: QueueStatsDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: UNAVAILABLE })
  @ApiGatewayTimeoutResponse({ type: ErrorDto })
  async stats(@Param('name') name: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    this.checkName(name);
    const partition = this.partitions.placement.of(name);
    return this.send(reply, await this.forwarder.route(partition, forwardOf(req, 0), () => this.queues.stats(this.hosted(partition.index), name)));
  }

  @Get('queues')
  @ApiOperation({ summary: 'Every queue with its counters, and every partition with its replicas and leader' })
  @ApiOkResponse({ type: QueueListDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  list(@Query() query: QueueListQueryDto): Promise<Record<string, unknown>> {
    return this.listing.list(query.scope ?? 'cluster');
  }

  private async settle(type: 'ack' | 'nack', name: string, body: SettleRequestDto, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    this.checkName(name);
    const partition = this.partitions.placement.of(name);
    return this.send(reply, await this.forwarder.route(partition, forwardOf(req, 0), () => this.queues.settle(this.hosted(partition.index), name, type, body.ack_token)));
  }

  private checkName(name: string): void {
    if (!isValidQueueName(name)) throw new BadRequestException(`invalid queue name "${name.slice(0, 64)}": use letters, digits, "_", "." and "-" (at most 255, not starting with "." or "-")`);
  }

  private hosted(index: number): HostedPartition {
    const p = this.partitions.local(index);
    // route() runs `local` only for hosted partitions.
    if (!p) throw new Error(`partition ${index} is not hosted here`);
    return p;
  }

  private send(reply: FastifyReply, answer: QueueAnswer, relay: (body: Record<string, unknown>) => unknown = (b) => b): unknown {
    reply.status(answer.status);
    for (const [k, v] of Object.entries(answer.headers ?? {})) reply.header(k, v);
    const forwarded = answer.headers?.['x-served-by'] !== undefined;
    if (forwarded && answer.status >= 200 && answer.status < 300 && isRecord(answer.body)) return relay(answer.body);
    return answer.body;
  }
}

/** The produced value as JSON text. A JSON body was parsed by Fastify; a text/plain body must itself be JSON. */
function jsonText(body: unknown, contentType: string | undefined): string {
  if (body === undefined) throw new BadRequestException('a JSON body is required (Content-Type: application/json)');
  // Fastify also parses forms into objects: refuse them rather than store a made-up JSON.
  if (typeof body !== 'string' && !isJsonType(contentType)) throw new BadRequestException(`the body must be JSON (Content-Type: application/json), not ${contentType ?? 'untyped'}`);
  if (typeof body === 'string' && !isJsonType(contentType)) {
    try {
      return JSON.stringify(JSON.parse(body) as unknown);
    } catch {
      throw new BadRequestException('the body is not valid JSON');
    }
  }
  return JSON.stringify(body);
}

function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());
}

function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_HEADER_VALUE) throw new BadRequestException(`${name} must be one value of 1..${MAX_HEADER_VALUE} characters`);
  return v;
}

function forwardOf(req: FastifyRequest, extraTimeoutMs: number): ForwardRequest {
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== undefined;
  if (hasBody) headers['content-type'] = 'application/json';
  return {
    method: req.method,
    path: req.url,
    headers,
    body: hasBody ? (typeof req.body === 'string' && !isJsonType(req.headers['content-type']) ? req.body : JSON.stringify(req.body)) : undefined,
    forwarded: req.headers[FORWARDED_BY_HEADER] !== undefined,
    extraTimeoutMs,
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
