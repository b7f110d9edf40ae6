import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { NotLeaderError } from '../consensus/consensus-errors';
import { HttpAnswer, KeepAliveHttpClient } from './keep-alive-http-client';
import { NodeInfoService } from './node-info.service';

/** Set on a forwarded request; a node receiving it never forwards again (no loops between stale views). */
export const FORWARDED_BY_HEADER = 'x-forwarded-by-node';

/** The leader could not be reached; the client may retry. */
export class LeaderUnreachableError extends Error {
  constructor(
    readonly leader: string,
    cause: string,
  ) {
    super(`leader ${leader} unreachable: ${cause}`);
    this.name = 'LeaderUnreachableError';
  }
}

const PASSED_HEADERS = ['content-type', 'accept', 'x-client-id', 'x-request-id', 'idempotency-key', 'authorization'];

/**
 * Runs a request locally and, if this node is not the leader but knows who is, replays the
 * same HTTP request on the leader and relays its answer. Used by every endpoint that must be
 * decided by the leader (diagnostic proposals now, the lock API later).
 */
@Injectable()
export class LeaderForwarder implements OnModuleDestroy {
  private readonly http = new KeepAliveHttpClient();

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly nodes: NodeInfoService,
  ) {}

  onModuleDestroy(): void {
    this.http.close();
  }

  /**
   * `relay` may adjust a successful (2xx) answer of the leader before it goes back to the client,
   * e.g. to say which node the client actually called. `extraTimeoutMs` lengthens the wait for
   * the leader's answer beyond a proposal's (a lock acquire may be held open for its wait_ms).
   */
  async run<T>(request: FastifyRequest, reply: FastifyReply, local: () => Promise<T>, relay: (body: unknown) => unknown = (b) => b, extraTimeoutMs = 0): Promise<T | unknown> {
    try {
      return await local();
    } catch (error) {
      if (!(error instanceof NotLeaderError) || !error.leader || error.leader === this.config.nodeId) throw error;
      if (request.headers[FORWARDED_BY_HEADER]) throw new NotLeaderError(null, `forwarded request reached a non-leader; the leader is moving (last known ${error.leader})`);
      const answer = await this.forward(error.leader, request, reply, extraTimeoutMs);
      return reply.statusCode >= 200 && reply.statusCode < 300 ? relay(answer) : answer;
    }
  }

  private async forward(leader: string, request: FastifyRequest, reply: FastifyReply, extraTimeoutMs: number): Promise<unknown> {
    const url = this.nodes.urlOf(leader);
    if (!url) throw new NotLeaderError(null, `leader ${leader} is not a known member`);
    const headers: Record<string, string> = { [FORWARDED_BY_HEADER]: this.config.nodeId };
    for (const name of PASSED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== undefined;
    let res: HttpAnswer;
    try {
      res = await this.http.call({
        method: request.method,
        url: url + request.url,
        headers,
        body: hasBody ? JSON.stringify(request.body) : undefined,
        timeoutMs: this.config.proposalTimeoutMs + 2000 + extraTimeoutMs,
      });
    } catch (e) {
      throw new LeaderUnreachableError(leader, e instanceof Error ? e.message : String(e));
    }
    reply.status(res.status);
    const retryAfter = res.headers['retry-after'];
    if (typeof retryAfter === 'string') reply.header('retry-after', retryAfter);
    reply.header('x-served-by', leader);
    return res.text === '' ? undefined : (JSON.parse(res.text) as unknown);
  }
}
