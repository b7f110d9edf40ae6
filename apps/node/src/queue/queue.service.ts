import { Clock } from '@app/core';
import { DeadLetter, QueueCommand, QueueResult } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { NotLeaderError, ProposalFailedError } from '../consensus/consensus-errors';
import { deliveryJson, settleAnswer, statsJson } from './queue-answers';
import { QUEUE_CLOCK } from './queue-clock';
import { encodeQueueEntry } from './queue-command';
import { QueueAnswer } from './queue-forwarder.service';
import { deadLetterQueueOf } from './queue-names';
import { HostedPartition, QueuePartitions } from './queue-partitions.service';
import { QueueWaiters } from './queue-waiters';

export interface ProduceInput {
  queue: string;
  /** The produced JSON value, as JSON text. */
  data: string;
  idempotencyKey?: string;
  /** Set when the leader duty moves a dead letter: dedupes the move across retries and failovers. */
  deadLetterOf?: string;
}

export interface ConsumeInput {
  queue: string;
  consumer: string;
  max: number;
  /** True when the client asked for a batch (`max` > 1): the answer is `{messages: [...]}`. */
  batch: boolean;
  waitMs: number;
  visibilityMs: number;
}

/**
 * The queue operations, run on the partition's Raft leader. Each one stamps `now` (and fresh ids)
 * into a command, proposes it to the partition group and answers from the applied result, so an
 * answer is given only after the command is committed on a majority of the replicas (each
 * fsynced) and applied here. Followers throw NotLeaderError; the QueueForwarder replays the
 * request on the leader.
 */
