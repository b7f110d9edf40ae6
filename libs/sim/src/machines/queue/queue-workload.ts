import { NodeId, SeededRandom } from '@app/core';
import { NodeClocks } from '../node-clocks';
import { encodeQueueEntry, QueueCommand, QueueConfig, QueuePartitionMachine, QueueResult } from '@app/queue';
import { Cluster, SubmitOutcome } from '../../cluster';
import { exponential } from '../../draws';
import { InvariantViolation } from '../../invariant-violation';
import { DiskReplacement } from '../../scenarios/disk-replacement';
import { Workload } from '../../workload';
import { QueueRaftChecker } from './queue-raft-checker';

export interface QueueWorkloadShape {
  queues: string[];
  producers: number;
  consumers: number;
  produceThinkMs: number;
  consumeThinkMs: number;
  timeoutMs: number;
  clockSkewMs: number;
  config: QueueConfig;
  /** Replace (wipe) a voter's disk through remove + re-add now and then. */
  diskReplacement: boolean;
  /** UNSAFE: the wiped voter is re-added under its old id (the catches-bugs spec shows what goes wrong). */
  rejoinWithSameIdentity?: boolean;
}

export const DEFAULT_QUEUE_SHAPE: QueueWorkloadShape = {
  queues: ['q1', 'q2'],
  producers: 2,
  consumers: 2,
  produceThinkMs: 35,
  consumeThinkMs: 40,
  timeoutMs: 500,
  clockSkewMs: 30,
  config: { maxDeliveries: 3, dedupeWindowMs: 60_000 },
  diskReplacement: true,
};

/** One client with one outstanding command, re-sent (after a back-off) until it is answered. */
class Client {
  op: { queue: string; build: (now: number) => QueueCommand; onAnswer: (r: QueueResult) => void } | null = null;
  attempt = 0;
  failures = 0;
  leaderHint: NodeId | null = null;
  seq = 0;
  /** A consumer's deliveries still to settle (ack / nack / let time out). */
  readonly todo: { queue: string; token: string; action: 'ack' | 'nack' | 'abandon' }[] = [];

  constructor(readonly id: string) {}
}

/**
 * Producers and consumers of one Raft-replicated queue partition (a real QueuePartitionMachine on
 * every node). Producers retry with a fresh id and, mostly, the same idempotency key (as a retry
 * through another node would); consumers deliver in batches, then ack, nack or abandon (visibility
 * timeout); the leader proposes expireVisibility and releases dead letters. The liveness phase
 * drains everything and checks every acknowledged produce was delivered and settled.
 */
export class QueueWorkload implements Workload {
  readonly checker = new QueueRaftChecker();
  readonly disks: DiskReplacement | null;
  private readonly producers: Client[] = [];
  private readonly consumers: Client[] = [];
  private readonly clocks: NodeClocks;
  private readonly dutyAt = new Map<string, number>();
  /** Message ids whose produce a producer was answered for. */
  private readonly acknowledged = new Set<string>();
  private draining = false;
  private readonly counts: Record<string, number> = { produceAcks: 0, produceDuplicates: 0, delivered: 0, acks: 0, nacks: 0, abandoned: 0, conflicts: 0, retries: 0 };

  constructor(
    private readonly cluster: Cluster,
    private readonly random: SeededRandom,
    private readonly shape: QueueWorkloadShape = DEFAULT_QUEUE_SHAPE,
  ) {
    for (let i = 1; i <= shape.producers; i++) this.producers.push(new Client(`p${i}`));
    for (let i = 1; i <= shape.consumers; i++) this.consumers.push(new Client(`k${i}`));
    this.clocks = new NodeClocks(cluster.nodeIds, random, shape.clockSkewMs);
    cluster.observeApplies(this.checker);
    this.disks = shape.diskReplacement ? new DiskReplacement(cluster, random.fork(), 700, shape.rejoinWithSameIdentity ?? false) : null;
  }

  start(): void {
    for (const p of this.producers) this.later(p, 1 + this.random.int(50), () => this.produce(p));
    for (const k of this.consumers) this.later(k, 1 + this.random.int(50), () => this.consume(k));
    this.disks?.start();
    this.duty();
  }

  drain(): void {
    this.draining = true;
    this.disks?.finish();
  }

