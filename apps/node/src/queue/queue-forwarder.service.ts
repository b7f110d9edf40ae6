import { GroupId, NodeId } from '@app/core';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig, memberUrl } from '../config/node-config';
import { ClusterMembership } from '../consensus/cluster-membership.service';
import { NotLeaderError } from '../consensus/consensus-errors';
import { FORWARDED_BY_HEADER, LeaderUnreachableError } from '../http/leader-forwarder.service';
import { PartitionInfo } from './partition-placement';
import { PeerHttp, PeerHttpResponse } from './peer-http';
import { QueuePartitions } from './queue-partitions.service';

/** An HTTP request to replay on another node: method, path with query, headers, JSON body text. */
export interface ForwardRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Already forwarded once (x-forwarded-by-node present): never forward again. */
  forwarded: boolean;
  /** Extra time to wait for the answer beyond a proposal's (long polls). */
  extraTimeoutMs?: number;
}

/** What an endpoint answers: an HTTP status, a JSON body, and headers worth relaying. */
export interface QueueAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Routes a request to its partition's Raft leader, which may be any replica of the partition.
 * - On a replica: run locally; on NotLeaderError naming another leader, replay the request there.
 * - On a node that is not a replica: it does not know the leader, so it asks the replicas in turn
 *   (the last leader seen first); a replica that is not the leader answers 503 not_leader with the
 *   leader's id, and the request is replayed there. Bounded: at most replicas + 2 hops.
 * A request that was forwarded once is never forwarded again (no loops between stale views); the
 * node that forwarded it follows the leader hint instead.
 */
@Injectable()
export class QueueForwarder implements OnApplicationShutdown {
  private readonly hints = new Map<GroupId, NodeId>();
  private readonly http = new PeerHttp();

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly partitions: QueuePartitions,
    private readonly membership: ClusterMembership,
  ) {}

  onApplicationShutdown(): void {
    this.http.close();
  }

  async route(partition: PartitionInfo, request: ForwardRequest, local: () => Promise<QueueAnswer>): Promise<QueueAnswer> {
    if (this.partitions.local(partition.index)) {
      try {
        return await local();
      } catch (error) {
        if (!(error instanceof NotLeaderError) || !error.leader || error.leader === this.config.nodeId || request.forwarded) throw error;
        return this.send(error.leader, request);
      }
    }
    if (request.forwarded) throw new NotLeaderError(null, `${this.config.nodeId} is not a replica of ${partition.group} (replicas: ${partition.replicas.join(', ')})`);
    return this.viaReplicas(partition, request);
  }

  private async viaReplicas(partition: PartitionInfo, request: ForwardRequest): Promise<QueueAnswer> {
    const hint = this.hints.get(partition.group);
    const candidates = unique([...(hint ? [hint] : []), ...partition.replicas]);
    let last: unknown = new NotLeaderError(null, `no replica of ${partition.group} answered`);
    let lastAnswer: QueueAnswer | null = null;
    for (let hop = 0; hop < partition.replicas.length + 2 && candidates.length > 0; hop++) {
      const target = candidates.shift() as NodeId;
      let answer: QueueAnswer;
      try {
        answer = await this.send(target, request);
      } catch (error) {
        last = error;
        continue;
      }
      const leader = leaderHint(answer);
      if (leader && leader !== target) {
        // Follow the replica's hint next, ahead of the other replicas.
        candidates.splice(0, candidates.length, ...unique([leader, ...candidates]));
        continue;
      }
      if (answer.status === 503 && candidates.length > 0) {
        // No leader known there (an election, or a node the partition moved off): ask the next one.
        if (target === hint) this.hints.delete(partition.group);
        lastAnswer = answer;
        continue;
      }
      if (answer.status < 500) this.hints.set(partition.group, target);
      return answer;
    }
    if (lastAnswer) return lastAnswer;
    throw last;
  }

  /** Replays a request on one node (throws LeaderUnreachableError when it cannot be reached). */
  async send(node: NodeId, request: ForwardRequest): Promise<QueueAnswer> {
    const member = this.membership.address(node);
    if (!member) throw new NotLeaderError(null, `leader ${node} is not a configured member`);
    let res: PeerHttpResponse;
    try {
      res = await this.http.send(memberUrl(member) + request.path, {
        method: request.method,
        headers: { ...request.headers, [FORWARDED_BY_HEADER]: this.config.nodeId },
        body: request.body,
        timeoutMs: this.config.proposalTimeoutMs + 2000 + (request.extraTimeoutMs ?? 0),
      });
    } catch (e) {
      throw new LeaderUnreachableError(node, e instanceof Error ? e.message : String(e));
    }
    const servedBy = res.headers['x-served-by'];
    const headers: Record<string, string> = { 'x-served-by': typeof servedBy === 'string' ? servedBy : node };
    const retryAfter = res.headers['retry-after'];
    if (typeof retryAfter === 'string') headers['retry-after'] = retryAfter;
    let body: unknown;
    try {
      body = res.text === '' ? undefined : (JSON.parse(res.text) as unknown);
    } catch {
      throw new LeaderUnreachableError(node, `answered ${res.status} with a body that is not JSON`);
    }
    return { status: res.status, body, headers };
  }
}

/** The leader a 503 not_leader answer names, if any. */
function leaderHint(answer: QueueAnswer): NodeId | null {
  if (answer.status !== 503 || typeof answer.body !== 'object' || answer.body === null) return null;
  const b = answer.body as Record<string, unknown>;
  return b.error === 'not_leader' && typeof b.leader === 'string' ? b.leader : null;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
