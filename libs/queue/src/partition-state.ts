import { assertNever } from '@app/core';
import { AckCommand, DeliverCommand, NackCommand, ProduceCommand, QueueCommand, ReleaseDeadLettersCommand } from './commands';
import { ExpiringMap } from './expiring-map';
import { DEFAULT_QUEUE_CONFIG, QueueConfig } from './queue-config';
import { ReadyQueue } from './ready-queue';
import { DeadLetter, Delivery, PartitionStats, QueueResult } from './results';
import { IdempotencyEntry, PartitionSnapshot, RetiredToken, SnapshotMessage } from './snapshot';

interface StoredMessage {
  readonly id: string;
  readonly seq: number;
  readonly data: string;
  readonly producedAt: number;
  deliveryCount: number;
  /** Receipts handed out, oldest first; only the last one can ack or nack. */
  readonly tokens: string[];
  inFlight?: { consumer: string; visibleAt: number };
}

/**
 * One queue partition, applied from its Raft log. Every replica applies the same commands in the
 * same order and so holds the same messages, deliveries and deadlines; a new leader therefore
 * knows every in-flight delivery.
 *
 * Semantics: FIFO by sequence number for first deliveries; at-least-once (a delivery not acked
 * before its visibility deadline becomes visible again, ahead of newer messages); after
 * `maxDeliveries` deliveries a message that comes back goes to the dead letters instead. A receipt
 * stays valid until its message is delivered again; after that it answers `conflict`.
 */
export class PartitionState {
  private nextSeq = 0;
  private readonly messages = new Map<number, StoredMessage>();
  private readonly seqById = new Map<string, number>();
  private readonly seqByToken = new Map<string, number>();
  private readonly inFlight = new Set<number>();
  private readonly ready = new ReadyQueue();
  private readonly retired = new ExpiringMap<RetiredToken>();
  private readonly idempotency = new ExpiringMap<IdempotencyEntry>();
  private readonly deadLetters = new Map<string, DeadLetter>();

  constructor(readonly config: QueueConfig = DEFAULT_QUEUE_CONFIG) {}

  apply(command: QueueCommand): QueueResult {
    if (!Number.isFinite(command.now)) return { type: 'rejected', reason: 'now must be a finite number' };
    this.retired.prune(command.now);
    this.idempotency.prune(command.now);
    switch (command.type) {
      case 'produce':
        return this.produce(command);
      case 'deliver':
        return this.deliver(command);
      case 'ack':
        return this.ack(command);
      case 'nack':
        return this.nack(command);
      case 'expireVisibility': {
        const { returned, deadLettered } = this.expire(command.now);
        return { type: 'expired', returned, deadLettered };
      }
      case 'releaseDeadLetters':
        return this.release(command);
      default:
        return assertNever(command, 'queue command');
    }
  }

  stats(): PartitionStats {
    return { depth: this.ready.size, inFlight: this.inFlight.size, deadLetters: this.deadLetters.size, nextSeq: this.nextSeq };
  }

  /** Dead letters not yet released, oldest first. */
  pendingDeadLetters(): DeadLetter[] {
    return [...this.deadLetters.values()];
  }