  drained(): boolean {
    if ([...this.producers, ...this.consumers].some((c) => c.op !== null || c.todo.length > 0)) return false;
    if (this.disks && !this.disks.idle) return false;
    for (const id of this.acknowledged) if (!this.checker.ended.has(id)) return false;
    const lead = this.cluster.leader();
    return lead !== undefined && this.empty(this.cluster.node(lead.id).machine);
  }

  finalCheck(): void {
    for (const id of this.acknowledged) {
      if (!this.checker.firstDelivered.has(id)) throw new InvariantViolation('queue', `acknowledged produce ${id} was never delivered`);
    }
    const lead = this.cluster.leader();
    if (!lead) return;
    const members = [...lead.status.conf.voters, ...lead.status.conf.learners].map((id) => this.cluster.node(id)).filter((n) => n.alive);
    this.checker.sameStates(members);
  }

  pending(): string {
    const open = [...this.acknowledged].filter((id) => !this.checker.ended.has(id));
    const busy = [...this.producers, ...this.consumers].filter((c) => c.op !== null || c.todo.length > 0).map((c) => c.id);
    const lead = this.cluster.leader();
    const stats = lead && this.cluster.node(lead.id).machine instanceof QueuePartitionMachine ? this.shape.queues.map((q) => `${q}=${JSON.stringify((this.cluster.node(lead.id).machine as QueuePartitionMachine).stats(q))}`) : [];
    return `unsettled acked produces ${open.length} (${open.slice(0, 5).join(',')}); busy clients ${busy.join(',')}; disks ${this.disks?.describe() ?? '-'}; ${stats.join(' ')}`;
  }

  stats(): Record<string, number> {
    const c = this.checker;
    return { ...this.counts, deliveries: c.deliveries, redeliveries: c.redeliveries, deadLettered: c.deadLettered, diskReplacements: this.disks?.replacements ?? 0 };
  }

  // ---- producers -------------------------------------------------------------------------------

  private produce(p: Client): void {
    if (this.draining) return;
    const queue = this.pick(this.shape.queues);
    const key = `${p.id}-m${++p.seq}`;
    const withKey = this.random.chance(0.7);
    let attempt = 0;
    const data = JSON.stringify({ key });
    p.op = {
      queue,
      build: (now) => {
        // A retry through another node gets a new id; only the idempotency key ties the attempts together.
        const id = `${key}.${attempt++}`;
        this.checker.produced.set(id, data);
        return { type: 'produce', id, data, ...(withKey ? { idempotencyKey: key } : {}), now };
      },
      onAnswer: (r) => {
        if (r.type !== 'produced') throw new InvariantViolation('queue client', `${p.id}: produce answered ${JSON.stringify(r)}`);
        this.counts.produceAcks++;
        if (r.duplicate) this.counts.produceDuplicates++;
        this.acknowledged.add(r.messageId);
        this.later(p, exponential(this.random, this.shape.produceThinkMs), () => this.produce(p));
      },
    };
    this.send(p);
  }

  // ---- consumers -------------------------------------------------------------------------------

  private consume(k: Client): void {
    const next = k.todo.shift();
    if (next) {
      this.settle(k, next);
      return;
    }
    if (this.draining && !this.somethingToConsume()) {
      this.later(k, 20, () => this.consume(k));
      return;
    }
    const queue = this.pick(this.shape.queues);
    const max = 1 + this.random.int(3);
    const visibilityMs = 80 + this.random.int(500);
    k.op = {
      queue,
      build: (now) => {
        const batch = ++k.seq;
        return { type: 'deliver', consumer: k.id, max, visibilityMs, now, receipts: Array.from({ length: max }, (_, i) => `${k.id}-t${batch}-${i}`) };
      },
      onAnswer: (r) => {
        if (r.type !== 'delivered') throw new InvariantViolation('queue client', `${k.id}: deliver answered ${JSON.stringify(r)}`);
        for (const d of r.deliveries) {
          this.counts.delivered++;
          const roll = this.random.next();
          const action = this.draining || roll < 0.65 ? 'ack' : roll < 0.82 ? 'nack' : 'abandon';
          k.todo.push({ queue, token: d.ackToken, action });
        }
        this.later(k, exponential(this.random, this.shape.consumeThinkMs), () => this.consume(k));
      },
    };
    this.send(k);
  }

