import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { IncomingHttpHeaders } from 'node:http';
import { HttpAnswer, HttpCallError, PooledHttpClient } from '@app/adapters/http-client';
import { JsonLogger } from '../../../node/src/logging/json-logger';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway-config';
import { NodeSelectorService } from './node-selector.service';
import { mayRetry, ProxiedRoute, requestedWaitMs } from './proxied-routes';

/** Request headers relayed to the node (nothing else: a client cannot set x-forwarded-by-node). */
const REQUEST_HEADERS = ['content-type', 'accept', 'x-client-id', 'x-request-id', 'idempotency-key', 'authorization'];
/** Answer headers relayed to the client. */
const ANSWER_HEADERS = ['content-type', 'retry-after', 'x-served-by', 'x-request-id', 'idempotency-key'];
/** Names the node the gateway called (x-served-by, when present, names the node that decided). */
export const UPSTREAM_HEADER = 'x-gateway-upstream';

type Outcome = { answer: HttpAnswer; node: string } | { error: HttpCallError; node: string };

/**
 * Relays one request of the node API to a node and its answer back, status, body and headers
 * untouched. Tries the nodes in the selector's order; goes on to the next one after a connection
 * failure or a 503 only when the route's retry policy allows it (proxied-routes.ts says why).
 */
@Injectable()
export class NodeProxy implements OnModuleDestroy {
  private readonly http = new PooledHttpClient(256, 64);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly selector: NodeSelectorService,
    private readonly logger: JsonLogger,
  ) {}

  onModuleDestroy(): void {
    this.http.close();
  }

  async relay(route: ProxiedRoute, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const url = request.raw.url ?? request.url;
    const queue = route.prefer === 'queue-owner' ? queueName(request) : undefined;
    const headers = pick(request.headers, REQUEST_HEADERS);
    const body = bodyOf(request);
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const timeoutMs = this.config.requestTimeoutMs + requestedWaitMs(route, query);
    let last: Outcome | null = null;
    let lastAnswer: Outcome | null = null;
    for (const node of this.selector.state.candidates(route, queue)) {
      const outcome = await this.attempt(node, request.method, url, headers, body, timeoutMs);
      last = outcome;
      if ('answer' in outcome) {
        const servedBy = outcome.answer.headers['x-served-by'];
        this.selector.state.learn(route, queue, node, outcome.answer.status, typeof servedBy === 'string' ? servedBy : undefined);
        lastAnswer = outcome;
        if (outcome.answer.status !== 503 || !mayRetry(route, 'unavailable', request.headers)) break;
      } else {
        if (outcome.error.kind === 'not-sent') this.selector.state.markReachable(node, false);
        if (!mayRetry(route, outcome.error.kind, request.headers)) break;
      }
    }
    const final = last !== null && 'error' in last && last.error.kind === 'not-sent' && lastAnswer !== null ? lastAnswer : last;
    this.send(reply, final);
  }

  private async attempt(node: string, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number): Promise<Outcome> {
    try {
      const answer = await this.http.call({ method, url: this.selector.state.urlOf(node) + path, headers, body, connectTimeoutMs: this.config.connectTimeoutMs, timeoutMs });
      return { answer, node };
    } catch (e) {
      const error = e instanceof HttpCallError ? e : new HttpCallError('maybe-sent', false, e instanceof Error ? e.message : String(e), e);
      this.logger.warn('node call failed', { node, method, path: path.split('?')[0], kind: error.kind, error: error.message }, 'NodeProxy');
      return { error, node };
    }
  }

  private send(reply: FastifyReply, outcome: Outcome | null): void {
    if (outcome === null) {
      reply.status(503).header('retry-after', '1').send({ error: 'no_node_reachable', message: 'no node is configured' });
      return;
    }
    reply.header(UPSTREAM_HEADER, outcome.node);
    if ('answer' in outcome) {
      const { answer } = outcome;
      reply.status(answer.status);
      for (const [name, value] of Object.entries(pick(answer.headers, ANSWER_HEADERS))) reply.header(name, value);
      // 204 and friends have no body; anything else goes back byte for byte.
      reply.send(answer.body.length > 0 ? answer.body : undefined);
      return;
    }
    const { error } = outcome;
    if (error.kind === 'not-sent') {
      reply.status(503).header('retry-after', '1').send({ error: 'no_node_reachable', message: `no node accepted the connection (last: ${outcome.node}: ${error.message})` });
    } else if (error.timedOut) {
      reply.status(504).send({ error: 'gateway_timeout', message: `${outcome.node} did not answer in time; the outcome is unknown (retry with the same X-Request-Id / Idempotency-Key)` });
    } else {
      reply.status(502).send({ error: 'bad_gateway', message: `connection to ${outcome.node} lost after the request was sent; the outcome is unknown (${error.message})` });
    }
  }
}

function pick(headers: IncomingHttpHeaders, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The raw bytes the client sent (the gateway parses no body: the node validates it). */
function bodyOf(request: FastifyRequest): Buffer | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  return Buffer.isBuffer(request.body) ? request.body : undefined;
}

function queueName(request: FastifyRequest): string | undefined {
  const params = request.params;
  if (typeof params !== 'object' || params === null || !('name' in params)) return undefined;
  const name = (params as { name: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}