  /** The earliest visibility deadline in flight: when the leader should propose expireVisibility. */
  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const seq of this.inFlight) {
      const at = this.messages.get(seq)?.inFlight?.visibleAt;
      if (at !== undefined && (min === undefined || at < min)) min = at;
    }
    return min;
  }

  private produce(c: ProduceCommand): QueueResult {
    if (typeof c.id !== 'string' || c.id === '') return { type: 'rejected', reason: 'id must be a non-empty string' };
    if (typeof c.data !== 'string') return { type: 'rejected', reason: 'data must be a string' };
    const existing = this.seqById.get(c.id);
    if (existing !== undefined) return { type: 'produced', messageId: c.id, seq: existing, duplicate: true };
    if (c.idempotencyKey !== undefined) {
      const seen = this.idempotency.get(c.idempotencyKey, c.now);
      if (seen !== undefined) return { type: 'produced', messageId: seen.messageId, seq: seen.seq, duplicate: true };
    }
    const seq = this.nextSeq++;
    this.messages.set(seq, { id: c.id, seq, data: c.data, producedAt: c.now, deliveryCount: 0, tokens: [] });
    this.seqById.set(c.id, seq);
    this.ready.pushNew(seq);
    if (c.idempotencyKey !== undefined) {
      this.idempotency.set(c.idempotencyKey, { messageId: c.id, seq, until: c.now + this.config.dedupeWindowMs });
    }
    return { type: 'produced', messageId: c.id, seq, duplicate: false };
  }

  private deliver(c: DeliverCommand): QueueResult {
    if (!Number.isInteger(c.max) || c.max < 1) return { type: 'rejected', reason: 'max must be a positive integer' };
    if (!Number.isFinite(c.visibilityMs) || c.visibilityMs < 0) return { type: 'rejected', reason: 'visibilityMs must be >= 0' };
    if (new Set(c.receipts).size !== c.receipts.length) return { type: 'rejected', reason: 'receipts must be distinct' };
    if (c.receipts.some((r) => r === '' || this.seqByToken.has(r) || this.retired.has(r))) {
      return { type: 'rejected', reason: 'receipt already in use' };
    }
    // Deadlines that passed make messages visible to this very consumer, even if no
    // expireVisibility command was proposed in between.
    const { deadLettered } = this.expire(c.now);
    const deliveries: Delivery[] = [];
    const count = Math.min(c.max, c.receipts.length);
    while (deliveries.length < count) {
      const seq = this.ready.shift();
      if (seq === undefined) break;
      const m = this.mustGet(seq);
      const ackToken = c.receipts[deliveries.length];
      m.deliveryCount++;
      m.tokens.push(ackToken);
      m.inFlight = { consumer: c.consumer, visibleAt: c.now + c.visibilityMs };
      this.inFlight.add(seq);
      this.seqByToken.set(ackToken, seq);
      deliveries.push({ messageId: m.id, seq, data: m.data, ackToken, deliveryCount: m.deliveryCount, visibleAt: m.inFlight.visibleAt });
    }
    return { type: 'delivered', deliveries, deadLettered };
  }

  private ack(c: AckCommand): QueueResult {
    const seq = this.seqByToken.get(c.ackToken);
    if (seq === undefined) return this.answerRetired(c.ackToken, c.now);
    const m = this.mustGet(seq);
    if (m.tokens[m.tokens.length - 1] !== c.ackToken) return { type: 'conflict', messageId: m.id, reason: 'redelivered' };
    // Valid even after the deadline passed, as long as no one else got the message since.
    if (m.inFlight === undefined) this.ready.remove(seq);
    this.forget(m, { messageId: m.id, outcome: 'acked', ackedWith: c.ackToken, until: c.now + this.config.dedupeWindowMs });
    return { type: 'acked', messageId: m.id, duplicate: false };
  }

  private nack(c: NackCommand): QueueResult {
    const seq = this.seqByToken.get(c.ackToken);
    if (seq === undefined) {
      const answer = this.answerRetired(c.ackToken, c.now);
      return answer.type === 'acked' ? { type: 'conflict', messageId: answer.messageId, reason: 'acked' } : answer;
    }
    const m = this.mustGet(seq);
    if (m.tokens[m.tokens.length - 1] !== c.ackToken) return { type: 'conflict', messageId: m.id, reason: 'redelivered' };
    if (m.inFlight === undefined) return { type: 'nacked', messageId: m.id, deadLettered: false };
    const dead = this.endDelivery(m, c.now);
    return { type: 'nacked', messageId: m.id, deadLettered: dead !== undefined };
  }

  private release(c: ReleaseDeadLettersCommand): QueueResult {
    let count = 0;
    for (const id of c.ids) if (this.deadLetters.delete(id)) count++;
    return { type: 'released', count };
  }

  /** Every in-flight message whose deadline is at or before now comes back (or dies), in seq order. */
  private expire(now: number): { returned: string[]; deadLettered: DeadLetter[] } {
    const due = [...this.inFlight].filter((seq) => (this.mustGet(seq).inFlight?.visibleAt ?? Infinity) <= now).sort((a, b) => a - b);
    const returned: string[] = [];
    const deadLettered: DeadLetter[] = [];
    for (const seq of due) {
      const m = this.mustGet(seq);
      const dead = this.endDelivery(m, now);
      if (dead === undefined) returned.push(m.id);
      else deadLettered.push(dead);
    }
    return { returned, deadLettered };
  }

  /** Ends a message's current delivery: visible again, or dead when it used up its deliveries. */
  private endDelivery(m: StoredMessage, now: number): DeadLetter | undefined {
    m.inFlight = undefined;
    this.inFlight.delete(m.seq);
    if (m.deliveryCount < this.config.maxDeliveries) {
      this.ready.pushReturned(m.seq);
      return undefined;
    }
    const dead: DeadLetter = { messageId: m.id, seq: m.seq, data: m.data, deliveryCount: m.deliveryCount, producedAt: m.producedAt, deadAt: now };
    this.deadLetters.set(m.id, dead);
    this.forget(m, { messageId: m.id, outcome: 'dead-lettered', until: now + this.config.dedupeWindowMs });
    return dead;
  }

  /** Removes a message that left the partition; its receipts are remembered for the window. */
  private forget(m: StoredMessage, retired: RetiredToken): void {
    this.messages.delete(m.seq);
    this.seqById.delete(m.id);
    this.inFlight.delete(m.seq);
    for (const t of m.tokens) {
      this.seqByToken.delete(t);
      this.retired.set(t, t === retired.ackedWith ? retired : { messageId: retired.messageId, outcome: retired.outcome, until: retired.until });
    }
  }

  private answerRetired(token: string, now: number): QueueResult & { type: 'acked' | 'conflict' | 'notFound' } {
    const r = this.retired.get(token, now);
    if (r === undefined) return { type: 'notFound' };
    if (r.outcome === 'acked' && r.ackedWith === token) return { type: 'acked', messageId: r.messageId, duplicate: true };
    return { type: 'conflict', messageId: r.messageId, reason: r.outcome === 'acked' ? 'acked' : 'dead-lettered' };
  }

  private mustGet(seq: number): StoredMessage {
    const m = this.messages.get(seq);
    if (m === undefined) throw new Error(`partition state broken: no message with seq ${seq}`);
    return m;
  }

  snapshot(): PartitionSnapshot {
    const messages: SnapshotMessage[] = [...this.messages.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((m) => ({
        id: m.id,
        seq: m.seq,
        data: m.data,
        producedAt: m.producedAt,
        deliveryCount: m.deliveryCount,
        tokens: [...m.tokens],
        ...(m.inFlight ? { inFlight: { ...m.inFlight } } : {}),
      }));
    return {
      version: 1,
      nextSeq: this.nextSeq,
      messages,
      retiredTokens: this.retired.toEntries().map(([k, v]) => [k, { ...v }] as const),
      idempotency: this.idempotency.toEntries().map(([k, v]) => [k, { ...v }] as const),
      deadLetters: [...this.deadLetters.values()].map((d) => ({ ...d })),
    };
  }

  static restore(snapshot: PartitionSnapshot, config: QueueConfig = DEFAULT_QUEUE_CONFIG): PartitionState {
    if (snapshot.version !== 1) throw new Error(`unknown partition snapshot version ${String(snapshot.version)}`);
    const s = new PartitionState(config);
    s.nextSeq = snapshot.nextSeq;
    for (const m of snapshot.messages) {
      const stored: StoredMessage = {
        id: m.id,
        seq: m.seq,
        data: m.data,
        producedAt: m.producedAt,
        deliveryCount: m.deliveryCount,
        tokens: [...m.tokens],
        ...(m.inFlight ? { inFlight: { ...m.inFlight } } : {}),
      };
      s.messages.set(m.seq, stored);
      s.seqById.set(m.id, m.seq);
      for (const t of m.tokens) s.seqByToken.set(t, m.seq);
      // Messages are in seq order, so the visible ones enter the FIFO in order.
      if (stored.inFlight) s.inFlight.add(m.seq);
      else s.ready.pushNew(m.seq);
    }
    for (const [k, v] of snapshot.retiredTokens) s.retired.set(k, { ...v });
    for (const [k, v] of snapshot.idempotency) s.idempotency.set(k, { ...v });
    for (const d of snapshot.deadLetters) s.deadLetters.set(d.messageId, { ...d });
    return s;
  }
}