@Injectable()
export class QueueService {
  /** Messages that deliver proposals in flight went for, per "<partition>:<queue>". */
  private readonly claimed = new Map<string, number>();
  private stopping = false;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly partitions: QueuePartitions,
    @Inject(QUEUE_CLOCK) private readonly clock: Clock,
  ) {}

  async produce(p: HostedPartition, input: ProduceInput): Promise<QueueAnswer> {
    // User keys and dead-letter moves get separate key spaces, so neither can shadow the other.
    const idempotencyKey = input.deadLetterOf !== undefined ? `dlq:${input.deadLetterOf}` : input.idempotencyKey !== undefined ? `key:${input.idempotencyKey}` : undefined;
    const command: QueueCommand = { type: 'produce', id: randomUUID(), data: input.data, now: this.clock.now(), ...(idempotencyKey === undefined ? {} : { idempotencyKey }) };
    const { result, index, term } = await this.propose(p, input.queue, command);
    if (result.type !== 'produced') throw unexpected(result);
    return {
      status: 201,
      body: { message_id: result.messageId, queue: input.queue, partition: p.info.index, offset: result.seq, index, term, duplicate: result.duplicate, node: this.config.nodeId, leader: this.config.nodeId },
    };
  }

  /**
   * Delivers up to `max` messages. When the queue looks empty the leader first confirms its view
   * with a read barrier (a new leader may not have applied everything yet), then long-polls until
   * a produce, nack or visibility expiry changes the queue, or wait_ms ends (204).
   */
  async consume(p: HostedPartition, input: ConsumeInput): Promise<QueueAnswer> {
    const key = QueueWaiters.key(p.info.index, input.queue);
    const deadline = this.clock.now() + input.waitMs;
    let confirmedEmpty = false;
    for (;;) {
      if (this.stopping) throw new ProposalFailedError('stopped', 'node is shutting down');
      this.requireLeader(p);
      const claim = this.claim(key, p, input);
      if (claim > 0) {
        const receipts = Array.from({ length: input.max }, () => randomUUID());
        const command: QueueCommand = { type: 'deliver', consumer: input.consumer, max: input.max, visibilityMs: input.visibilityMs, now: this.clock.now(), receipts };
        let result: QueueResult;
        try {
          result = (await this.propose(p, input.queue, command)).result;
        } finally {
          this.unclaim(key, claim);
        }
        if (result.type !== 'delivered') throw unexpected(result);
        // Got fewer than claimed: long polls that stood back for this claim look again.
        if (result.deliveries.length < claim) this.partitions.waiters.notify(key);
        if (result.deliveries.length > 0) {
          const messages = result.deliveries.map((d) => deliveryJson(input.queue, p.info.index, d));
          return { status: 200, body: input.batch ? { queue: input.queue, partition: p.info.index, count: messages.length, messages } : messages[0] };
        }
      } else if (!confirmedEmpty && !p.machine.hasDeliverable(input.queue, this.clock.now())) {
        confirmedEmpty = true;
        await p.group.readBarrier();
        continue;
      }
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) return { status: 204 };
      const next = p.machine.nextDeadline(input.queue);
      const sleep = next === undefined ? remaining : Math.min(remaining, Math.max(1, next - this.clock.now()));
      if (this.stopping) continue;
      await this.partitions.waiters.wait(key, sleep);
    }
  }

  /**
   * How many messages this consumer may go for: what looks deliverable minus what deliver
   * proposals already in flight went for. Without it, every long poll woken by one produce would
   * propose a deliver, and all but one would write an empty delivery to the log.
   */
  private claim(key: string, p: HostedPartition, input: ConsumeInput): number {
    const now = this.clock.now();
    const deadline = p.machine.nextDeadline(input.queue);
    const available = p.machine.stats(input.queue).depth + (deadline !== undefined && deadline <= now ? 1 : 0) - (this.claimed.get(key) ?? 0);
    const claim = Math.min(input.max, available);
    if (claim > 0) this.claimed.set(key, (this.claimed.get(key) ?? 0) + claim);
    return Math.max(0, claim);
  }

  private unclaim(key: string, n: number): void {
    const left = (this.claimed.get(key) ?? 0) - n;
    if (left > 0) this.claimed.set(key, left);
    else this.claimed.delete(key);
  }

  /** Shutdown: long polls answer 503 at once instead of holding the HTTP server open. */
  shutdown(): void {
    this.stopping = true;
    this.partitions.waiters.notifyAll();
  }

  async settle(p: HostedPartition, queue: string, type: 'ack' | 'nack', ackToken: string): Promise<QueueAnswer> {
    const { result, term } = await this.propose(p, queue, { type, ackToken, now: this.clock.now() });
    return settleAnswer(queue, result, { node: this.config.nodeId, term });
  }

  /** Linearizable stats of a queue, read on the partition leader after a read barrier. */
  async stats(p: HostedPartition, queue: string): Promise<QueueAnswer> {
    this.requireLeader(p);
    const readIndex = await p.group.readBarrier();
    const status = p.group.status();
    return {
      status: 200,
      body: {
        queue,
        exists: p.machine.names().includes(queue),
        ...statsJson(p.machine.stats(queue)),
        dead_letter_queue: deadLetterQueueOf(queue),
        partitions: [{ partition: p.info.index, group: p.info.group, replicas: p.info.replicas, leader: status.leader, term: status.term, commit_index: status.commit }],
        read_index: readIndex,
        node: this.config.nodeId,
      },
    };
  }

  /** This node's applied view of the partitions it hosts (possibly stale on followers). */
  localView(): Record<string, unknown>[] {
    return this.partitions.allLocal().map((p) => {
      const s = p.group.status();
      return {
        partition: p.info.index,
        group: p.info.group,
        replicas: p.info.replicas,
        leader: s.leader,
        role: s.role,
        term: s.term,
        applied_index: p.group.appliedIndex,
        queues: p.machine.names().map((name) => ({ name, ...statsJson(p.machine.stats(name)) })),
      };
    });
  }

  /** Leader duty: proposes expireVisibility for a queue whose deadline passed. */
  async expire(p: HostedPartition, queue: string): Promise<void> {
    await this.propose(p, queue, { type: 'expireVisibility', now: this.clock.now() });
  }

  /** Leader duty: after the dead letters were produced into `<queue>.dlq`, forget them here. */
  async releaseDeadLetters(p: HostedPartition, queue: string, letters: DeadLetter[]): Promise<void> {
    await this.propose(p, queue, { type: 'releaseDeadLetters', ids: letters.map((d) => d.messageId), now: this.clock.now() });
  }

  private requireLeader(p: HostedPartition): void {
    const s = p.group.status();
    if (s.role !== 'leader') throw new NotLeaderError(s.leader);
  }

  private async propose(p: HostedPartition, queue: string, command: QueueCommand): Promise<{ result: QueueResult; index: number; term: number }> {
    const { maxDeliveries, dedupeWindowMs } = this.config.queue;
    const entry = encodeQueueEntry({ queue, command, ...(command.type === 'produce' ? { config: { maxDeliveries, dedupeWindowMs } } : {}) });
    const outcome = await p.group.propose(entry);
    return { result: outcome.result as QueueResult, index: outcome.index, term: outcome.term };
  }
}

function unexpected(r: QueueResult): Error {
  return new Error(`queue command not applied as expected: ${r.type === 'rejected' ? r.reason : r.type}`);
}