  private settle(k: Client, item: { queue: string; token: string; action: 'ack' | 'nack' | 'abandon' }): void {
    const action = item.action;
    if (action === 'abandon') {
      this.counts.abandoned++;
      this.later(k, 1, () => this.consume(k));
      return;
    }
    k.op = {
      queue: item.queue,
      build: (now) => ({ type: action, ackToken: item.token, now }),
      onAnswer: (r) => {
        if (r.type === 'acked') this.counts.acks++;
        else if (r.type === 'nacked') this.counts.nacks++;
        else if (r.type === 'conflict') this.counts.conflicts++;
        else throw new InvariantViolation('queue client', `${k.id}: ${item.action} of ${item.token} answered ${JSON.stringify(r)}`);
        this.later(k, 1 + this.random.int(10), () => this.consume(k));
      },
    };
    this.send(k);
  }

  private somethingToConsume(): boolean {
    const lead = this.cluster.leader();
    return lead === undefined || !this.empty(this.cluster.node(lead.id).machine);
  }

  private empty(machine: unknown): boolean {
    if (!(machine instanceof QueuePartitionMachine)) return false;
    return this.shape.queues.every((q) => {
      const s = machine.stats(q);
      return s.depth === 0 && s.inFlight === 0 && s.deadLetters === 0;
    });
  }

  // ---- sending -----------------------------------------------------------------------------

  private send(c: Client): void {
    const op = c.op;
    if (op === null) return;
    const attempt = ++c.attempt;
    const alive = this.cluster.aliveIds();
    if (alive.length === 0) {
      this.retry(c, 20);
      return;
    }
    const hinted = c.leaderHint !== null && this.cluster.nodes.get(c.leaderHint)?.alive ? c.leaderHint : null;
    const target = hinted ?? this.pick(alive);
    const command = op.build(this.clockOf(target));
    this.cluster.submit(target, encodeQueueEntry({ queue: op.queue, command, ...(command.type === 'produce' ? { config: this.shape.config } : {}) }), (o) => this.answered(c, attempt, o));
    this.cluster.schedule(this.shape.timeoutMs, `queue client ${c.id} timeout?`, () => {
      if (c.attempt === attempt && c.op !== null) this.retry(c, 0);
    });
  }

  private retry(c: Client, delayMs: number): void {
    this.counts.retries++;
    c.attempt++;
    this.cluster.schedule(delayMs, `queue client ${c.id} retry`, () => this.send(c));
  }

  private answered(c: Client, attempt: number, outcome: SubmitOutcome): void {
    const op = c.op;
    if (c.attempt !== attempt || op === null) return;
    if (outcome.kind !== 'applied') {
      c.leaderHint = outcome.kind === 'refused' ? outcome.leader : null;
      const backoff = outcome.kind === 'refused' && outcome.leader !== null && c.failures === 0 ? 1 : Math.min(160, 5 << Math.min(c.failures, 5));
      c.failures++;
      this.retry(c, backoff + this.random.int(10));
      return;
    }
    c.failures = 0;
    c.leaderHint = outcome.node;
    c.op = null;
    op.onAnswer(outcome.result as QueueResult);
  }

  private later(c: Client, delayMs: number, run: () => void): void {
    this.cluster.schedule(1 + delayMs, `queue client ${c.id}`, run);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.random.int(items.length)];
  }

  private clockOf(node: NodeId): number {
    return this.clocks.at(node, this.cluster.now);
  }

  /** The partition leader's duties, as in the node app: expire visibility deadlines, release dead letters. */
  private duty(): void {
    this.cluster.schedule(20, 'queue duty', () => {
      this.duty();
      const lead = this.cluster.leader();
      if (!lead) return;
      const machine = this.cluster.node(lead.id).machine;
      if (!(machine instanceof QueuePartitionMachine)) return;
      const now = this.clockOf(lead.id);
      const due = machine.dueWork(now);
      for (const queue of due.expire) this.dutyCommand(lead.id, `expire ${queue}`, queue, { type: 'expireVisibility', now });
      for (const queue of due.deadLetters) {
        const ids = machine.pendingDeadLetters(queue).map((d) => d.messageId);
        this.dutyCommand(lead.id, `dlq ${queue}`, queue, { type: 'releaseDeadLetters', ids, now });
      }
    });
  }

  private dutyCommand(leader: NodeId, key: string, queue: string, command: QueueCommand): void {
    if (this.cluster.now - (this.dutyAt.get(key) ?? -Infinity) < 200) return;
    this.dutyAt.set(key, this.cluster.now);
    this.cluster.submit(leader, encodeQueueEntry({ queue, command }), () => this.dutyAt.delete(key));
  }
}
